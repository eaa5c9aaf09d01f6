#!/usr/bin/env python3
"""Writes a synthetic WSDL with the shape and size of Cisco CUCM AXL 12.5.

AXL is the largest real WSDL we know (4.5 MB, 1,068 operations, 3,558 complex types) but it
is proprietary, so the generator benchmark (`crates/wsdl-codegen/benches/axl_scale.rs`) runs
on this stand-in instead. It copies AXL's shape, not its content:

- document/literal, SOAP 1.1, one schema in one namespace, every part element typed by a
  named type (`<xsd:element name="addPhone" type="axlapi:AddPhoneReq"/>`);
- for each of ~200 entity kinds `Foo`: the operations `addFoo`, `getFoo`, `listFoo`,
  `updateFoo` and `removeFoo`; the types `XFoo` (the entity), `RFoo` (what `get` returns,
  every member optional, `uuid` attribute), `LFoo` (what `list` returns), nested list types,
  and the request/response types, responses extending `APIResponse` and removes extending
  `NameAndGUIDRequest`;
- `XFkType` (a string with a `uuid` attribute) for every foreign key, most of them nillable;
- `xsd:choice` of `uuid`/`name` in every get, update and remove request, search criteria and
  `returnedTags` in list requests;
- hundreds of enumerations, a few unions (AXL's `XInteger`-like "number or empty").

Deterministic: the same seed writes the same bytes.

    python3 scripts/axl_shaped_wsdl.py OUT.wsdl [--seed N] [--entities N]
"""

import argparse
import random
from xml.sax.saxutils import escape

NS = "http://www.cisco.com/AXL/API/12.5"

# Words entity and member names are made of (AXL's vocabulary, roughly).
NOUNS = """Phone Line Device User Route Pattern Partition Css Gateway Trunk Region Location
Pool Group Profile Template Button Softkey Service Directory Number Media Resource Hunt List
Pilot Conference Bridge Transcoder Mtp Annunciator Voicemail Port Cti Application Server
Credential Policy Sip Security Calendar Presence Feature Control Ldap Filter Agent Recording
Mobility Remote Destination Intercom Translation Transformation Called Calling Party Number
Date Time Schedule Holiday Emergency Geo Srst Aar Network Access Certificate Vpn Gatekeeper
Cluster Node Process Enterprise Parameter Announcement Music Hold Audio Source Lpr Ils Uc
Elin Headset Wifi Hotspot Ivr Message Waiting Call Park Pickup Forward Barge Privacy""".split()
MEMBER_WORDS = """name description product model class protocol owner user id pattern usage
partition css route filter mask prefix digits calling called party transformation pool
location region media resource list group softkey template button profile security
certificate subscribe presence mobility enable allow use default max min timer count size
ring setting display label line number directory external mask alerting ascii hold music
audio source network locale user device privacy join barge call forward busy no answer
unregistered destination voicemail external primary secondary tertiary version load
information timeout key mode type status priority""".split()


def camel(words):
    return words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:])


def pascal(words):
    return "".join(w[:1].upper() + w[1:] for w in words)


