#!/usr/bin/env bash
# Benchmarks the starter against raw grpc-java and against a Spring MVC REST controller, and
# writes docs/benchmarks.md and docs/benchmarks.png.
#
#   benchmarks/run.sh           full run: 5 rounds of 8 s per target, both gRPC executors (~1 hour)
#   benchmarks/run.sh --quick   smoke run: 2 rounds of 2 s, direct executor only (~5 min on a busy machine)
#   benchmarks/run.sh --check   measures nothing: starts the servers, checks every target's answer (~2 min)
#
# Needs 2+ cores: servers are pinned to core 0, load generators (and the runner) to core 1.
set -euo pipefail

mode=full
case "${1:-}" in
  --quick) mode=quick ;;
  --check) mode=check ;;
  "") ;;
  *) echo "usage: $0 [--quick | --check]" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# The load generators: h2load (HTTP/2, from nghttp2-client) and wrk (HTTP/1.1).
if ! command -v h2load >/dev/null || ! command -v wrk >/dev/null || ! command -v taskset >/dev/null; then
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update
  $sudo_cmd apt-get install -y nghttp2-client wrk util-linux
fi

if [ "$(nproc)" -lt 2 ]; then
  echo "needs at least 2 cores: one for the server under test, one for the load generator" >&2
  exit 1
fi

# Built in the reactor, never installed into ~/.m2; the sample user app's jar is timed at start-up.
./mvnw -q -pl benchmarks,sample-user-app -am package -DskipTests

pid_file="$root/benchmarks/target/bench-run/server.pids"
stop_servers() {
  # The runner stops its servers itself; this catches the ones it left when it was killed.
  if [ -f "$pid_file" ]; then
    while read -r pid; do
      if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
      fi
    done < "$pid_file"
  fi
}
trap stop_servers EXIT INT TERM

classpath="$root/benchmarks/target/classes:$(cat "$root/benchmarks/target/classpath-full.txt")"
# The runner waits while load runs, so it shares the load generator's core.
timeout 4h taskset -c 1 java -Xmx1g -cp "$classpath" dev.rpcstarter.bench.runner.BenchMain "$mode" "$root"
