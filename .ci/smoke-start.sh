#!/usr/bin/env bash
# `npm start` on a fresh data dir must serve the demo clinic: each demo service answers oncall.
set -euo pipefail
data=$(mktemp -d)
port=3917
log="$data/start.log"
PORT=$port DATA_DIR="$data" npm start >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; pkill -P $pid 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 60); do
  curl -fsS "http://localhost:$port/health" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "http://localhost:$port/health"
echo
key=$(awk '/admin key:/ {print $3}' "$log")
[ -n "$key" ] || { cat "$log"; echo "no admin key printed"; exit 1; }
for service in general adolescent addiction; do
  body=$(curl -fsS -H "Authorization: Bearer $key" "http://localhost:$port/v1/clinics/northside/services/$service/oncall")
  echo "$service: $body"
  echo "$body" | grep -q '"primary":{"clinicianId"' || { echo "no primary on call for $service"; exit 1; }
done
echo "smoke test passed"