class Schema:
    def __init__(self, rng, entities):
        self.rng = rng
        self.out = []
        self.enums = []
        self.entity_names = self.pick_entities(entities)

    def pick_entities(self, count):
        names, seen = [], set()
        while len(names) < count:
            parts = self.rng.randint(1, 3)
            name = "".join(self.rng.choice(NOUNS) for _ in range(parts))
            if name not in seen:
                seen.add(name)
                names.append(name)
        return names

    def w(self, line):
        self.out.append(line)

    def member_names(self, count):
        names, seen = [], set()
        while len(names) < count:
            name = camel([self.rng.choice(MEMBER_WORDS) for _ in range(self.rng.randint(1, 3))])
            if name not in seen and name not in ("uuid", "name"):
                seen.add(name)
                names.append(name)
        return names

    def common_types(self):
        w = self.w
        w('<xsd:simpleType name="XUUID"><xsd:restriction base="xsd:string">'
          '<xsd:pattern value="\\{?[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}\\}?"/>'
          '</xsd:restriction></xsd:simpleType>')
        w('<xsd:simpleType name="boolean"><xsd:restriction base="xsd:string">'
          + "".join(f'<xsd:enumeration value="{v}"/>' for v in ("true", "false", "t", "f", "1", "0"))
          + '</xsd:restriction></xsd:simpleType>')
        w('<xsd:simpleType name="XEmpty"><xsd:restriction base="xsd:string"><xsd:maxLength value="0"/>'
          '</xsd:restriction></xsd:simpleType>')
        # AXL's "a number or nothing" members, as unions.
        for base in ("xsd:int", "xsd:long", "xsd:unsignedInt"):
            name = "XInteger" if base == "xsd:int" else "X" + base[4:].capitalize()
            w(f'<xsd:simpleType name="{name}"><xsd:union memberTypes="{base} axlapi:XEmpty"/></xsd:simpleType>')
        for size in (50, 100, 128, 255):
            w(f'<xsd:simpleType name="String{size}"><xsd:restriction base="xsd:string">'
              f'<xsd:maxLength value="{size}"/></xsd:restriction></xsd:simpleType>')
        w('<xsd:complexType name="XFkType"><xsd:simpleContent><xsd:extension base="xsd:string">'
          '<xsd:attribute name="uuid" type="axlapi:XUUID"/></xsd:extension></xsd:simpleContent></xsd:complexType>')
        w('<xsd:complexType name="XLoadInformation"><xsd:simpleContent><xsd:extension base="xsd:string">'
          '<xsd:attribute name="special" type="axlapi:boolean" default="false"/></xsd:extension>'
          '</xsd:simpleContent></xsd:complexType>')
        w('<xsd:complexType name="APIRequest"><xsd:attribute name="sequence" type="xsd:unsignedLong"/></xsd:complexType>')
        w('<xsd:complexType name="APIResponse"><xsd:attribute name="sequence" type="xsd:unsignedLong"/></xsd:complexType>')
        w('<xsd:complexType name="NameAndGUIDRequest"><xsd:complexContent><xsd:extension base="axlapi:APIRequest">'
          '<xsd:choice><xsd:element name="uuid" type="axlapi:XUUID"/><xsd:element name="name" type="axlapi:String100"/>'
          '</xsd:choice></xsd:extension></xsd:complexContent></xsd:complexType>')
        w('<xsd:complexType name="StandardResponse"><xsd:complexContent><xsd:extension base="axlapi:APIResponse">'
          '<xsd:sequence><xsd:element name="return" type="axlapi:String"/></xsd:sequence>'
          '</xsd:extension></xsd:complexContent></xsd:complexType>')
        w('<xsd:simpleType name="String"><xsd:restriction base="xsd:string"/></xsd:simpleType>')
        # AXL has about 700 enumerations (XDeviceProtocol, XStatus, ...).
        for index in range(700):
            name = "X" + pascal([self.rng.choice(MEMBER_WORDS) for _ in range(2)]) + str(index)
            values = sorted({pascal([self.rng.choice(MEMBER_WORDS) for _ in range(self.rng.randint(1, 3))])
                             for _ in range(self.rng.randint(2, 24))})
            self.enums.append(name)
            w(f'<xsd:simpleType name="{name}"><xsd:restriction base="xsd:string">'
              + "".join(f'<xsd:enumeration value="{escape(v)}"/>' for v in values)
              + "</xsd:restriction></xsd:simpleType>")

    def member_type(self):
        roll = self.rng.random()
        if roll < 0.30:
            return "axlapi:XFkType", True
        if roll < 0.52:
            return "axlapi:" + self.rng.choice(self.enums), False
        if roll < 0.62:
            return "axlapi:boolean", False
        if roll < 0.70:
            return "axlapi:XInteger", False
        if roll < 0.76:
            return "xsd:" + self.rng.choice(("int", "long", "unsignedInt", "boolean")), False
        return "axlapi:String" + str(self.rng.choice((50, 100, 128, 255))), False

    def members(self, names, optional, nillable_share):
        """Element declarations for `names`; about `nillable_share` of the foreign keys nillable."""
        out = []
        for name in names:
            type_name, foreign_key = self.member_type()
            attrs = f'name="{name}" type="{type_name}"'
            if optional:
                attrs += ' minOccurs="0"'
            if foreign_key and self.rng.random() < nillable_share:
                attrs += ' nillable="true"'
            out.append(f"<xsd:element {attrs}/>")
        return "".join(out)

    def entity(self, entity):
        w, rng = self.w, self.rng
        lower = entity[:1].lower() + entity[1:]
        names = self.member_names(rng.randint(8, 44))
        nested = [f"{lower}{suffix}" for suffix in ("Items", "Settings", "Members")[: rng.randint(1, 3)]]
        item_names = {n: self.member_names(rng.randint(3, 10)) for n in nested}
        nillable = 0.4
        # XFoo: the entity as added.
        body = self.members(names, optional=False, nillable_share=nillable)
        for n in nested:
            item = pascal(["X", entity, n[len(lower):], "Item"])
            w(f'<xsd:complexType name="{item}"><xsd:sequence>'
              + self.members(item_names[n], optional=True, nillable_share=nillable)
              + '</xsd:sequence><xsd:attribute name="uuid" type="axlapi:XUUID"/></xsd:complexType>')
            body += (f'<xsd:element name="{n}" minOccurs="0"><xsd:complexType><xsd:sequence>'
                     f'<xsd:element name="item" type="axlapi:{item}" maxOccurs="unbounded"/>'
                     "</xsd:sequence></xsd:complexType></xsd:element>")
        w(f'<xsd:complexType name="X{entity}"><xsd:sequence>'
          f'<xsd:element name="name" type="axlapi:String100"/>{body}'
          '</xsd:sequence><xsd:attribute name="ctiid" type="xsd:int"/></xsd:complexType>')
        # RFoo: what get returns, every member optional.
        w(f'<xsd:complexType name="R{entity}"><xsd:sequence>'
          '<xsd:element name="name" type="axlapi:String100" minOccurs="0"/>'
          + self.members(names, optional=True, nillable_share=nillable)
          + f'</xsd:sequence><xsd:attribute name="uuid" type="axlapi:XUUID"/></xsd:complexType>')
        # LFoo: what list returns, a subset.
        listed = names[: max(3, len(names) // 2)]
        w(f'<xsd:complexType name="L{entity}"><xsd:sequence>'
          '<xsd:element name="name" type="axlapi:String100" minOccurs="0"/>'
          + self.members(listed, optional=True, nillable_share=nillable)
          + f'</xsd:sequence><xsd:attribute name="uuid" type="axlapi:XUUID"/></xsd:complexType>')
        # Requests and responses.
        w(f'<xsd:complexType name="Add{entity}Req"><xsd:complexContent><xsd:extension base="axlapi:APIRequest">'
          f'<xsd:sequence><xsd:element name="{lower}" type="axlapi:X{entity}"/></xsd:sequence>'
          "</xsd:extension></xsd:complexContent></xsd:complexType>")
        w(f'<xsd:complexType name="Get{entity}Req"><xsd:complexContent><xsd:extension base="axlapi:APIRequest">'
          '<xsd:sequence><xsd:choice><xsd:element name="uuid" type="axlapi:XUUID"/>'
          '<xsd:element name="name" type="axlapi:String100"/></xsd:choice>'
          f'<xsd:element name="returnedTags" type="axlapi:R{entity}" minOccurs="0"/></xsd:sequence>'
          "</xsd:extension></xsd:complexContent></xsd:complexType>")
        w(f'<xsd:complexType name="Get{entity}Res"><xsd:complexContent><xsd:extension base="axlapi:APIResponse">'
          '<xsd:sequence><xsd:element name="return"><xsd:complexType><xsd:sequence>'
          f'<xsd:element name="{lower}" type="axlapi:R{entity}"/></xsd:sequence></xsd:complexType></xsd:element>'
          "</xsd:sequence></xsd:extension></xsd:complexContent></xsd:complexType>")
        criteria = names[: rng.randint(1, min(4, len(names)))]
        w(f'<xsd:complexType name="List{entity}Req"><xsd:complexContent><xsd:extension base="axlapi:APIRequest">'
          '<xsd:sequence><xsd:element name="searchCriteria"><xsd:complexType><xsd:sequence>'
          '<xsd:element name="name" type="axlapi:String100" minOccurs="0"/>'
          + "".join(f'<xsd:element name="{c}" type="axlapi:String100" minOccurs="0"/>' for c in criteria)
          + "</xsd:sequence></xsd:complexType></xsd:element>"
          f'<xsd:element name="returnedTags" type="axlapi:L{entity}"/>'
          '<xsd:element name="skip" type="xsd:unsignedLong" minOccurs="0"/>'
          '<xsd:element name="first" type="xsd:unsignedLong" minOccurs="0"/>'
          "</xsd:sequence></xsd:extension></xsd:complexContent></xsd:complexType>")
        w(f'<xsd:complexType name="List{entity}Res"><xsd:complexContent><xsd:extension base="axlapi:APIResponse">'
          '<xsd:sequence><xsd:element name="return"><xsd:complexType><xsd:sequence>'
          f'<xsd:element name="{lower}" type="axlapi:L{entity}" minOccurs="0" maxOccurs="unbounded"/>'
          "</xsd:sequence></xsd:complexType></xsd:element>"
          "</xsd:sequence></xsd:extension></xsd:complexContent></xsd:complexType>")
        updated = names[: rng.randint(2, len(names))]
        w(f'<xsd:complexType name="Update{entity}Req"><xsd:complexContent><xsd:extension base="axlapi:NameAndGUIDRequest">'
          '<xsd:sequence><xsd:element name="newName" type="axlapi:String100" minOccurs="0"/>'
          + self.members(updated, optional=True, nillable_share=nillable)
          + "</xsd:sequence></xsd:extension></xsd:complexContent></xsd:complexType>")
        operations = [
            (f"add{entity}", f"Add{entity}Req", f"Add{entity}Res"),
            (f"get{entity}", f"Get{entity}Req", f"Get{entity}Res"),
            (f"list{entity}", f"List{entity}Req", f"List{entity}Res"),
            (f"update{entity}", f"Update{entity}Req", "StandardResponse"),
            (f"remove{entity}", "NameAndGUIDRequest", "StandardResponse"),
        ]
        w(f'<xsd:complexType name="Add{entity}Res"><xsd:complexContent><xsd:extension base="axlapi:APIResponse">'
          '<xsd:sequence><xsd:element name="return" type="axlapi:XUUID"/></xsd:sequence>'
          "</xsd:extension></xsd:complexContent></xsd:complexType>")
        for operation, request, response in operations:
            w(f'<xsd:element name="{operation}" type="axlapi:{request}"/>')
            w(f'<xsd:element name="{operation}Response" type="axlapi:{response}"/>')
        return [op for op, _, _ in operations]


def wsdl(seed, entities):
    rng = random.Random(seed)
    schema = Schema(rng, entities)
    schema.common_types()
    operations = []
    for entity in schema.entity_names:
        operations += schema.entity(entity)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f"<!-- Synthetic AXL-shaped WSDL written by scripts/axl_shaped_wsdl.py (seed {seed}, "
        f"{entities} entities); not Cisco's. -->",
        f'<definitions name="AXLAPIService" targetNamespace="{NS}" xmlns="http://schemas.xmlsoap.org/wsdl/"'
        ' xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xsd="http://www.w3.org/2001/XMLSchema"'
        f' xmlns:s0="{NS}" xmlns:axlapi="{NS}">',
        "<types>",
        f'<xsd:schema targetNamespace="{NS}" elementFormDefault="unqualified" attributeFormDefault="unqualified">',
        *schema.out,
        "</xsd:schema>",
        "</types>",
    ]
    for op in operations:
        lines.append(f'<message name="{op}In"><part element="s0:{op}" name="request"/></message>')
        lines.append(f'<message name="{op}Out"><part element="s0:{op}Response" name="response"/></message>')
    lines.append('<portType name="AXLPort">')
    for op in operations:
        lines.append(f'<operation name="{op}"><input message="s0:{op}In"/><output message="s0:{op}Out"/></operation>')
    lines.append("</portType>")
    lines.append('<binding name="AXLAPIBinding" type="s0:AXLPort">'
                 '<soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>')
    for op in operations:
        lines.append(f'<operation name="{op}"><soap:operation soapAction="CUCM:DB ver=12.5 {op}" style="document"/>'
                     '<input><soap:body use="literal"/></input><output><soap:body use="literal"/></output></operation>')
    lines.append("</binding>")
    lines.append('<service name="AXLAPIService"><port binding="s0:AXLAPIBinding" name="AXLPort">'
                 '<soap:address location="https://CCMSERVERNAME:8443/axl/"/></port></service>')
    lines.append("</definitions>")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="the WSDL file to write")
    parser.add_argument("--seed", type=int, default=125)
    parser.add_argument("--entities", type=int, default=200, help="entity kinds (5 operations each)")
    args = parser.parse_args()
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(wsdl(args.seed, args.entities))


if __name__ == "__main__":
    main()
