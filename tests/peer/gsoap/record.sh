#!/usr/bin/env bash
# Records a calc server answering the requests in requests/: posts every requests/<name>.xml
# to URL as calc-client does (text/xml, SOAPAction ""), saves each answer's body as
# recordings/<name>.xml and its HTTP status and Content-Type in recordings/index.tsv. The
# recordings let decoders be tested against gSOAP without building it.
#
# Usage: tests/peer/gsoap/with-server.sh target/peer/gsoap tests/peer/gsoap/record.sh
#    or: tests/peer/gsoap/record.sh URL   (a calc server already running; needs curl)
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 URL" >&2
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
command -v curl >/dev/null 2>&1 || { echo "error: curl is missing" >&2; exit 1; }

out="$here/recordings"
rm -rf "$out"
mkdir -p "$out"
printf 'recording\tHTTP status\tContent-Type\n' >"$out/index.tsv"
for request in "$here"/requests/*.xml; do
  name="$(basename "$request")"
  meta="$(curl -s -o "$out/$name" -w '%{http_code}\t%{content_type}' \
    -H 'Content-Type: text/xml; charset=utf-8' -H 'SOAPAction: ""' \
    --data-binary "@$request" "$1")" \
    || { echo "error: posting $name to $1 failed" >&2; exit 1; }
  printf '%s\t%s\n' "$name" "$meta" >>"$out/index.tsv"
done
cat "$out/index.tsv"
echo "recorded the answers of $1 into $out"
