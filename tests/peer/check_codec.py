#!/usr/bin/env python3
"""Peer cross-check of the generated codec with Python zeep (run by `cargo xtask peer-codec`).

For every set folder of EXCHANGE (written by the generated crate's test `peer_codec` in
phase `write`), the set's WSDL is CORPUS/<set>/*.wsdl. Each envelope
`<operation>.<request|response>.<case>.xml` there was written by our encoders, and
`<same>.json` holds the value it carries (the generated type, serialized by serde). For each:

1. zeep finds the operation in the WSDL's SOAP bindings and parses the envelope's body with
   the element of the operation's input (request) or output (response) message;
2. the parsed value must equal the JSON: objects field by field (zeep's XML names and our
   snake_case field names compared without case and underscores), lists item by item,
   numbers by value, absent and nil as null. zeep reads an element without content (an
   empty string, an object whose fields are all absent) as None, which matches;
3. zeep renders the parsed value back into an envelope under EXCHANGE/<set>/zeep/, which our
   decoders read in phase `read` - except values where it read such an element as None,
   which it cannot render as they were (the line of the set counts them).

Prints one line per set; exits non-zero on any mismatch.
Run: .venv/bin/python tests/peer/check_codec.py EXCHANGE CORPUS
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import urlparse

from lxml import etree
from zeep import Settings
from zeep.exceptions import Error as ZeepError
from zeep.helpers import serialize_object
from zeep.transports import Transport
from zeep.wsdl import Document

ENVELOPES = {
    "http://schemas.xmlsoap.org/soap/envelope/",
    "http://www.w3.org/2003/05/soap-envelope",
}


class NetworkRefused(RuntimeError):
    """A WSDL tried to fetch something over the network."""


class OfflineTransport(Transport):
    """Loads local files; refuses every http/https fetch."""

    def load(self, url):
        if urlparse(url).scheme in ("http", "https"):
            raise NetworkRefused(f"refusing to fetch {url}")
        return super().load(url)


def normalized(name: str) -> str:
    return name.replace("_", "").lower()


def empty(value) -> bool:
    """Whether `value` is written as an element without content (or not at all)."""
    if isinstance(value, dict):
        return all(empty(field) for field in value.values())
    return value in (None, "", [])


def differences(ours, theirs, path: str, collapsed: list[str]) -> list[str]:
    """Where zeep's value `theirs` differs from our JSON value `ours`.

    zeep reads an element without content (an empty string, an object whose fields are all
    absent) as None: that matches, and the path goes to `collapsed` (zeep cannot render
    such a value back as it was).
    """
    if theirs is None and empty(ours):
        if ours is not None:
            collapsed.append(path)
        return []
    if isinstance(theirs, dict):
        if not isinstance(ours, dict):
            return [f"{path}: zeep read an object, we wrote {ours!r}"]
        by_name = {normalized(key): value for key, value in ours.items()}
        found = []
        for key, value in theirs.items():
            name = normalized(key)
            if name not in by_name:
                if not empty(value):
                    found.append(f"{path}.{key}: zeep read {value!r}, we have no such field")
                continue
            found += differences(by_name.pop(name), value, f"{path}.{key}", collapsed)
        found += [
            f"{path}.{name}: we wrote {value!r}, zeep read nothing"
            for name, value in by_name.items()
            if not empty(value)
        ]
        return found
    if isinstance(theirs, list):
        if not isinstance(ours, list) or len(ours) != len(theirs):
            return [f"{path}: zeep read {theirs!r}, we wrote {ours!r}"]
        found = []
        for index, (mine, its) in enumerate(zip(ours, theirs)):
            found += differences(mine, its, f"{path}[{index}]", collapsed)
        return found
    if isinstance(theirs, float) and isinstance(ours, (int, float)):
        return [] if float(ours) == theirs else [f"{path}: zeep read {theirs!r}, we wrote {ours!r}"]
    if ours != theirs:
        return [f"{path}: zeep read {theirs!r}, we wrote {ours!r}"]
    return []


def operations(document: Document) -> dict[str, object]:
    """The operations of the document's SOAP bindings, by name."""
    found = {}
    for binding in document.bindings.values():
        for name, operation in binding._operations.items():
            found.setdefault(name, operation)
    return found


def check_set(files: Path, wsdl: Path) -> list[str]:
    document = Document(str(wsdl), OfflineTransport(), settings=Settings(strict=True))
    by_name = operations(document)
    errors = []
    counts = {"request": 0, "response": 0}
    rendered_count = unrendered = 0
    names = set()
    for envelope_file in sorted(files.glob("*.xml")):
        operation_name, direction, _case = envelope_file.stem.split(".")
        label = f"{files.name}/{envelope_file.name}"
        operation = by_name.get(operation_name)
        if operation is None:
            errors.append(f"{label}: the WSDL has no operation {operation_name}")
            continue
        message = operation.input if direction == "request" else operation.output
        envelope = etree.parse(str(envelope_file)).getroot()
        namespace = etree.QName(envelope).namespace
        body = envelope.find(f"{{{namespace}}}Body") if namespace in ENVELOPES else None
        if body is None or len(body) != 1:
            errors.append(f"{label}: not a SOAP envelope with one body element")
            continue
        if body[0].tag != message.body.qname.text:
            errors.append(f"{label}: the body holds {body[0].tag}, zeep expects {message.body.qname}")
            continue
        ours = json.loads(envelope_file.with_suffix(".json").read_text())
        rendered = etree.Element(etree.QName(namespace, "Envelope"), nsmap={"soap": namespace})
        try:
            value = message.body.parse(body[0], document.types)
            collapsed: list[str] = []
            theirs = serialize_object(value)
            errors += [f"{label}: {d}" for d in differences(ours, theirs, "body", collapsed)]
            counts[direction] += 1
            names.add(operation_name)
            if collapsed:
                # zeep holds None where the value has an empty element: no rendering back.
                unrendered += 1
                continue
            message.body.render(etree.SubElement(rendered, etree.QName(namespace, "Body")), value)
        except ZeepError as error:
            errors.append(f"{label}: zeep: {error}")
            continue
        (files / "zeep" / envelope_file.name).write_bytes(
            etree.tostring(rendered, xml_declaration=True, encoding="utf-8")
        )
        rendered_count += 1
    print(
        f"{files.name}: {len(names)} operations, zeep parsed {counts['request']} requests and "
        f"{counts['response']} responses our encoders wrote and rendered {rendered_count} back "
        f"({unrendered} hold empty elements zeep reads as None)"
        + (f"; {len(errors)} MISMATCHES" if errors else "")
    )
    return errors


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    exchange, corpus = Path(sys.argv[1]), Path(sys.argv[2])
    errors = []
    sets = sorted(path for path in exchange.iterdir() if path.is_dir())
    if not sets:
        errors.append(f"{exchange} holds no set")
    for files in sets:
        wsdls = sorted((corpus / files.name).glob("*.wsdl"))
        if len(wsdls) != 1:
            errors.append(f"{files.name}: expected one WSDL in {corpus / files.name}, found {len(wsdls)}")
            continue
        errors += check_set(files, wsdls[0])
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
