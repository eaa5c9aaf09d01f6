//! Serving SOAP requests: what generated `serve_<port>` dispatchers call.
//!
//! A dispatcher reads the request with [`ServerRequest::read`], picks the operation by the
//! SOAPAction ([`ServerRequest::action`]) or, failing that, by the body's first element
//! ([`ServerRequest::body_element_name`]), decodes the operation's SOAP headers and body
//! through the request, calls the implementation, writes the response envelope with
//! [`ServerRequest::respond`] (or [`ServerRequest::respond_with_header`], for a response with
//! SOAP headers), and turns the outcome into an HTTP status and body with
//! [`reply`]. A request that does not decode is answered as ATL Server answers it: the fault
//! [`SoapFault::invalid_request`] (SOAP 1.1 `Client`, 1.2 `Sender`, `SOAP Invalid Request`)
//! with the reason in its detail.
//!
//! ```
//! use soap_runtime::SoapVersion;
//! use soap_runtime::dispatch::{ServerRequest, reply};
//!
//! let request = br#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
//!   <soap:Body><Echo xmlns="urn:X"><text>hi</text></Echo></soap:Body>
//! </soap:Envelope>"#;
//! let result = (|| {
//!     let mut request = ServerRequest::read(SoapVersion::Soap11, Some("\"#Echo\""), request)?;
//!     assert_eq!((request.action(), request.body_element_name()), ("#Echo", "Echo"));
//!     let text = request.decode_body(|r, echo| {
//!         let child = r.next_child(echo)?.expect("a child");
//!         r.read_string(&child)
//!     })?;
//!     Ok(request.respond(Default::default(), |w| w.text_element("EchoResponse", &text)))
//! })();
//! let (status, body) = reply(result);
//! assert_eq!(status, 200);
//! assert!(String::from_utf8(body).unwrap().contains("<EchoResponse>hi</EchoResponse>"));
//! ```

#![allow(
    clippy::result_large_err,
    reason = "a dispatcher answers with the fault as the server traits return it, unboxed"
)]

use std::fmt::Display;

use crate::envelope::{self, Body, SoapVersion};
use crate::xml::{Element, WireStyle, XmlReader, XmlWriter};
use crate::{Result, SoapFault};

/// A request read down to its body's first element, for a port of one SOAP version.
pub struct ServerRequest<'a> {
    version: SoapVersion,
    /// The whole request, for reading the header blocks.
    text: &'a str,
    /// The SOAPAction, without surrounding quotes and spaces; empty when none was sent.
    action: &'a str,
    /// The body, its reader positioned inside `element`.
    body: Body<'a>,
    /// The body's first element.
    element: Element<'a>,
}

impl<'a> ServerRequest<'a> {
    /// Reads the envelope of `request_bytes` down to the body's first element. A request that
    /// is not UTF-8, not an envelope, or has an empty body is an invalid-request fault.
    pub fn read(
        version: SoapVersion,
        soap_action: Option<&'a str>,
        request_bytes: &'a [u8],
    ) -> Result<Self, SoapFault> {
        let text = std::str::from_utf8(request_bytes)
            .map_err(|_| SoapFault::invalid_request(version, "the request is not UTF-8"))?;
        let mut body = envelope::read_body(text, Default::default(), 200)
            .map_err(|error| SoapFault::invalid_request(version, error.to_string()))?;
        let Some(element) = body.content.take() else {
            return Err(SoapFault::invalid_request(
                version,
                "the SOAP body is empty",
            ));
        };
        let action = soap_action
            .map(|action| action.trim().trim_matches('"'))
            .unwrap_or_default();
        Ok(ServerRequest {
            version,
            text,
            action,
            body,
            element,
        })
    }

