#!/usr/bin/env bash
# Builds the gSOAP peers of the corpus set `gsoap-calc`: `calc-server` and `calc-client` in
# OUT_DIR (README.md beside this script says what they do and what they send).
#
# The stubs are generated from the corpus WSDL on every build (wsdl2h, then soapcpp2), so the
# peers speak exactly what gSOAP makes of that file; nothing generated is checked in.
# Needs the Debian packages gsoap, libgsoap-dev, g++ and pkg-config.
#
# Usage: tests/peer/gsoap/build.sh OUT_DIR   (WSDL_CORPUS defaults to ../shared/wsdl-corpus)
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 OUT_DIR" >&2
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
corpus="${WSDL_CORPUS:-$(cd "$root/.." && pwd)/shared/wsdl-corpus}"
wsdl="$corpus/gsoap-calc/calc.wsdl"
if [ ! -f "$wsdl" ]; then
  echo "error: $wsdl not found (set WSDL_CORPUS to the corpus folder)" >&2
  exit 1
fi
for tool in wsdl2h soapcpp2 g++ pkg-config; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: $tool is missing (apt-get install gsoap libgsoap-dev g++ pkg-config)" >&2
    exit 1
  fi
done
# libgsoap++ is built with WITH_IPV6 and WITH_DOM, which change the layout of `struct soap`:
# our objects must be compiled with the same flags, which the library's .pc file carries.
if ! gsoap_cflags="$(pkg-config --cflags gsoap++)" || ! gsoap_libs="$(pkg-config --libs gsoap++)"; then
  echo "error: pkg-config knows no gsoap++ (apt-get install libgsoap-dev)" >&2
  exit 1
fi

mkdir -p "$1"
out="$(cd "$1" && pwd)"
gen="$out/gen"
rm -rf "$gen"
mkdir -p "$gen"

# -t: Debian's type map (the default looks for typemap.dat in the working directory).
wsdl2h -t /usr/share/gsoap/WS/typemap.dat -o "$gen/calc.h" "$wsdl" >"$gen/wsdl2h.log" 2>&1 \
  || { cat "$gen/wsdl2h.log" >&2; echo "error: wsdl2h failed on $wsdl" >&2; exit 1; }
# -j: proxy and service classes around a shared `struct soap`; -x: no sample XML messages;
# -I: gSOAP's import folder (stlvector.h and friends, which calc.h may #import).
soapcpp2 -j -x -d "$gen" -I/usr/share/gsoap/import "$gen/calc.h" >"$gen/soapcpp2.log" 2>&1 \
  || { cat "$gen/soapcpp2.log" >&2; echo "error: soapcpp2 failed on $gen/calc.h" >&2; exit 1; }

# WITH_PURE_VIRTUAL: the service class declares the operations pure virtual, for calc_server.cpp
# to implement in a subclass (without it, the generated class expects them defined on itself).
# shellcheck disable=SC2086 # the pkg-config outputs are lists of compiler words
link() { g++ -std=c++17 -O1 -Wall -DWITH_PURE_VIRTUAL $gsoap_cflags -I"$gen" "$@" $gsoap_libs; }
link -o "$out/calc-server" "$here/calc_server.cpp" "$gen/soapcalcService.cpp" "$gen/soapC.cpp"
link -o "$out/calc-client" "$here/calc_client.cpp" "$gen/soapcalcProxy.cpp" "$gen/soapC.cpp"
echo "built $out/calc-server and $out/calc-client (gSOAP $(pkg-config --modversion gsoap++))"
