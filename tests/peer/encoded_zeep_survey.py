#!/usr/bin/env python3
"""Which operations of rpc/encoded WSDLs zeep can build a request for, offline.

For every operation of every WSDL given, builds sample arguments from the input message's
part types (a value of each built-in type, structs with every field, arrays of one item,
nil below depth 3), passes them through encoded_zeep.py's `envelope` path, and prints
per WSDL how many envelopes zeep built and every failure grouped by zeep's error. Exits 1 when
a WSDL does not load. tests/peer/README.md records its output.
Run: .venv/bin/python tests/peer/encoded_zeep_survey.py WSDL...
"""

from __future__ import annotations

import sys
from collections import defaultdict

from zeep.xsd.types import builtins

import encoded_zeep

# JSON-like sample per built-in type; checked in this order (Integer before Decimal, its base).
SAMPLES = [
    (builtins.Boolean, True),
    (builtins.Integer, 1),
    (builtins.Float, 1.5),
    (builtins.Double, 1.5),
    (builtins.Decimal, "1.5"),
    (builtins.DateTime, "2026-01-02T03:04:05Z"),
    (builtins.Date, "2026-01-02"),
    (builtins.Time, "03:04:05"),
    (builtins.Base64Binary, b"peer"),
    (builtins.HexBinary, b"peer"),
]


def sample(xsd_type, depth: int = 0):
    """A value for `xsd_type`; nil (None) below depth 3, never an empty array (zeep cannot
    write one: README.md)."""
    array = getattr(xsd_type, "_array_type", None)
    if array is not None:
        item = array.array_type
        return None if item is None or depth >= 3 else [sample(item, depth + 1)]
    if hasattr(xsd_type, "elements"):
        if depth >= 3:
            return None
        return {name: sample(element.type, depth + 1) for name, element in xsd_type.elements}
    for kind, value in SAMPLES:
        if isinstance(xsd_type, kind):
            return value
    return "x"


def survey(wsdl: str) -> bool:
    try:
        client = encoded_zeep.load_client(wsdl)
    except Exception as error:  # noqa: BLE001 - the load error is the finding
        print(f"{wsdl}: zeep cannot load it: {type(error).__name__}: {error}")
        return False
    failures = defaultdict(list)
    names = sorted({name for b in client.wsdl.bindings.values() for name in getattr(b, "_operations", {})})
    for name in names:
        binding = encoded_zeep.find_binding(client, name)
        parts = dict(binding.get(name).input.body.type.elements)
        arguments = {part: sample(element.type) for part, element in parts.items()}
        try:
            service = client.create_service(binding.name, "http://localhost/")
            client.create_message(service, name, **encoded_zeep.message_arguments(binding, name, arguments))
        except Exception as error:  # noqa: BLE001 - zeep's error is the finding
            failures[f"{type(error).__name__}: {error}"].append(name)
    built = len(names) - sum(len(ops) for ops in failures.values())
    print(f"{wsdl}: {len(names)} operations, zeep built {built} request envelopes")
    for error, operations in sorted(failures.items()):
        print(f"  {len(operations)} failed with {error}: {', '.join(operations)}")
    return True


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    loaded = [survey(wsdl) for wsdl in sys.argv[1:]]  # every WSDL, even after one fails
    return 0 if all(loaded) else 1


if __name__ == "__main__":
    sys.exit(main())
