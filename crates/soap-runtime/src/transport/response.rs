//! What comes back: [`SoapResponse`] and [`RestResponse`], reading a body within its limit,
//! and the errors a response (or its absence) turns into.

use std::fmt;
use std::sync::Arc;

use reqwest::header::{CONTENT_TYPE, LOCATION};

use super::{ClientConfig, Operation};
use crate::envelope::{self, Body, Header};
use crate::error::{CallSite, DecodeError, DecodeErrorKind, Error, ErrorKind, Result};
use crate::excerpt::{self, MAX_TEXT_BYTES, RequestSecrets};
use crate::xml::{Element, ReaderOptions, XmlReader};

/// A successful (2xx) SOAP response, ready to decode.
#[derive(Clone)]
pub struct SoapResponse {
    pub(super) status: u16,
    pub(super) content_type: Option<String>,
    pub(super) body: Vec<u8>,
    pub(super) reader_options: ReaderOptions,
    pub(super) operation: Operation,
    pub(super) call_site: CallSite,
    pub(super) secrets: RequestSecrets,
}

impl fmt::Debug for SoapResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SoapResponse")
            .field("status", &self.status)
            .field("call", &self.call_site)
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

impl SoapResponse {
    /// The HTTP status (200, or 202 for one-way operations).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The raw response body.
    pub fn body_bytes(&self) -> &[u8] {
        &self.body
    }

