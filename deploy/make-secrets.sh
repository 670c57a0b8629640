#!/bin/sh
# Prints every secret docker-compose.yml requires, fresh and random, as a .env
# file (Compose reads .env beside docker-compose.yml). Run it once:
#
#   sh deploy/make-secrets.sh > .env
#
# The values are single-quoted, so a shell reads the same file too (the
# cluster shape without Docker, README.md): set -a; . ./.env; set +a
#
# Keep .env out of version control. docker-compose.yml has no default for any
# of them: `docker compose up` refuses to start without them, naming the
# first one missing. deploy/README.md ("Secrets") says who uses each.
set -eu

# hex32: 32 random bytes in hex (64 characters).
hex32() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }
# b64_32: 32 random bytes in standard base64 (an AES-256 payload key).
b64_32() { head -c 32 /dev/urandom | base64 | tr -d '\n'; }

# The parties that sign webhooks, each with its own key: the providers of
# testsuite/scenarios and of the network model, the repairer the tows go to,
# the warranty manager of the built-in programs (the simulator plays them all).
PARTIES="res-assistance byd-assistance leaseco-assistance mutual-assistance stellantis-assistance authorised_repairer opteven"

keys=""
for party in $PARTIES; do
	keys="${keys:+$keys;}$party=k1:$(hex32)"
done

echo "# Secrets of docker-compose.yml, made by deploy/make-secrets.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ)."
echo "ASSISTANCE_WEBHOOK_KEYS='$keys'"
echo "ASSISTANCE_LINK_KEYS='k1=$(hex32)'"
echo "ASSISTANCE_OPS_ALERTS_SECRET='$(hex32)'"
echo "ASSISTANCE_CLIENT_NOTICES_SECRET='$(hex32)'"
echo "ASSISTANCE_OWNER_NOTICES_SECRET='$(hex32)'"
echo "ASSISTANCE_PAYLOAD_KEYS='k1:$(b64_32)'"
echo "TEMPORAL_DB_PASSWORD='$(hex32)'"
