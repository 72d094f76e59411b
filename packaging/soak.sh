#!/usr/bin/env bash
# Soak run of packaging's crash tests: the worker-kill and task-migration ITs with many kills -9 instead of
# CI's 5 (packaging/README.md, "Crash tests"). Real broker, worker, PostgreSQL and Redis processes; takes
# roughly (kills x 30 s) per test class on a loaded 2-core machine.
#
#   packaging/soak.sh                 # 20 kills per test, a fresh seed per test (logged)
#   packaging/soak.sh 50              # 50 kills
#   AMP_E2E_SEED=1234 packaging/soak.sh 20    # replay the kill points of a logged run
#
# Exit status: Maven's. Logs of every process: packaging/target/e2e/<TestClass>/; test output:
# packaging/target/failsafe-reports/.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

kills="${1:-${AMP_E2E_KILLS:-20}}"
if ! [[ "$kills" =~ ^[0-9]+$ ]] || [ "$kills" -lt 20 ]; then
    echo "soak.sh: the soak run kills at least 20 times (got '$kills')" >&2
    exit 2
fi
tests="${AMP_E2E_SOAK_TESTS:-WorkerKill*IT,TaskMigrationIT}"

args=(-B -pl packaging -am verify
      "-Dit.test=$tests" -Dtest=none
      -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
      "-Damp.e2e.kills=$kills")
if [ -n "${AMP_E2E_SEED:-}" ]; then
    args+=("-Damp.e2e.seed=$AMP_E2E_SEED")
fi

started=$SECONDS
echo "soak.sh: $tests with $kills kills each${AMP_E2E_SEED:+, seed $AMP_E2E_SEED}"
status=0
./mvnw "${args[@]}" || status=$?
echo "soak.sh: finished in $(( SECONDS - started )) s with status $status"
grep -h "kills with seed\|crash run:" packaging/target/failsafe-reports/*-output.txt 2>/dev/null || true
exit "$status"