    /// Reads the envelope down to the first body child; a fault in the body (even with HTTP 200)
    /// is [`ErrorKind::Fault`], and a body that is no SOAP envelope at all (an HTML page, JSON,
    /// nothing) is [`ErrorKind::UnexpectedContent`].
    pub fn read_body(&self) -> Result<Body<'_>> {
        self.read_envelope().map_err(|e| self.contextualize(e))
    }

    fn read_envelope(&self) -> Result<Body<'_>> {
        envelope::read_body(self.envelope_text()?, self.reader_options, self.status)
    }

    /// The body as the text of a SOAP envelope.
    fn envelope_text(&self) -> Result<&str> {
        if !envelope::looks_like_envelope(&self.body) {
            return Err(unexpected_content(
                self.status,
                self.content_type.clone(),
                &self.body,
            ));
        }
        std::str::from_utf8(&self.body).map_err(|e| {
            Error::from(DecodeError {
                path: String::new(),
                position: e.valid_up_to() as u64,
                kind: DecodeErrorKind::InvalidUtf8,
            })
        })
    }

    /// Hands each SOAP header block of the response to `decode` (a generated decoder, with the
    /// reader positioned inside the block); blocks `decode` does not read are skipped, and a
    /// response without `soap:Header` calls it never. Generated clients call it after decoding
    /// the body, so that a fault is reported as one.
    ///
    /// ```
    /// # fn demo(response: &soap_runtime::SoapResponse) -> soap_runtime::Result<()> {
    /// let mut ticket = None;
    /// response.decode_headers(|r, block| {
    ///     if ticket.is_none() && block.is(Some("urn:X"), "Ticket") {
    ///         ticket = Some(r.read_string(block)?);
    ///     }
    ///     Ok(())
    /// })?;
    /// let ticket = ticket.ok_or_else(|| response.missing_header("Ticket"))?;
    /// # let _ = ticket; Ok(()) }
    /// ```
    pub fn decode_headers(
        &self,
        decode: impl for<'a> FnMut(&mut XmlReader<'a>, &Element<'a>) -> Result<()>,
    ) -> Result<()> {
        self.read_header_blocks(decode)
            .map_err(|e| self.contextualize(e))
    }

    fn read_header_blocks(
        &self,
        mut decode: impl for<'a> FnMut(&mut XmlReader<'a>, &Element<'a>) -> Result<()>,
    ) -> Result<()> {
        let mut header = envelope::read_header(self.envelope_text()?, self.reader_options)?;
        let Some(header_element) = header.content.take() else {
            return Ok(());
        };
        let r = &mut header.reader;
        while let Some(block) = r.next_child(&header_element)? {
            decode(r, &block)?;
        }
        Ok(())
    }

    /// The decode error for a required SOAP header block (local name `local_name`) that the
    /// response does not carry: a [`DecodeErrorKind::MissingElement`] at `Envelope/Header`.
    pub fn missing_header(&self, local_name: &str) -> Error {
        let missing = DecodeErrorKind::MissingElement(local_name.to_owned());
        let error = match self
            .envelope_text()
            .and_then(|text| envelope::read_header(text, self.reader_options))
        {
            Ok(Header {
                reader,
                content: Some(header),
                ..
            }) => reader.missing(&header, local_name),
            // No `soap:Header` at all: the path still names where the block belongs.
            Ok(Header { reader, .. }) => Error::from(DecodeError {
                path: "Envelope/Header".into(),
                position: reader.position(),
                kind: missing,
            }),
            Err(error) => error,
        };
        self.contextualize(error)
    }

    /// Decodes the first body child with `decode` (a generated decoder), then checks that the
    /// rest of the document is complete. An empty body is a missing-element error; a body
    /// element other than the operation's [`response`](Operation::response) is a
    /// [`DecodeErrorKind::WrongElement`] error naming both.
    ///
    /// ```no_run
    /// # async fn demo(client: soap_runtime::HttpTransport) -> soap_runtime::Result<()> {
    /// use soap_runtime::{Operation, ResponseElement, SoapVersion};
    /// const PING: Operation = Operation {
    ///     service: "SessionService800",
    ///     name: "Ping",
    ///     action: "#Ping",
    ///     version: SoapVersion::Soap11,
    ///     response: Some(ResponseElement {
    ///         namespace: Some("urn:SessionService800"),
    ///         local_name: "PingResponse",
    ///     }),
    /// };
    /// let endpoint = "http://soap.example:7000/?Handler=SessionService800".into();
    /// let response = client
    ///     .call(&PING, &endpoint, |w| {
    ///         w.start_element("Ping");
    ///         w.namespace_declaration(None, "urn:SessionService800");
    ///         w.end_element("Ping");
    ///     })
    ///     .await?;
    /// let value: i32 = response.decode(|r, el| {
    ///     let mut value = 0;
    ///     while let Some(child) = r.next_child(el)? {
    ///         if child.local_name() == "return" {
    ///             value = r.read_scalar(&child)?;
    ///         }
    ///     }
    ///     Ok(value)
    /// })?;
    /// # let _ = value; Ok(()) }
    /// ```
    pub fn decode<T>(
        &self,
        decode: impl for<'a> FnOnce(&mut XmlReader<'a>, &Element<'a>) -> Result<T>,
    ) -> Result<T> {
        self.decode_body(false, decode)
            .map_err(|e| self.contextualize(e))
    }

    /// [`decode`](Self::decode) for a SOAP-encoded (rpc/encoded) response: multi-references
    /// are followed and the serialization root is found past `soapenc:root="0"` elements
    /// (see [`Body::use_encoding`]).
    pub fn decode_encoded<T>(
        &self,
        decode: impl for<'a> FnOnce(&mut XmlReader<'a>, &Element<'a>) -> Result<T>,
    ) -> Result<T> {
        self.decode_body(true, decode)
            .map_err(|e| self.contextualize(e))
    }

    /// Decodes a document response of several body parts with `decode`, given the `Body`
    /// element and its first child (the reader is inside it; the others follow with
    /// [`XmlReader::next_child`] of `Body`), then checks that the document is complete.
    pub fn decode_parts<T>(
        &self,
        decode: impl for<'a> FnOnce(&mut XmlReader<'a>, &Element<'a>, Element<'a>) -> Result<T>,
    ) -> Result<T> {
        self.decode_all_parts(false, decode)
            .map_err(|e| self.contextualize(e))
    }

    /// [`decode_parts`](Self::decode_parts) for a SOAP-encoded body (see
    /// [`decode_encoded`](Self::decode_encoded)).
    pub fn decode_encoded_parts<T>(
        &self,
        decode: impl for<'a> FnOnce(&mut XmlReader<'a>, &Element<'a>, Element<'a>) -> Result<T>,
    ) -> Result<T> {
        self.decode_all_parts(true, decode)
            .map_err(|e| self.contextualize(e))
    }

    fn decode_all_parts<T>(
        &self,
        encoded: bool,
        decode: impl for<'a> FnOnce(&mut XmlReader<'a>, &Element<'a>, Element<'a>) -> Result<T>,
    ) -> Result<T> {
        let mut body = self.read_envelope()?;
        if encoded {
            body.use_encoding()?;
        }
        let Some(first) = body.content.take() else {
            return Err(body.reader.error(DecodeErrorKind::MissingElement(
                "response part in soap:Body".into(),
            )));
        };
        let value = decode(&mut body.reader, &body.element, first)?;
        body.reader.finish()?;
        Ok(value)
    }

    fn decode_body<T>(
        &self,
        encoded: bool,
        decode: impl for<'a> FnOnce(&mut XmlReader<'a>, &Element<'a>) -> Result<T>,
    ) -> Result<T> {
        let mut body = self.read_envelope()?;
        if encoded {
            body.use_encoding()?;
        }
        let Some(content) = body.content.take() else {
            return Err(body.reader.error(DecodeErrorKind::MissingElement(
                self.operation
                    .response
                    .map_or("response element in soap:Body", |r| r.local_name)
                    .into(),
            )));
        };
        if let Some(expected) = self.operation.response {
            body.reader
                .expect_element(&content, expected.namespace, expected.local_name)?;
        }
        let value = decode(&mut body.reader, &content)?;
        body.reader.finish()?;
        Ok(value)
    }

    fn contextualize(&self, error: Error) -> Error {
        error.redacted(&self.secrets).with_call(&self.call_site)
    }
}

