#!/usr/bin/env python3
"""Peer check of the bundled WFM WSDLs (wsdl/*.wsdl) with Python zeep.

For every file:

1. zeep loads it offline (a transport that refuses every http/https fetch, strict
   settings, DTDs/entities/external references forbidden).
2. The script reads the same file independently with xml.etree and checks it against
   the ATL Server naming rules (wfm-api-facts §6.2): one service named after the file,
   namespace urn:<Service>, port/binding/portType <Service>Soap, soapAction "#<Op>",
   address ending in ?Handler=<Service>, doc/literal wrapped messages <Op>In/<Op>Out
   with part "parameters", atls:SizeIs pointing at an earlier s:int sibling, no faults,
   no SOAP headers, the ATL prolog comment and prefixes.
3. What zeep reports (services, ports, bindings, operations, SOAPActions, styles,
   addresses, wrapper elements and their children) must equal what etree read.

The schema's <s:import namespace="http://schemas.xmlsoap.org/soap/encoding/"/> has no
schemaLocation (ATL always writes it that way). zeep skips such an import and logs it
(zeep.xsd.visitor, "Ignoring import statement ... (missing schemaLocation)"); the
script captures that log, reports it, and fails if any OTHER import is skipped, so
nothing is ignored silently.

Prints one line per file; exits non-zero on any mismatch.
Run: .venv/bin/python tests/peer/check_wfm_wsdls.py [wsdl-dir]
"""

from __future__ import annotations

import logging
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

from zeep import Settings
from zeep.transports import Transport
from zeep.wsdl import Document

WSDL = "http://schemas.xmlsoap.org/wsdl/"
SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"
XSD = "http://www.w3.org/2001/XMLSchema"
SOAPENC = "http://schemas.xmlsoap.org/soap/encoding/"
ATLS = "http://tempuri.org/vc/atl/server/"
SOAP_HTTP = "http://schemas.xmlsoap.org/soap/http"

EXPECTED_PREFIXES = {
    "s": XSD,
    "http": "http://schemas.xmlsoap.org/wsdl/http/",
    "mime": "http://schemas.xmlsoap.org/wsdl/mime/",
    "soap": SOAP,
    "soapenc": SOAPENC,
    "wsdl": WSDL,
    "atls": ATLS,
    "": WSDL,
}
ATL_COMMENT = "<!-- ATL Server generated Web Service Description -->"


class NetworkRefused(RuntimeError):
    pass


class OfflineTransport(Transport):
    """A zeep transport that reads local files only and never touches the network."""

    def load(self, url):
        if urlparse(url).scheme in ("http", "https"):
            raise NetworkRefused(f"refused to fetch {url!r} (offline peer check)")
        return super().load(url)


