#!/usr/bin/env bash
# `npm start` on a fresh data dir must serve the demo clinic: each demo service answers oncall.
set -euo pipefail
data=$(mktemp -d)
log="$data/start.log"
# A port nothing answers on yet, so a server left over from another run cannot pass for this one.
port=3917
while curl -fsS "http://localhost:$port/health" >/dev/null 2>&1; do port=$((port + 1)); done
# Its own process group (npm → tsx → node), so the whole tree stops at exit.
PORT=$port DATA_DIR="$data" setsid npm start >"$log" 2>&1 &
pid=$!
trap 'kill -- -$pid 2>/dev/null || true; rm -rf "$data"' EXIT
# Ready when it answers /health and has printed its banner (the server listens just before printing).
for _ in $(seq 1 60); do
  curl -fsS "http://localhost:$port/health" >/dev/null 2>&1 && grep -q 'admin key:' "$log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "npm start exited"; exit 1; }
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
