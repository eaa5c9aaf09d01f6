#!/usr/bin/env python3
"""zeep as a peer for rpc/encoded (SOAP 1.1 section 5) WSDLs, offline.

Two modes:

  envelope WSDL OPERATION JSON_ARGS
      prints the request envelope zeep builds (`Client.create_message`) for OPERATION called
      with JSON_ARGS, a JSON object of the input message's parts by name; the bytes are those
      zeep would POST (XML declaration, UTF-8, no pretty printing).
  decode WSDL OPERATION RESPONSE_FILE
      prints, as JSON, what zeep makes of the response envelope in RESPONSE_FILE through the
      binding's `process_reply` (the path of a real call): the output value
      (`zeep.helpers.serialize_object`), or {"fault": {...}} when the envelope holds a fault.

zeep reads WSDLs that import the SOAP-encoding namespace without a schemaLocation by fetching
http://schemas.xmlsoap.org/soap/encoding/; here that URL is answered with the local copy in
tests/peer/schemas/soap-encoding.xsd, and every other http(s) fetch is refused, so a run never
touches the network. Exits 1 with zeep's error on stderr when zeep cannot load the WSDL, build
the message or parse the response.
Run: .venv/bin/python tests/peer/encoded_zeep.py envelope|decode WSDL OPERATION ARG
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlparse

from lxml import etree
from zeep import Client, Settings
from zeep.exceptions import Fault
from zeep.helpers import serialize_object
from zeep.transports import Transport

SOAP_ENCODING = "http://schemas.xmlsoap.org/soap/encoding/"
LOCAL_SCHEMAS = {SOAP_ENCODING: Path(__file__).resolve().parent / "schemas" / "soap-encoding.xsd"}


class NetworkRefused(RuntimeError):
    """A WSDL tried to fetch something over the network that has no local copy."""


class OfflineTransport(Transport):
    """Answers the SOAP-encoding schema's URL from the local copy; refuses other http(s)."""

    def load(self, url):
        local = LOCAL_SCHEMAS.get(url) or LOCAL_SCHEMAS.get(url.rstrip("/") + "/")
        if local is not None:
            return local.read_bytes()
        if urlparse(url).scheme in ("http", "https"):
            raise NetworkRefused(f"refusing to fetch {url} (no local copy)")
        return super().load(url)


def load_client(wsdl: str) -> Client:
    return Client(wsdl, transport=OfflineTransport(), settings=Settings(strict=True))


def find_binding(client: Client, operation: str):
    """The first binding of the WSDL with this operation (a SOAP 1.1 one where there are both)."""
    bindings = [b for b in client.wsdl.bindings.values() if operation in getattr(b, "_operations", {})]
    if not bindings:
        known = sorted({name for b in client.wsdl.bindings.values() for name in getattr(b, "_operations", {})})
        raise SystemExit(f"error: the WSDL has no operation {operation} (it has: {', '.join(known)})")
    bindings.sort(key=lambda b: type(b).__name__ != "Soap11Binding")
    return bindings[0]


def to_json(value):
    """JSON for what serialize_object returns (Decimal, dates and bytes included)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, etree._Element):
        return etree.tostring(value, encoding="unicode")
    return str(value)


def typed(xsd_type, value):
    """`value` (from JSON) as the zeep value of `xsd_type`.

    zeep renders a dict as a struct, but not as an item of a soapenc:Array (its items are an
    xs:any restricted to the wsdl:arrayType, which wants typed values: "Missing element for
    Any"), so structs are built as instances of their type, all the way down.
    """
    if value is None:
        return None
    array = getattr(xsd_type, "_array_type", None)
    if array is not None and array.array_type is not None and isinstance(value, list):
        return [typed(array.array_type, item) for item in value]
    if isinstance(value, dict) and hasattr(xsd_type, "elements"):
        fields = dict(xsd_type.elements)
        return xsd_type(**{
            name: typed(fields[name].type, field) if name in fields else field
            for name, field in value.items()
        })
    return value


def message_arguments(binding, operation: str, arguments: dict) -> dict:
    """The JSON arguments as zeep values of the input message's parts."""
    parts = dict(binding.get(operation).input.body.type.elements)
    unknown = sorted(set(arguments) - set(parts))
    if unknown:
        raise SystemExit(f"error: {operation} has no part {', '.join(unknown)} (it has: {', '.join(parts)})")
    return {name: typed(parts[name].type, value) for name, value in arguments.items()}


def envelope(wsdl: str, operation: str, json_args: str) -> int:
    arguments = json.loads(json_args)
    if not isinstance(arguments, dict):
        raise SystemExit("error: JSON_ARGS must be a JSON object of the parts by name")
    client = load_client(wsdl)
    binding = find_binding(client, operation)
    # The address is not used: create_message builds the envelope without sending it.
    service = client.create_service(binding.name, "http://localhost/")
    message = client.create_message(service, operation, **message_arguments(binding, operation, arguments))
    sys.stdout.buffer.write(etree.tostring(message, xml_declaration=True, encoding="utf-8") + b"\n")
    return 0


def decode(wsdl: str, operation: str, response_file: str) -> int:
    client = load_client(wsdl)
    binding = find_binding(client, operation)
    # What process_reply reads of a requests.Response. The status is 200 whatever the
    # recording's: zeep looks for a Fault element in the body either way.
    response = SimpleNamespace(
        status_code=200,
        content=Path(response_file).read_bytes(),
        headers={"Content-Type": "text/xml; charset=utf-8"},
        encoding="utf-8",
    )
    try:
        result = binding.process_reply(client, binding.get(operation), response)
    except Fault as fault:
        detail = etree.tostring(fault.detail, encoding="unicode") if fault.detail is not None else None
        result = {"fault": {"code": fault.code, "message": fault.message, "actor": fault.actor, "detail": detail}}
    print(json.dumps(serialize_object(result), default=to_json, indent=2, ensure_ascii=False))
    return 0


def main() -> int:
    modes = {"envelope": envelope, "decode": decode}
    if len(sys.argv) != 5 or sys.argv[1] not in modes:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    try:
        return modes[sys.argv[1]](*sys.argv[2:])
    except Exception as error:  # noqa: BLE001 - any zeep failure is the answer, reported as such
        print(f"error: zeep: {type(error).__name__}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
