#!/bin/sh
# Registers, on the Temporal server of docker-compose.yml, the namespace and the
# custom search attributes the case workflow writes (workflows.SearchAttributes),
# then waits until the server lists every one of them with its type.
# Idempotent: an existing namespace is kept, and `temporal operator
# search-attribute create` accepts an attribute that already exists with the
# same type (it fails on a different type, which is what we want).
#
#   TEMPORAL_ADDRESS              frontend host:port (temporal:7233)
#   TEMPORAL_NAMESPACE            namespace (default)
#   TEMPORAL_NAMESPACE_RETENTION  retention of a new namespace (72h)
#   SEARCH_ATTRIBUTES             "Name=Type ..." (Type: Keyword, Bool, Int, Double, Datetime, Text, KeywordList)
set -eu

ADDRESS=${TEMPORAL_ADDRESS:-temporal:7233}
NAMESPACE=${TEMPORAL_NAMESPACE:-default}
RETENTION=${TEMPORAL_NAMESPACE_RETENTION:-72h}
: "${SEARCH_ATTRIBUTES:?set SEARCH_ATTRIBUTES to Name=Type pairs}"

# Dial the server by its IPv4 address, as Temporal's own compose files do: the
# server binds 0.0.0.0 only.
host=${ADDRESS%:*}
port=${ADDRESS##*:}
ip=$(getent ahosts "$host" 2>/dev/null | awk '$1 !~ /:/ { print $1; exit }' || true)
if [ -n "$ip" ]; then
	ADDRESS=$ip:$port
fi

# retry N SECONDS WHAT COMMAND...: runs COMMAND until it succeeds, N times at most.
retry() {
	n=$1 pause=$2 what=$3
	shift 3
	i=1
	until "$@"; do
		if [ "$i" -ge "$n" ]; then
			echo "gave up: $what" >&2
			return 1
		fi
		echo "waiting: $what ($i/$n)"
		i=$((i + 1))
		sleep "$pause"
	done
}

echo "Temporal at $ADDRESS, namespace $NAMESPACE"
retry 60 2 "the server answers" temporal operator cluster health --address "$ADDRESS"

namespace() {
	temporal operator namespace describe --address "$ADDRESS" --namespace "$NAMESPACE" >/dev/null 2>&1 ||
		temporal operator namespace create --address "$ADDRESS" --namespace "$NAMESPACE" --retention "$RETENTION" ||
		temporal operator namespace describe --address "$ADDRESS" --namespace "$NAMESPACE" >/dev/null
}
retry 30 2 "namespace $NAMESPACE" namespace

# One create for every attribute: --name N --type T, pair after pair.
set --
for sa in $SEARCH_ATTRIBUTES; do
	case $sa in
	?*=?*) set -- "$@" --name "${sa%%=*}" --type "${sa#*=}" ;;
	*)
		echo "SEARCH_ATTRIBUTES: $sa is not Name=Type" >&2
		exit 1
		;;
	esac
done
retry 30 2 "search attributes created" \
	temporal operator search-attribute create --address "$ADDRESS" --namespace "$NAMESPACE" "$@"

# listed: every attribute of SEARCH_ATTRIBUTES is listed with its type.
listed() {
	list=$(temporal operator search-attribute list --address "$ADDRESS" --namespace "$NAMESPACE") || return 1
	for sa in $SEARCH_ATTRIBUTES; do
		echo "$list" | awk -v name="${sa%%=*}" -v type="${sa#*=}" \
			'$1 == name && tolower($2) == tolower(type) { found = 1 } END { exit !found }' || {
			echo "not listed yet: $sa"
			return 1
		}
	done
}
retry 30 2 "search attributes listed" listed
echo "namespace $NAMESPACE has its search attributes: $SEARCH_ATTRIBUTES"
