#!/usr/bin/env bash
# One command for a fresh machine: install, configure, migrate, seed, and run api + worker
# against the local PostgreSQL and Redis, plus a local Chatwoot stand-in (scripts/chat) while
# .env configures no real Chatwoot, so `npm run chat` can talk to the bot. Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_services
ensure_dependencies

random_hex() { node -e "console.log(require('crypto').randomBytes($1).toString('hex'))"; }

if [ ! -f .env ]; then
  log "creating .env from .env.example: random secrets, Chatwoot = the local stand-in"
  secret=$(random_hex 32)
  # base64url: no characters that sed or the shell would interpret.
  admin_password=$(node -e "console.log(require('crypto').randomBytes(18).toString('base64url'))")
  new_standin_port=$(sed -n 's/^CHATWOOT_STANDIN_PORT=//p' .env.example)
  # Database and Redis key prefix named after this clone: a second clone on the same machine
  # gets its own database and streams instead of consuming the first one's messages.
  clone=$(clone_id)
  log "this clone's database: msia_${clone}; Redis key prefix: msia:${clone}:"
  # No real Chatwoot yet: api and worker talk to the stand-in with tokens made up here. The
  # stand-in serves customer photos from loopback, which the SSRF-safe downloader refuses
  # unless 127.0.0.0/8 is allowed; the comment written into .env says to empty it later.
  sed -e "s/^ADMIN_JWT_SECRET=.*/ADMIN_JWT_SECRET=${secret}/" \
      -e "s/^ADMIN_PASSWORD=.*/ADMIN_PASSWORD=${admin_password}/" \
      -e "s|^CHATWOOT_API_URL=.*|CHATWOOT_API_URL=http://127.0.0.1:${new_standin_port:-3100}|" \
      -e "s/^CHATWOOT_API_TOKEN=.*/CHATWOOT_API_TOKEN=$(random_hex 24)/" \
      -e "s/^CHATWOOT_WEBHOOK_TOKEN=.*/CHATWOOT_WEBHOOK_TOKEN=$(random_hex 24)/" \
      -e "s|^\(DATABASE_URL=.*/\)msia$|\1msia_${clone}|" \
      -e "s/^REDIS_KEY_PREFIX=.*/REDIS_KEY_PREFIX=msia:${clone}:/" \
      -e "s|^DOWNLOAD_ALLOWED_PRIVATE_CIDRS=.*|# Loopback: only for the local Chatwoot stand-in, which serves photos from 127.0.0.1. Empty it for a real Chatwoot.\nDOWNLOAD_ALLOWED_PRIVATE_CIDRS=127.0.0.0/8|" \
      .env.example > .env
  chmod 600 .env
  log "first admin login: user 'admin', password in $(pwd)/.env (ADMIN_PASSWORD)"
fi
# What the caller exported wins over .env (PORT=8300 ./scripts/start.sh).
load_env_file .env
# API_BASE_URL left at the default follows the port the api really binds (PORT=8300 moves both).
if [ "${API_BASE_URL:-http://localhost:8000}" = "http://localhost:8000" ] && [ "${PORT:-8000}" != 8000 ]; then
  export API_BASE_URL="http://localhost:${PORT}"
  log "API_BASE_URL=${API_BASE_URL} (follows PORT)"
fi

# Local mode: .env configures no real Chatwoot (its URL is empty or the stand-in's, or there is
# no API token to call one with). Then the stand-in runs and api and worker are pointed at it.
standin_port=${CHATWOOT_STANDIN_PORT:-3100}
standin_url="http://127.0.0.1:${standin_port}"
configured_url=${CHATWOOT_API_URL:-}
configured_url=${configured_url%/}
local_chatwoot=false
case "$configured_url" in
  "" | "$standin_url" | "http://localhost:${standin_port}") local_chatwoot=true ;;
esac
[ -z "${CHATWOOT_API_TOKEN:-}" ] && local_chatwoot=true
if $local_chatwoot; then
  case "$configured_url" in
    "" | "$standin_url" | "http://localhost:${standin_port}") ;;
    *) log "CHATWOOT_API_TOKEN is empty: using the local Chatwoot stand-in instead of ${configured_url}" ;;
  esac
  export CHATWOOT_API_URL=$standin_url
  export CHATWOOT_API_TOKEN=${CHATWOOT_API_TOKEN:-$(random_hex 24)}
  export CHATWOOT_WEBHOOK_TOKEN=${CHATWOOT_WEBHOOK_TOKEN:-$(random_hex 24)}
  case ",${DOWNLOAD_ALLOWED_PRIVATE_CIDRS:-}," in
    *,127.0.0.0/8,*) ;;
    *) export DOWNLOAD_ALLOWED_PRIVATE_CIDRS="${DOWNLOAD_ALLOWED_PRIVATE_CIDRS:+${DOWNLOAD_ALLOWED_PRIVATE_CIDRS},}127.0.0.0/8" ;;
  esac
elif [[ ",${DOWNLOAD_ALLOWED_PRIVATE_CIDRS:-}," == *,127.0.0.0/8,* ]]; then
  log "warning: DOWNLOAD_ALLOWED_PRIVATE_CIDRS still allows 127.0.0.0/8 (meant for the local stand-in); empty it unless your Chatwoot serves files from this machine"
fi

# A port in use would only show up later as a crash of one of the processes: check them first.
require_free_port "${HOST:-0.0.0.0}" "${PORT:-8000}" PORT
require_free_port "${WORKER_HTTP_HOST:-0.0.0.0}" "${WORKER_HTTP_PORT:-9100}" WORKER_HTTP_PORT
if $local_chatwoot; then
  require_free_port 127.0.0.1 "$standin_port" CHATWOOT_STANDIN_PORT
fi

db_name=$(node -e "console.log(new URL(process.argv[1]).pathname.slice(1))" "$DATABASE_URL")
admin_url=$(node -e "const u=new URL(process.argv[1]); u.pathname='/postgres'; console.log(u.toString())" "$DATABASE_URL")
if ! psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname='${db_name}'" | grep -q 1; then
  log "creating database ${db_name}"
  psql "$admin_url" -qc "CREATE DATABASE \"${db_name}\""
fi

log "building"
npm run -s build
log "migrating"
node dist/apps/api/apps/api/src/cli/migrate.js up
if [ -f dist/apps/api/apps/api/src/cli/seed.js ]; then
  log "seeding"
  node dist/apps/api/apps/api/src/cli/seed.js
fi

pids=()
if $local_chatwoot; then
  log "no real Chatwoot in .env: local Chatwoot stand-in on ${standin_url}; talk to the bot with: npm run chat"
  node -r ts-node/register/transpile-only -r tsconfig-paths/register scripts/chat/standin-main.ts &
  pids+=($!)
fi
log "starting api on :${PORT:-8000} and worker on :${WORKER_HTTP_PORT:-9100}"
node dist/apps/api/apps/api/src/main.js &
pids+=($!)
node dist/apps/worker/apps/worker/src/main.js &
pids+=($!)
trap 'kill -TERM "${pids[@]}" 2>/dev/null; wait' INT TERM
# The first one to stop stops the others (set -e would otherwise leave them running).
status=0
wait -n "${pids[@]}" || status=$?
kill -TERM "${pids[@]}" 2>/dev/null || true
wait || true
exit $status