class ImportLog(logging.Handler):
    """Collects the namespaces of imports zeep skipped for lack of a schemaLocation."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.skipped: list[str] = []

    def emit(self, record):
        msg = record.getMessage()
        if "Ignoring import statement" in msg:
            m = re.search(r"namespace '([^']*)'", msg)
            self.skipped.append(m.group(1) if m else msg)


def q(ns: str, local: str) -> str:
    return f"{{{ns}}}{local}"


def resolve_qname(value: str, nsmap: dict[str, str]) -> str:
    prefix, _, local = value.rpartition(":")
    return q(nsmap.get(prefix, f"<unbound prefix {prefix!r}>"), local)


def read_with_etree(path: Path, errors: list[str]) -> dict:
    """Everything the script checks, read straight from the file."""
    raw = path.read_text(encoding="utf-8")
    prolog = re.match(r'\s*<\?xml[^>]*\?>\s*(<!--.*?-->)', raw, re.S)
    if not prolog or prolog.group(1) != ATL_COMMENT:
        errors.append("first node after the XML declaration is not the ATL Server comment")

    nsmap: dict[str, str] = {}
    for _event, (prefix, uri) in ET.iterparse(path, events=("start-ns",)):
        nsmap.setdefault(prefix, uri)
    root = ET.parse(path).getroot()
    tns = root.get("targetNamespace", "")
    for prefix, uri in EXPECTED_PREFIXES.items():
        if nsmap.get(prefix) != uri:
            errors.append(f"prefix {prefix or '(default)'!r} is {nsmap.get(prefix)!r}, expected {uri!r}")
    if nsmap.get("s0") != tns:
        errors.append(f"prefix 's0' is {nsmap.get('s0')!r}, expected the targetNamespace {tns!r}")

    info: dict = {"tns": tns, "services": {}, "bindings": {}, "port_types": {}, "elements": {}, "messages": {}}

    schemas = root.findall(f"{q(WSDL, 'types')}/{q(XSD, 'schema')}")
    if len(schemas) != 1:
        errors.append(f"{len(schemas)} s:schema elements, expected 1")
    for schema in schemas:
        if schema.get("targetNamespace") != tns:
            errors.append("schema targetNamespace differs from definitions/@targetNamespace")
        for attr in ("attributeFormDefault", "elementFormDefault"):
            if schema.get(attr) != "qualified":
                errors.append(f"schema {attr} is {schema.get(attr)!r}, expected 'qualified'")
        imports = [i.get("namespace") for i in schema.findall(q(XSD, "import"))]
        if imports != [SOAPENC]:
            errors.append(f"schema imports {imports}, expected exactly the soapenc import")
        for el in schema.findall(q(XSD, "element")):
            seq = el.find(f"{q(XSD, 'complexType')}/{q(XSD, 'sequence')}")
            kids = [] if seq is None else [c.get("name") for c in seq.findall(q(XSD, "element"))]
            info["elements"][el.get("name")] = kids
        for ct in schema.findall(q(XSD, "complexType")):
            check_struct(ct, errors)

    for msg in root.findall(q(WSDL, "message")):
        parts = [(p.get("name"), p.get("element")) for p in msg.findall(q(WSDL, "part"))]
        info["messages"][msg.get("name")] = parts

    for pt in root.findall(q(WSDL, "portType")):
        ops = {}
        for op in pt.findall(q(WSDL, "operation")):
            if op.find(q(WSDL, "fault")) is not None:
                errors.append(f"portType operation {op.get('name')} declares a fault")
            ops[op.get("name")] = (
                op.find(q(WSDL, "input")).get("message"),
                op.find(q(WSDL, "output")).get("message"),
            )
        info["port_types"][pt.get("name")] = ops

    for b in root.findall(q(WSDL, "binding")):
        sb = b.find(q(SOAP, "binding"))
        ops = {}
        for op in b.findall(q(WSDL, "operation")):
            so = op.find(q(SOAP, "operation"))
            if op.find(f".//{q(SOAP, 'header')}") is not None or op.find(q(WSDL, "fault")) is not None:
                errors.append(f"binding operation {op.get('name')} has a SOAP header or fault")
            uses = [body.get("use") for body in op.iter(q(SOAP, "body"))]
            ops[op.get("name")] = {
                "action": so.get("soapAction") if so is not None else None,
                "style": so.get("style") if so is not None else None,
                "uses": uses,
            }
        info["bindings"][b.get("name")] = {
            "type": resolve_qname(b.get("type", ""), nsmap),
            "style": sb.get("style") if sb is not None else None,
            "transport": sb.get("transport") if sb is not None else None,
            "ops": ops,
        }

    for svc in root.findall(q(WSDL, "service")):
        ports = {}
        for port in svc.findall(q(WSDL, "port")):
            addr = port.find(q(SOAP, "address"))
            ports[port.get("name")] = {
                "binding": resolve_qname(port.get("binding", ""), nsmap),
                "address": addr.get("location") if addr is not None else None,
            }
        info["services"][svc.get("name")] = ports
    return info


def check_struct(ct: ET.Element, errors: list[str]) -> None:
    """atls:SizeIs must name an earlier s:int sibling (the size companion precedes its array)."""
    seq = ct.find(q(XSD, "sequence"))
    if seq is None:
        return
    seen: dict[str, str | None] = {}
    for field in seq.findall(q(XSD, "element")):
        size_is = field.get(q(ATLS, "SizeIs"))
        if size_is is not None:
            if seen.get(size_is) != "s:int":
                errors.append(f"{ct.get('name')}.{field.get('name')}: atls:SizeIs={size_is!r} is not an earlier s:int field")
            if field.get("nillable") != "true":
                errors.append(f"{ct.get('name')}.{field.get('name')}: dynamic array is not nillable")
        seen[field.get("name")] = field.get("type")


def check_rules(service: str, info: dict, errors: list[str]) -> None:
    """The ATL Server naming rules, from the etree view only."""
    soap_name = f"{service}Soap"
    if info["tns"] != f"urn:{service}":
        errors.append(f"targetNamespace {info['tns']!r}, expected 'urn:{service}'")
    if list(info["services"]) != [service]:
        errors.append(f"services {list(info['services'])}, expected [{service!r}] (file name)")
    if list(info["port_types"]) != [soap_name]:
        errors.append(f"portTypes {list(info['port_types'])}, expected [{soap_name!r}]")
    if list(info["bindings"]) != [soap_name]:
        errors.append(f"bindings {list(info['bindings'])}, expected [{soap_name!r}]")
    for ports in info["services"].values():
        if list(ports) != [soap_name]:
            errors.append(f"ports {list(ports)}, expected [{soap_name!r}]")
        for pname, port in ports.items():
            if port["binding"] != q(info["tns"], soap_name):
                errors.append(f"port {pname} binding {port['binding']}, expected s0:{soap_name}")
            if not (port["address"] or "").endswith(f"?Handler={service}"):
                errors.append(f"port {pname} address {port['address']!r} does not end with ?Handler={service}")
    for bname, b in info["bindings"].items():
        if b["type"] != q(info["tns"], soap_name):
            errors.append(f"binding {bname} type {b['type']}, expected s0:{soap_name}")
        if b["style"] != "document" or b["transport"] != SOAP_HTTP:
            errors.append(f"binding {bname}: soap:binding style/transport {b['style']!r}/{b['transport']!r}")
        pt_ops = info["port_types"].get(bname, {})
        if list(b["ops"]) != list(pt_ops):
            errors.append(f"binding operations {list(b['ops'])} != portType operations {list(pt_ops)}")
        for op, o in b["ops"].items():
            if o["action"] != f"#{op}":
                errors.append(f"{op}: soapAction {o['action']!r}, expected '#{op}'")
            if o["style"] != "document" or o["uses"] != ["literal", "literal"]:
                errors.append(f"{op}: style {o['style']!r}, soap:body uses {o['uses']}")
            if pt_ops.get(op) != (f"s0:{op}In", f"s0:{op}Out"):
                errors.append(f"{op}: portType messages {pt_ops.get(op)}, expected s0:{op}In/s0:{op}Out")
            if info["messages"].get(f"{op}In") != [("parameters", f"s0:{op}")]:
                errors.append(f"{op}In: parts {info['messages'].get(f'{op}In')}")
            if info["messages"].get(f"{op}Out") != [("parameters", f"s0:{op}Response")]:
                errors.append(f"{op}Out: parts {info['messages'].get(f'{op}Out')}")
            for el in (op, f"{op}Response"):
                if el not in info["elements"]:
                    errors.append(f"no wrapper element {el}")
            resp = info["elements"].get(f"{op}Response", [])
            if resp not in ([], ["return"]):
                errors.append(f"{op}Response children {resp}, expected [] or ['return']")


def read_with_zeep(path: Path, import_log: ImportLog) -> dict:
    settings = Settings(strict=True, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    doc = Document(str(path), transport=OfflineTransport(), settings=settings)
    view: dict = {"services": {}, "elements": {}, "ops": {}}
    for sname, svc in doc.services.items():
        ports = {}
        for pname, port in svc.ports.items():
            binding = port.binding
            ports[pname] = {
                "binding": binding.name.text,
                "address": port.binding_options.get("address"),
            }
            for oname, op in binding.all().items():
                # signature() forces zeep to resolve every type the operation uses.
                op.input.signature(as_output=False)
                op.output.signature(as_output=True)
                view["ops"][oname] = {"action": op.soapaction, "style": op.style}
                for msg in (op.input, op.output):
                    body = msg.body
                    view["elements"][body.qname.localname] = (
                        body.qname.namespace,
                        [name for name, _ in body.type.elements],
                    )
        view["services"][sname] = ports
    view["port_types"] = {qn: list(pt.operations) for qn, pt in doc.port_types.items()}
    return view


def compare(info: dict, view: dict, errors: list[str]) -> None:
    """zeep's view must equal the etree view."""
    etree_services = {
        s: {p: {"binding": v["binding"], "address": v["address"]} for p, v in ports.items()}
        for s, ports in info["services"].items()
    }
    if view["services"] != etree_services:
        errors.append(f"zeep services/ports {view['services']} != etree {etree_services}")
    etree_ops = {op: {"action": o["action"], "style": o["style"]}
                 for b in info["bindings"].values() for op, o in b["ops"].items()}
    if view["ops"] != etree_ops:
        errors.append(f"zeep operations {view['ops']} != etree {etree_ops}")
    etree_pt = {q(info["tns"], name): list(ops) for name, ops in info["port_types"].items()}
    if view["port_types"] != etree_pt:
        errors.append(f"zeep portTypes {view['port_types']} != etree {etree_pt}")
    for el, (ns, children) in view["elements"].items():
        if ns != info["tns"]:
            errors.append(f"zeep: wrapper {el} in namespace {ns!r}")
        if info["elements"].get(el) != children:
            errors.append(f"zeep: wrapper {el} children {children} != etree {info['elements'].get(el)}")


