#!/bin/sh
# Fills fuzz/corpus/parse_resolve/ (gitignored) with seed inputs:
#  - every fixture and malformed-case service.wsdl of crates/wsdl-codegen/tests;
#  - for each fixture with one extra file (an imported/included .xsd or .wsdl), a two-file
#    input: service.wsdl with that file name rewritten to a.xsd, a NUL byte, then the file;
#  - the small single-file sets of the real-world corpus ($WSDL_CORPUS or
#    ../../shared/wsdl-corpus relative to this folder), under 16 KB each.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tests="$here/../crates/wsdl-codegen/tests"
corpus=${WSDL_CORPUS:-"$here/../../shared/wsdl-corpus"}
out="$here/corpus/parse_resolve"
mkdir -p "$out"

for dir in "$tests"/fixtures/* "$tests"/malformed/*; do
    [ -f "$dir/service.wsdl" ] || continue
    kind=$(basename "$(dirname "$dir")")
    name=$(basename "$dir")
    cp "$dir/service.wsdl" "$out/$kind-$name.wsdl"
    extra=$(find "$dir" -maxdepth 1 -type f ! -name service.wsdl ! -name ir.snap ! -name expected.txt)
    if [ -n "$extra" ] && [ "$(printf '%s\n' "$extra" | wc -l)" -eq 1 ]; then
        file=$(basename "$extra")
        {
            sed "s/\"$file\"/\"a.xsd\"/g" "$dir/service.wsdl"
            printf '\000'
            cat "$extra"
        } > "$out/$kind-$name-2files.bin"
    fi
done

if [ -d "$corpus" ]; then
    for dir in "$corpus"/*/; do
        set -- "$dir"*
        [ "$#" -eq 1 ] || continue
        size=$(wc -c < "$1")
        [ "$size" -le 16384 ] || continue
        cp "$1" "$out/corpus-$(basename "$dir").wsdl"
    done
fi
echo "$(ls "$out" | wc -l) seed files in $out"
