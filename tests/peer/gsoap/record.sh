#!/usr/bin/env bash
# Records gSOAP's calc-server answering the requests in requests/: starts BUILD_DIR/calc-server
# (built by build.sh) on a free port, posts every requests/<name>.xml as calc-client does
# (text/xml, SOAPAction ""), saves each answer's body as recordings/<name>.xml and its HTTP
# status and Content-Type in recordings/index.tsv, and stops the server. The recordings let
# decoders be tested against gSOAP without building it.
#
# Usage: tests/peer/gsoap/record.sh BUILD_DIR   (e.g. target/peer/gsoap; needs curl)
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
server="$1/calc-server"
if [ ! -x "$server" ]; then
  echo "error: $server not found (run tests/peer/gsoap/build.sh $1 first)" >&2
  exit 1
fi
command -v curl >/dev/null 2>&1 || { echo "error: curl is missing" >&2; exit 1; }

work="$(mktemp -d)"
server_pid=""
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
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.err" >&2; echo "error: calc-server exited" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "error: calc-server did not report its port within 5 s" >&2; exit 1; }

out="$here/recordings"
rm -rf "$out"
mkdir -p "$out"
printf 'recording\tHTTP status\tContent-Type\n' >"$out/index.tsv"
for request in "$here"/requests/*.xml; do
  name="$(basename "$request")"
  meta="$(curl -s -o "$out/$name" -w '%{http_code}\t%{content_type}' \
    -H 'Content-Type: text/xml; charset=utf-8' -H 'SOAPAction: ""' \
    --data-binary "@$request" "http://127.0.0.1:$port/")" \
    || { echo "error: posting $name failed" >&2; exit 1; }
  printf '%s\t%s\n' "$name" "$meta" >>"$out/index.tsv"
done
cat "$out/index.tsv"
echo "recorded gSOAP $(pkg-config --modversion gsoap++ 2>/dev/null || echo '(version unknown)') into $out"
