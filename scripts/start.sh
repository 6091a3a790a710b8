#!/usr/bin/env bash
# One command for a fresh machine: install, configure, migrate, seed, and run api + worker
# against the local PostgreSQL and Redis. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_services
ensure_dependencies

if [ ! -f .env ]; then
  log "creating .env from .env.example with a random ADMIN_JWT_SECRET and ADMIN_PASSWORD"
  secret=$(node -e "console.log(require('crypto').randomBytes(32).toString('hex'))")
  # base64url: no characters that sed or the shell would interpret.
  admin_password=$(node -e "console.log(require('crypto').randomBytes(18).toString('base64url'))")
  sed -e "s/^ADMIN_JWT_SECRET=.*/ADMIN_JWT_SECRET=${secret}/" \
      -e "s/^ADMIN_PASSWORD=.*/ADMIN_PASSWORD=${admin_password}/" .env.example > .env
  chmod 600 .env
  log "first admin login: user 'admin', password in $(pwd)/.env (ADMIN_PASSWORD)"
fi
set -a; source .env; set +a

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

log "starting api on :${PORT:-8000} and worker on :${WORKER_HTTP_PORT:-9100}"
node dist/apps/api/apps/api/src/main.js &
api_pid=$!
node dist/apps/worker/apps/worker/src/main.js &
worker_pid=$!
trap 'kill -TERM $api_pid $worker_pid 2>/dev/null; wait' INT TERM
wait -n $api_pid $worker_pid
status=$?
kill -TERM $api_pid $worker_pid 2>/dev/null || true
wait || true
exit $status