    /// The SOAPAction, without the quotes HTTP carries it in; empty when none was sent.
    pub fn action(&self) -> &'a str {
        self.action
    }

    /// The local name of the body's first element.
    pub fn body_element_name(&self) -> &'a str {
        self.element.local_name()
    }

    /// Hands each SOAP header block to `decode` (with the reader positioned inside it);
    /// blocks `decode` does not read are skipped. A block that does not decode is an
    /// invalid-request fault naming it.
    pub fn decode_headers(
        &self,
        mut decode: impl FnMut(&mut XmlReader<'a>, &Element<'a>) -> Result<()>,
    ) -> Result<(), SoapFault> {
        let mut header = envelope::read_header(self.text, Default::default())
            .map_err(|error| self.invalid(error))?;
        let Some(header_element) = header.content.take() else {
            return Ok(());
        };
        let r = &mut header.reader;
        while let Some(block) = r
            .next_child(&header_element)
            .map_err(|error| self.invalid(error))?
        {
            decode(r, &block).map_err(|error| {
                self.invalid(format_args!(
                    "SOAP header <{}>: {error}",
                    block.local_name()
                ))
            })?;
        }
        Ok(())
    }

    /// The invalid-request fault for a required SOAP header (local name `local`) that the
    /// request does not carry.
    pub fn missing_header(&self, local: &str) -> SoapFault {
        self.invalid(format_args!(
            "the required SOAP header <{local}> is missing"
        ))
    }

    /// Decodes the body with `read` (given the body's first element) and checks that the
    /// envelope ends properly after it; any failure is an invalid-request fault.
    pub fn decode_body<T>(
        &mut self,
        read: impl FnOnce(&mut XmlReader<'a>, &Element<'a>) -> Result<T>,
    ) -> Result<T, SoapFault> {
        let value =
            read(&mut self.body.reader, &self.element).map_err(|error| self.invalid(error))?;
        self.body
            .reader
            .finish()
            .map_err(|error| self.invalid(error))?;
        Ok(value)
    }

    /// [`decode_body`](Self::decode_body) for a SOAP-encoded (rpc/encoded) request: the reader
    /// follows multi-references (`href`) wherever in the body their targets are.
    pub fn decode_encoded_body<T>(
        &mut self,
        read: impl FnOnce(&mut XmlReader<'a>, &Element<'a>) -> Result<T>,
    ) -> Result<T, SoapFault> {
        self.body.reader.follow_references();
        self.decode_body(read)
    }

    /// The invalid-request fault for a request that neither its SOAPAction nor its body
    /// element match to an operation of the port.
    pub fn unknown_operation(&self) -> SoapFault {
        self.invalid(format_args!(
            "no operation of this port for SOAPAction {:?} and element <{}>",
            self.action,
            self.element.local_name()
        ))
    }

    /// The response envelope (in the request's SOAP version), its body written by `body`.
    pub fn respond(&self, style: WireStyle, body: impl FnOnce(&mut XmlWriter)) -> Vec<u8> {
        self.respond_with_header(style, |_| {}, body)
    }

    /// [`respond`](Self::respond) with SOAP header blocks, written by `header` into
    /// `soap:Header` (left out when `header` writes nothing).
    pub fn respond_with_header(
        &self,
        style: WireStyle,
        header: impl FnOnce(&mut XmlWriter),
        body: impl FnOnce(&mut XmlWriter),
    ) -> Vec<u8> {
        let mut w = XmlWriter::with_style(style);
        envelope::write_envelope_with_header(&mut w, self.version, header, body);
        w.into_bytes()
    }

    fn invalid(&self, explanation: impl Display) -> SoapFault {
        SoapFault::invalid_request(self.version, explanation.to_string())
    }
}

/// The HTTP status and body answering a served request: 200 and the response envelope, or
/// the fault's status (500) and its envelope.
pub fn reply(result: Result<Vec<u8>, SoapFault>) -> (u16, Vec<u8>) {
    match result {
        Ok(envelope) => (200, envelope),
        Err(fault) => {
            let mut w = XmlWriter::new();
            envelope::write_fault(&mut w, &fault);
            (fault.http_status, w.into_bytes())
        }
    }
}