/// A REST response: from [`HttpTransport::get_rest`](super::HttpTransport::get_rest) always 2xx, from
/// [`HttpTransport::post_form`](super::HttpTransport::post_form) any status but 3xx.
#[derive(Clone)]
pub struct RestResponse {
    /// HTTP status.
    pub status: u16,
    /// The `Content-Type`, if any (bounded).
    pub content_type: Option<String>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl fmt::Debug for RestResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RestResponse")
            .field("status", &self.status)
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

/// A response as received: status, content type and body.
pub(super) struct Reply {
    pub(super) status: u16,
    pub(super) content_type: Option<String>,
    pub(super) body: Vec<u8>,
}

/// The response's `Content-Type`, bounded.
pub(super) fn content_type_of(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get(CONTENT_TYPE)
        .map(|value| excerpt::bounded(&String::from_utf8_lossy(value.as_bytes()), 256))
}

/// A redirect, named with its status and `Location` (bounded), never followed.
pub(super) fn redirect_error(status: u16, response: &reqwest::Response) -> Error {
    let location = response
        .headers()
        .get(LOCATION)
        .map(|value| excerpt::bounded(&String::from_utf8_lossy(value.as_bytes()), MAX_TEXT_BYTES));
    ErrorKind::Redirect { status, location }.into()
}

/// The error for a 2xx body that is no SOAP envelope.
pub(super) fn unexpected_content(status: u16, content_type: Option<String>, body: &[u8]) -> Error {
    ErrorKind::UnexpectedContent {
        status,
        content_type,
        excerpt: excerpt::body_excerpt(body),
    }
    .into()
}

/// Maps a failure before the response head arrived.
pub(super) fn send_error(e: reqwest::Error, host: &str, config: &ClientConfig) -> Error {
    let kind = if e.is_timeout() {
        let (phase, after) = if e.is_connect() {
            ("connect", config.connect_timeout)
        } else {
            ("request", config.request_timeout)
        };
        ErrorKind::Timeout { phase, after }
    } else if e.is_connect() {
        ErrorKind::Connect {
            host: host.to_owned(),
            source: Arc::new(e.without_url()),
        }
    } else if e.is_request() {
        ErrorKind::ConnectionClosed {
            host: host.to_owned(),
            source: Arc::new(e.without_url()),
        }
    } else {
        ErrorKind::Transport(Arc::new(e.without_url()))
    };
    kind.into()
}

/// Reads the body chunk by chunk, refusing it as soon as it exceeds the limit.
pub(super) async fn read_limited(
    mut response: reqwest::Response,
    config: &ClientConfig,
) -> Result<Vec<u8>> {
    let limit = config.max_response_bytes;
    let expected = response.content_length();
    if expected.is_some_and(|len| len > limit) {
        return Err(ErrorKind::ResponseTooLarge { limit }.into());
    }
    let initial = expected
        .unwrap_or(16 * 1024)
        .min(limit)
        .min(64 * 1024 * 1024);
    let mut body = Vec::with_capacity(usize::try_from(initial).unwrap_or(0));
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if (body.len() + chunk.len()) as u64 > limit {
                    return Err(ErrorKind::ResponseTooLarge { limit }.into());
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(body),
            Err(e) if e.is_timeout() => {
                return Err(ErrorKind::Timeout {
                    phase: "request",
                    after: config.request_timeout,
                }
                .into());
            }
            // A decode error that is not caused by the body stream breaking: corrupt data.
            Err(e) if e.is_decode() && !caused_by_body_stream(&e) => {
                return Err(ErrorKind::Decompression {
                    // The only content coding the client asks for.
                    encoding: "gzip".into(),
                    source: Arc::new(e.without_url()),
                }
                .into());
            }
            Err(_) => {
                return Err(ErrorKind::TruncatedBody {
                    received: body.len() as u64,
                    expected,
                }
                .into());
            }
        }
    }
}

/// Whether a reqwest error (possibly wrapped by the gzip decoder) comes from the body stream
/// ending or breaking, rather than from the data in it.
///
/// Both come as a decode error around a body error. A broken stream has the connection's
/// error (hyper's) under the body error; corrupt data has the decompressor's, which reports
/// as an `io::Error`.
fn caused_by_body_stream(e: &reqwest::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(inner) = cause {
        if let Some(body) = inner
            .downcast_ref::<reqwest::Error>()
            .filter(|inner| inner.is_body())
        {
            let data_error = std::error::Error::source(body)
                .is_some_and(|source| source.downcast_ref::<std::io::Error>().is_some());
            return !data_error;
        }
        cause = inner.source();
    }
    false
}
