#!/usr/bin/env bash
# One-command demo: amp simulator -> source-flightsql -> Kafka broker + Connect worker -> sink-postgresql ->
# embedded PostgreSQL, deployed from the built Hub zips through the Connect REST API. Live progress until Ctrl-C.
#
#   ./demo.sh                       run until Ctrl-C
#   ./demo.sh --duration 60s        stop by itself after a minute
#   ./demo.sh --help                every option (block interval, reorg rate, ...)
#   AMP_DEMO_SKIP_BUILD=1 ./demo.sh reuse the previous build
#
# Needs JDK 17+ and Maven Central; builds with the Maven wrapper (no install into ~/.m2).
set -euo pipefail
cd "$(dirname "$0")"

for arg in "$@"; do
  if [[ ( "$arg" == "--help" || "$arg" == "-h" ) && -f packaging/target/demo.classpath ]]; then
    skip_build_for_help=1   # the usage text comes from the built demo; build only if there is none yet
  fi
done

if [[ -z "${AMP_DEMO_SKIP_BUILD:-}" && -z "${skip_build_for_help:-}" ]]; then
  echo "building the connectors' Hub zips, the Kafka runtime and the demo (first run: a few minutes) ..."
  started=$(date +%s)
  # verify without tests: package builds the zips and the demo's class path; pre-integration-test copies the
  # zips to packaging/target/hub-zips and resolves the Kafka installation into packaging/target/kafka-runtimes
  ./mvnw -B -q -pl packaging -am verify -DskipTests
  echo "build done in $(( $(date +%s) - started )) s"
fi

target=packaging/target
if [[ ! -f "$target/demo.classpath" ]]; then
  echo "no $target/demo.classpath: run without AMP_DEMO_SKIP_BUILD first" >&2
  exit 1
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
cmd=("$java" --add-opens=java.base/java.nio=ALL-UNNAMED
     -Xmx1g
     "-Dlog4j2.configurationFile=$target/classes/log4j2-demo.properties"
     "-Dampconnect.demo.log=$target/demo.log"
     "-Dampconnect.packaging.target=$target"
     -cp "$target/classes:$(cat "$target/demo.classpath")"
     dev.ampconnect.packaging.demo.Demo "$@")

if ! command -v setsid >/dev/null; then
  exec "${cmd[@]}"
fi
# The demo runs in its own session so that Ctrl-C reaches only the demo, which then stops connectors, worker,
# broker, simulator and PostgreSQL in order. Without it the terminal would send SIGINT to the broker and worker
# processes too, and they would shut down at the same moment, in no particular order.
# It is told to stop with SIGTERM, which it treats like Ctrl-C: a background job of a non-interactive shell starts
# with SIGINT ignored, so a forwarded SIGINT would never arrive.
setsid "${cmd[@]}" </dev/null &
demo=$!
trap 'kill -TERM "$demo" 2>/dev/null || true' INT TERM
# wait returns early (status > 128) when a trapped signal arrives; the demo (alive, or a zombie until reaped)
# still answers kill -0, so wait again until it has really exited and its own status is known
while true; do
  status=0
  wait "$demo" || status=$?
  kill -0 "$demo" 2>/dev/null || break
done
exit "$status"
