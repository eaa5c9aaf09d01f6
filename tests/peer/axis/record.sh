#!/usr/bin/env bash
# Records Apache Axis 1.4 (Debian libaxis-java) serving peer.EmployeeService, rpc/encoded:
# compiles src/, starts SimpleAxisServer on 127.0.0.1:$AXIS_PORT (default 18080) in a scratch
# folder, deploys deploy.wsdd with AdminClient, saves the service's ?wsdl and the answer to
# every request in requests/ under recordings/, then stops the server.
#
# Axis writes the machine's host name into the WSDL's address and into fault details; both
# are replaced with `localhost` so a re-recording on another machine differs only where Axis
# does. recordings/index.tsv holds the HTTP status and Content-Type of each answer.
#
# Usage: tests/peer/axis/record.sh   (needs libaxis-java, a JDK, curl)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
port="${AXIS_PORT:-18080}"
jars=(axis jaxrpc saaj commons-logging commons-discovery wsdl4j javax.activation javax.mail)
classpath=""
for jar in "${jars[@]}"; do
  if [ ! -f "/usr/share/java/$jar.jar" ]; then
    echo "error: /usr/share/java/$jar.jar is missing (apt-get install libaxis-java)" >&2
    exit 1
  fi
  classpath="$classpath:/usr/share/java/$jar.jar"
done
for tool in javac java curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is missing" >&2; exit 1; }
done

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

# --release 8: Axis 1.4 reads the class files to find parameter names and fails on the constant
# pool of newer ones ("Error looking for paramter names in bytecode"). -g: keeps the parameter
# names (`employees`, `id`) for the WSDL's parts; without it they are in0, in1.
javac --release 8 -g -nowarn -d "$work/classes" "$here"/src/peer/*.java 2>&1 \
  | { grep -v '^warning: \[options\]\|^1 warning$' || true; }
classpath="$work/classes$classpath"

base="http://127.0.0.1:$port/axis/services"
# Another server on the port would answer in place of ours, with its own deployment.
if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
  echo "error: something already listens on 127.0.0.1:$port (set AXIS_PORT to a free port)" >&2
  exit 1
fi
# SimpleAxisServer keeps its configuration (server-config.wsdd, written by the deployment) in
# its working directory: the scratch folder, so the repository stays clean.
(cd "$work" && exec java -cp "$classpath" org.apache.axis.transport.http.SimpleAxisServer -p "$port") \
  >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 60); do
  curl -s -o /dev/null "$base/AdminService" && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    cat "$work/server.log" >&2
    echo "error: SimpleAxisServer exited" >&2
    exit 1
  fi
  sleep 0.5
done
(cd "$work" && java -cp "$classpath" org.apache.axis.client.AdminClient -l"$base/AdminService" "$here/deploy.wsdd") \
  >"$work/deploy.log" 2>&1 || { cat "$work/deploy.log" >&2; echo "error: deploying deploy.wsdd failed" >&2; exit 1; }
grep -q 'Done processing' "$work/deploy.log" \
  || { cat "$work/deploy.log" >&2; echo "error: AdminClient did not deploy deploy.wsdd" >&2; exit 1; }

host="$(hostname)"
normalise() { sed -e "s#http://[^/\"]*:$port/#http://localhost:$port/#g" -e "s#>$host<#>localhost<#g"; }

out="$here/recordings"
rm -rf "$out"
mkdir -p "$out"
curl -sf "$base/EmployeeService?wsdl" | normalise >"$out/service.wsdl" \
  || { echo "error: fetching $base/EmployeeService?wsdl failed" >&2; exit 1; }
printf 'recording\tHTTP status\tContent-Type\n' >"$out/index.tsv"
for request in "$here"/requests/*.xml; do
  name="$(basename "$request")"
  # %{http_code} and %{content_type} after the body: recorded with it in index.tsv.
  meta="$(curl -s -o "$work/body" -w '%{http_code}\t%{content_type}' \
    -H 'Content-Type: text/xml; charset=utf-8' -H 'SOAPAction: ""' \
    --data-binary "@$request" "$base/EmployeeService")" \
    || { echo "error: posting $name failed" >&2; exit 1; }
  normalise <"$work/body" >"$out/$name"
  printf '%s\t%s\n' "$name" "$meta" >>"$out/index.tsv"
done
cat "$out/index.tsv"
echo "recorded $(java -cp "$classpath" org.apache.axis.Version | head -1) into $out"
