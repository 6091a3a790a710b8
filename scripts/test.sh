#!/usr/bin/env bash
# One command that runs every test tier (unit, integration, e2e, chaos) against the local
# services, then the customer-agent dialogues again with the optional LLM on.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_services
ensure_dependencies
npx jest --ci "$@"
# With no filter given: the dialogue suite once more with the language model on (a fake
# OpenAI-compatible server inside the test): every reply and stored fact must stay the same.
if [ "$#" -eq 0 ]; then
  AGENT_DIALOGUES_LLM=1 npx jest --ci --selectProjects e2e --testPathPatterns agent-dialogues
fi
