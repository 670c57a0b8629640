#!/bin/sh
# Creates Temporal's two PostgreSQL databases (temporal, temporal_visibility) and
# brings their schemas up to the version of the admin-tools image, which matches
# the server image of docker-compose.yml. Idempotent: an existing database is
# kept, and update-schema applies only the versions it lacks.
#
# The connection comes from temporal-sql-tool's variables: SQL_PLUGIN, SQL_HOST,
# SQL_PORT, SQL_USER, SQL_PASSWORD.
set -eu

: "${SQL_PLUGIN:=postgres12}"
: "${SQL_HOST:=postgresql}"
: "${SQL_PORT:=5432}"
export SQL_PLUGIN SQL_HOST SQL_PORT
SCHEMA_DIR=${SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}

echo "waiting for PostgreSQL at $SQL_HOST:$SQL_PORT"
tries=0
until nc -z -w 2 "$SQL_HOST" "$SQL_PORT"; do
	tries=$((tries + 1))
	if [ "$tries" -ge 60 ]; then
		echo "PostgreSQL at $SQL_HOST:$SQL_PORT did not answer" >&2
		exit 1
	fi
	sleep 2
done

for db in temporal:temporal temporal_visibility:visibility; do
	name=${db%%:*}
	dir=$SCHEMA_DIR/${db#*:}/versioned
	echo "schema of $name from $dir"
	temporal-sql-tool --db "$name" create-database
	temporal-sql-tool --db "$name" setup-schema -v 0.0
	temporal-sql-tool --db "$name" update-schema -d "$dir"
done
echo "Temporal's schemas are up to date"
