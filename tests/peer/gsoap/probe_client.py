#!/usr/bin/env python3
"""What gSOAP's calc-client accepts: answers its add(1.5, 2.25) with variants of a response
and prints, per variant, the line calc-client prints for that call.

The README's "What gSOAP requires of a response" is this script's output; rerun it after a
gSOAP upgrade. Standard library only.
Run: python3 tests/peer/gsoap/probe_client.py target/peer/gsoap/calc-client
"""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading

ENCODING = ' SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"'


def envelope(body: str, encoding_style: str = ENCODING) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"'
        ' xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xmlns:xsd="http://www.w3.org/2001/XMLSchema">'
        f"<SOAP-ENV:Body{encoding_style}>{body}</SOAP-ENV:Body></SOAP-ENV:Envelope>"
    )


def response(result: str = "<result>3.75</result>", name: str = "m:addResponse",
             namespace: str = ' xmlns:m="urn:calc"') -> str:
    return f"<{name}{namespace}>{result}</{name}>"


FAULT = ("<SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode>"
         "<faultstring>Division by zero</faultstring></SOAP-ENV:Fault>")

# (what the variant checks, HTTP status, body)
VARIANTS = [
    ("as gSOAP answers (encodingStyle on Body, no xsi:type)", 200, envelope(response())),
    ("no encodingStyle", 200, envelope(response(), encoding_style="")),
    ("xsi:type=\"xsd:double\" on the result",
     200, envelope(response('<result xsi:type="xsd:double">3.75</result>'))),
    ("result part named \"return\" (as Axis names it)", 200, envelope(response("<return>3.75</return>"))),
    ("result qualified with urn:calc", 200, envelope(response("<m:result>3.75</m:result>"))),
    ("response element named \"addResult\"", 200, envelope(response(name="m:addResult"))),
    ("response element in another namespace (urn:other)",
     200, envelope(response(namespace=' xmlns:m="urn:other"'))),
    ("response element without a namespace", 200, envelope(response(name="addResponse", namespace=""))),
    ("result by reference (href to a multiRef)",
     200, envelope(response('<result href="#id0"/>')
                   + '<multiRef id="id0" xsi:type="xsd:double">3.75</multiRef>')),
    ("shortest double form with exponent (\"375e-2\")", 200, envelope(response("<result>375e-2</result>"))),
    ("a fault with HTTP 200", 200, envelope(FAULT)),
    ("a fault with HTTP 500", 500, envelope(FAULT)),
    ("HTTP 500 without a body", 500, ""),
]


class Replies(http.server.BaseHTTPRequestHandler):
    """Answers every POST with the current variant."""

    status = 200
    body = ""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        payload = Replies.body.encode()
        self.send_response(Replies.status)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *_args):
        pass


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    server = http.server.HTTPServer(("127.0.0.1", 0), Replies)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/"
    for label, status, body in VARIANTS:
        Replies.status, Replies.body = status, body
        # calc-client calls add first; its first line is the verdict on this reply.
        run = subprocess.run([sys.argv[1], url], capture_output=True, text=True, timeout=60, check=False)
        first = run.stdout.splitlines()[0] if run.stdout else run.stderr.strip()
        print(f"{label}: {first}")
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
