#!/usr/bin/env bash
# One command that runs every test tier (unit, integration, e2e) against the local services.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_services
ensure_dependencies
npx jest --ci "$@"
