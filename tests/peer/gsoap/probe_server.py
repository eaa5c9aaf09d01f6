#!/usr/bin/env python3
"""What gSOAP's calc-server accepts: posts variants of an add(1.5, 2.25) request and prints,
per variant, the HTTP status and the result or faultstring gSOAP answers.

The README's "What gSOAP requires of a request" is this script's output; rerun it after a
gSOAP upgrade. Standard library only.
Run: tests/peer/gsoap/with-server.sh target/peer/gsoap python3 tests/peer/gsoap/probe_server.py
"""

from __future__ import annotations

import http.client
import re
import sys
from urllib.parse import urlparse

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
ENCODING = ' SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"'
XSI_DOUBLE = ' xsi:type="xsd:double"'


def envelope(body: str, *, encoding_style: str = ENCODING, soap_ns: str = SOAP11) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<SOAP-ENV:Envelope xmlns:SOAP-ENV="{soap_ns}"'
        ' xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xmlns:xsd="http://www.w3.org/2001/XMLSchema">'
        f"<SOAP-ENV:Body{encoding_style}>{body}</SOAP-ENV:Body></SOAP-ENV:Envelope>"
    )


def add(a: str = "<a>1.5</a>", b: str = "<b>2.25</b>", open_tag: str = '<m:add xmlns:m="urn:calc">',
        close_tag: str = "</m:add>") -> str:
    return f"{open_tag}{a}{b}{close_tag}"


TEXT_XML = "text/xml; charset=utf-8"

# (what the variant checks, body, Content-Type, SOAPAction header or None for none)
VARIANTS = [
    ("as gSOAP sends it (encodingStyle on Body, no xsi:type)", envelope(add()), TEXT_XML, '""'),
    ("encodingStyle on the operation element instead of Body",
     envelope(add(open_tag='<m:add xmlns:m="urn:calc" SOAP-ENV:encodingStyle='
                           '"http://schemas.xmlsoap.org/soap/encoding/">'), encoding_style=""),
     TEXT_XML, '""'),
    ("no encodingStyle anywhere", envelope(add(), encoding_style=""), TEXT_XML, '""'),
    ("xsi:type=\"xsd:double\" on the parts",
     envelope(add(f"<a{XSI_DOUBLE}>1.5</a>", f"<b{XSI_DOUBLE}>2.25</b>")), TEXT_XML, '""'),
    ("xsi:type=\"xsd:string\" (wrong) on the parts",
     envelope(add('<a xsi:type="xsd:string">1.5</a>', '<b xsi:type="xsd:string">2.25</b>')),
     TEXT_XML, '""'),
    ("xsi:type=\"xsd:int\" (wrong) on the parts",
     envelope(add('<a xsi:type="xsd:int">1.5</a>', '<b xsi:type="xsd:int">2.25</b>')),
     TEXT_XML, '""'),
    ("parts qualified with urn:calc", envelope(add("<m:a>1.5</m:a>", "<m:b>2.25</m:b>")),
     TEXT_XML, '""'),
    ("parts in the order b, a", envelope(add("<b>2.25</b>", "<a>1.5</a>")), TEXT_XML, '""'),
    ("part b missing", envelope(add(b="")), TEXT_XML, '""'),
    ("an extra part c", envelope(add(b="<b>2.25</b><c>9</c>")), TEXT_XML, '""'),
    ("operation element in a default namespace",
     envelope(add(open_tag='<add xmlns="urn:calc">', close_tag="</add>",
                  a='<a xmlns="">1.5</a>', b='<b xmlns="">2.25</b>')), TEXT_XML, '""'),
    ("operation element in another namespace (urn:other)",
     envelope(add(open_tag='<m:add xmlns:m="urn:other">')), TEXT_XML, '""'),
    ("operation element without a namespace",
     envelope(add(open_tag="<add>", close_tag="</add>")), TEXT_XML, '""'),
    ("SOAPAction naming another operation (\"urn:calc#sub\")", envelope(add()), TEXT_XML,
     '"urn:calc#sub"'),
    ("no SOAPAction header", envelope(add()), TEXT_XML, None),
    ("Content-Type application/xml", envelope(add()), "application/xml", '""'),
    ("SOAP 1.2 envelope, application/soap+xml",
     envelope(add(), encoding_style=' SOAP-ENV:encodingStyle="http://www.w3.org/2003/05/soap-encoding"',
              soap_ns=SOAP12), "application/soap+xml; charset=utf-8", None),
    ("part a by reference (href to a multiRef after the operation element)",
     envelope(add(a='<a href="#id1"/>') + '<multiRef id="id1" xsi:type="xsd:double">1.5</multiRef>'),
     TEXT_XML, '""'),
    ("xsi:nil=\"true\" on part a", envelope(add(a='<a xsi:nil="true"/>')), TEXT_XML, '""'),
    ("exponent and surrounding whitespace (\" 15E-1 \")", envelope(add(a="<a> 15E-1 </a>")),
     TEXT_XML, '""'),
    ("a value that is not a double (\"one\")", envelope(add(a="<a>one</a>")), TEXT_XML, '""'),
]


def post(url: str, body: str, content_type: str, action: str | None) -> tuple[int, str]:
    target = urlparse(url)
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
    headers = {"Content-Type": content_type}
    if action is not None:
        headers["SOAPAction"] = action
    connection.request("POST", target.path or "/", body.encode(), headers)
    response = connection.getresponse()
    text = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, text


def outcome(text: str) -> str:
    version = " (SOAP 1.2 envelope)" if SOAP12 in text else ""
    fault = re.search(r"<faultstring>(.*?)</faultstring>|<SOAP-ENV:Text[^>]*>(.*?)</SOAP-ENV:Text>",
                      text, re.DOTALL)
    if fault:
        return f"fault{version}: {fault.group(1) or fault.group(2)}"
    result = re.search(r"<result>(.*?)</result>", text, re.DOTALL)
    return f"result {result.group(1)}{version}" if result else "unrecognised: " + text[:200]


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    for label, body, content_type, action in VARIANTS:
        try:
            status, text = post(sys.argv[1], body, content_type, action)
        except OSError as error:
            print(f"{label}: transport error: {error}")
            continue
        print(f"{label}: HTTP {status}, {outcome(text)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
