#!/usr/bin/env bash
# Shared helpers for start.sh, test.sh and .ci/run.

log() { printf '\033[1m[%s]\033[0m %s\n' "$(basename "$0")" "$*"; }

# Starts the local PostgreSQL and Redis when they are installed but stopped.
ensure_services() {
  if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
      log "starting PostgreSQL"
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    fi
  fi
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    if command -v redis-server >/dev/null 2>&1; then
      log "starting Redis"
      redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
    fi
  fi
  for _ in $(seq 1 60); do
    if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null && redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.5
  done
  log "PostgreSQL or Redis is not reachable on 127.0.0.1 (5432 / 6379)"
  return 1
}

# npm ci when node_modules is missing or older than the lock file.
ensure_dependencies() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing dependencies (npm ci)"
    npm ci --no-audit --no-fund
  fi
}

# Loads a KEY=VALUE file (.env) into the environment without overriding what the caller
# exported: `PORT=8300 ./scripts/start.sh` binds 8300 whatever .env says.
load_env_file() {
  local file=$1 key
  local -A preset=()
  while IFS= read -r key; do
    if [ -n "${!key+x}" ]; then preset[$key]=${!key}; fi
  done < <(sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/\1/p' "$file")
  set -a
  # shellcheck disable=SC1090
  source "$file"
  set +a
  for key in "${!preset[@]}"; do export "$key=${preset[$key]}"; done
}

# Fails with one line naming the variable when a port is already taken on host.
require_free_port() {
  local host=$1 port=$2 variable=$3
  if ! node -e '
    const s = require("net").createServer();
    s.once("error", () => process.exit(1));
    s.listen({ host: process.argv[1], port: Number(process.argv[2]) }, () => s.close(() => process.exit(0)));
  ' "$host" "$port"; then
    log "port ${port} (${variable}) is already in use on ${host}: stop what listens there or start with ${variable}=<free port> ./scripts/start.sh"
    return 1
  fi
}

# Short, stable name of this clone (folder name + hash of its path): the generated .env uses it
# for the database name and the Redis key prefix, so two clones on one machine stay apart.
clone_id() {
  node -e '
    const path = process.cwd();
    const slug = require("path").basename(path).toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 20) || "clone";
    const hash = require("crypto").createHash("sha256").update(path).digest("hex").slice(0, 6);
    console.log(`${slug}_${hash}`);
  '
}
