#!/usr/bin/env bash
# Builds the sample apps and runs them: the email app first (web 8081, gRPC 9091), then the
# user app (web 8080, gRPC 9090), which sends its welcome mails through the email app.
# Ctrl-C stops both. Needs Java 17; the apps' logs go to target/samples/.
set -euo pipefail
cd "$(dirname "$0")"

logs=target/samples
pids=()

stop() {
  trap - EXIT INT TERM
  if ((${#pids[@]})); then
    echo "Stopping the sample apps"
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap stop EXIT INT TERM

port_open() {
  (exec 3<>"/dev/tcp/localhost/$1") 2>/dev/null
}

# start <name> <web port> <gRPC port>: runs target/<name>-*-exec.jar and waits until its gRPC
# port answers, which happens last in its start-up.
start() {
  local name=$1 web_port=$2 grpc_port=$3 pid
  for port in "$web_port" "$grpc_port"; do
    if port_open "$port"; then
      echo "Port $port is in use; stop whatever listens there and try again." >&2
      exit 1
    fi
  done
  java -jar "$name"/target/"$name"-*-exec.jar >"$logs/$name.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  echo "Starting $name (log: $logs/$name.log)"
  for _ in $(seq 120); do
    if port_open "$grpc_port"; then
      return
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name exited during start-up; the end of its log:" >&2
      tail -n 20 "$logs/$name.log" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "$name did not open port $grpc_port within 60 seconds; see $logs/$name.log" >&2
  exit 1
}

echo "Building (./mvnw -q -DskipTests package)"
./mvnw -q -DskipTests package
mkdir -p "$logs"

start sample-email-app 8081 9091
start sample-user-app 8080 9090

cat <<'TOUR'

Both apps are running. Try:

  # Create a user (Connect protocol, JSON, on the user app's web port)
  curl -H 'Content-Type: application/json' -d '{"name":"Ada","email":"ada@example.com"}' \
    localhost:8080/sample.user.v1.UserService/CreateUser

  # Get it back (use the userId from the answer); an unknown id answers 404 {"code":"not_found",...}
  curl -H 'Content-Type: application/json' -d '{"userId":"<userId>"}' \
    localhost:8080/sample.user.v1.UserService/GetUser

  # Every user, streamed by ListUsers on its REST route: a line of JSON per user
  curl localhost:8080/v1/users

  # The REST routes as an OpenAPI 3.1 document (for client generators), with user.proto's
  # comments as descriptions; Swagger UI shows it in a browser at
  # http://localhost:8080/swagger-ui.html
  curl localhost:8080/rpc/openapi.json

  # The welcome mail, streamed by ListEmails over gRPC. buf curl learns the service from
  # server reflection, so it needs no .proto file (once: (cd interop && npm ci))
  interop/node_modules/.bin/buf curl --protocol grpc --http2-prior-knowledge \
    -d '{"to":"ada@example.com"}' http://localhost:9091/sample.email.v1.EmailService/ListEmails

  # Everything a web port serves, by reflection too
  interop/node_modules/.bin/buf curl --list-methods http://localhost:8080

Press Ctrl-C to stop both apps.
TOUR

# Runs until Ctrl-C, or until one of the apps stops by itself.
wait -n "${pids[@]}"
