#!/usr/bin/env bash
# Runs COMMAND against a fresh gSOAP calc-server: starts BUILD_DIR/calc-server (built by
# build.sh) on a free loopback port, runs `COMMAND ARG... http://127.0.0.1:PORT/`, stops the
# server, and exits with COMMAND's status (printing the server's stderr when it failed).
#
# Usage: tests/peer/gsoap/with-server.sh BUILD_DIR COMMAND [ARG...]
#   e.g. tests/peer/gsoap/with-server.sh target/peer/gsoap target/peer/gsoap/calc-client
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 BUILD_DIR COMMAND [ARG...]" >&2
  exit 2
fi
server="$1/calc-server"
shift
if [ ! -x "$server" ]; then
  echo "error: $server not found (run tests/peer/gsoap/build.sh first)" >&2
  exit 1
fi

work="$(mktemp -d)"
server_pid=""
# shellcheck disable=SC2317 # stop runs from the EXIT trap, which shellcheck does not follow here
stop() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop EXIT

"$server" 0 >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
port=""
for _ in $(seq 1 50); do
  port="$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/server.out")"
  [ -n "$port" ] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    cat "$work/server.err" >&2
    echo "error: calc-server exited before listening" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "error: calc-server did not print its port within 5 s" >&2
  exit 1
fi

status=0
"$@" "http://127.0.0.1:$port/" || status=$?
if [ "$status" -ne 0 ]; then
  echo "calc-server's stderr:" >&2
  cat "$work/server.err" >&2
fi
exit "$status"