def check_file(path: Path) -> tuple[bool, str]:
    service = path.stem
    errors: list[str] = []
    info = read_with_etree(path, errors)
    check_rules(service, info, errors)

    import_log = ImportLog()
    visitor_log = logging.getLogger("zeep.xsd.visitor")
    visitor_log.addHandler(import_log)
    visitor_log.setLevel(logging.DEBUG)
    visitor_log.propagate = False
    try:
        view = read_with_zeep(path, import_log)
    except Exception as exc:  # any zeep load/resolve failure is a finding
        return False, f"FAIL {path.name}: zeep could not load it: {type(exc).__name__}: {exc}"
    finally:
        visitor_log.removeHandler(import_log)
    compare(info, view, errors)

    unexpected = [ns for ns in import_log.skipped if ns != SOAPENC]
    if unexpected:
        errors.append(f"zeep skipped imports other than soapenc: {unexpected}")
    soapenc_note = "soapenc import skipped by zeep (no schemaLocation)" if SOAPENC in import_log.skipped else "soapenc import not skipped"

    if errors:
        return False, f"FAIL {path.name}: " + "; ".join(errors)
    ops = ", ".join(f"{op}={o['action']}" for op, o in view["ops"].items())
    (sname, ports), = view["services"].items()
    (pname, port), = ports.items()
    return True, (f"OK   {path.name}: service {sname}, port {pname}, address {port['address']}, "
                  f"{len(view['ops'])} ops [{ops}]; {soapenc_note}")


def main(argv: list[str]) -> int:
    wsdl_dir = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[2] / "wsdl"
    files = sorted(wsdl_dir.glob("*.wsdl"))
    if not files:
        print(f"FAIL no *.wsdl files in {wsdl_dir}")
        return 1
    failed = 0
    for path in files:
        ok, line = check_file(path)
        print(line)
        failed += not ok
    print(f"{len(files) - failed}/{len(files)} WSDL files passed the zeep peer check")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
