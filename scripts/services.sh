#!/usr/bin/env bash
# Starts/stops the project's local services (Redis, Dovecot, the SMTP relay, optionally PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
exec node --import tsx scripts/services.ts "$@"
