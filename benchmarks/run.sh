#!/usr/bin/env bash
# Benchmarks the starter against raw grpc-java and against a Spring MVC REST controller, and
# writes docs/benchmarks.md and docs/benchmarks.png.
#
#   benchmarks/run.sh           full run: 5 rounds of 8 s per target, both gRPC executors (~1 hour)
#   benchmarks/run.sh --quick   smoke run: 2 rounds of 2 s, direct executor only (~5 min on a busy machine)
#   benchmarks/run.sh --check   measures nothing: starts the servers, checks every target's answer (~2 min)
#   benchmarks/run.sh --compare REV   this tree's starter against the one built from commit REV,
#                               target by target in turns, and prints the ratios (~20 min); leaves docs/ alone
#   benchmarks/run.sh --threads the gRPC port's executors (direct, virtual threads) against grpc-java's
#                               default pool, and Tomcat on virtual threads against its platform threads;
#                               prints the ratios (~10 min); needs Java 21 or later as `java`; leaves docs/ alone
#
# Needs 2+ cores: servers are pinned to core 0, load generators (and the runner) to core 1.
set -euo pipefail

mode=full
case "${1:-}" in
  --quick) mode=quick ;;
  --check) mode=check ;;
  --threads) mode=threads ;;
  --compare)
    mode=compare
    compare_rev="${2:?usage: $0 --compare REV (a commit, branch or tag)}"
    ;;
  "") ;;
  *) echo "usage: $0 [--quick | --check | --compare REV | --threads]" >&2; exit 2 ;;
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

java_feature="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
if [ "$mode" = threads ] && [ "${java_feature:-0}" -lt 21 ]; then
  echo "--threads needs Java 21 or later as java (virtual threads); this is Java $java_feature." >&2
  echo "For example: PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:\$PATH $0 --threads" >&2
  exit 1
fi

if [ "$(nproc)" -lt 2 ]; then
  echo "needs at least 2 cores: one for the server under test, one for the load generator" >&2
  exit 1
fi

# Built in the reactor, never installed into ~/.m2; the sample user app's jar is timed at start-up.
./mvnw -q -pl benchmarks,sample-user-app -am package -DskipTests

runner_args=("$mode" "$root")
pid_files=("$root/benchmarks/target/bench-run/server.pids")
if [ "$mode" = compare ]; then
  # The other commit, checked out and built in a worktree of its own, its jars in its own target folders.
  other="$root/benchmarks/target/compare-tree"
  git -C "$root" worktree remove --force "$other" 2>/dev/null || rm -rf "$other"
  git -C "$root" worktree prune
  git -C "$root" worktree add --detach "$other" "$compare_rev"
  if [ ! -f "$other/benchmarks/pom.xml" ]; then
    echo "$compare_rev has no benchmarks module to compare with" >&2
    exit 1
  fi
  (cd "$other" && ./mvnw -q -pl benchmarks -am package -DskipTests)
  runner_args=(compare "$root" "$other" "$compare_rev")
  pid_files+=("$other/benchmarks/target/bench-run/server.pids")
fi

stop_servers() {
  # The runner stops its servers itself; this catches the ones it left when it was killed.
  for pid_file in "${pid_files[@]}"; do
    if [ -f "$pid_file" ]; then
      while read -r pid; do
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
          kill "$pid" 2>/dev/null || true
        fi
      done < "$pid_file"
    fi
  done
}
trap stop_servers EXIT INT TERM

classpath="$root/benchmarks/target/classes:$(cat "$root/benchmarks/target/classpath-full.txt")"
# The runner waits while load runs, so it shares the load generator's core.
timeout 4h taskset -c 1 java -Xmx1g -cp "$classpath" dev.rpcstarter.bench.runner.BenchMain "${runner_args[@]}"
