#!/usr/bin/env bash
# Run by .ci/run after the tests when present: the short form of the fault and bad-input suite
# (chaos/). It drives the built daemons against the real Postgres, Redis and Kafka, stops and restarts
# them (the outage scenario), and exits non-zero when any audit fails, which .ci/run counts as a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export CHAOS_OUT="${CHAOS_OUT:-.chaos/ci-results.json}"
pnpm chaos --short
