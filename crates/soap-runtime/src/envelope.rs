//! SOAP 1.1 and 1.2 envelopes: writing a request around a body writer, reading a response down
//! to its first body child or its fault.

use crate::error::{DecodeErrorKind, Result};
use crate::fault::{FaultCode, SoapFault};
use crate::xml::{Element, ReaderOptions, XmlReader, XmlWriter};

pub use crate::version::{SOAP11_ENVELOPE_NAMESPACE, SOAP12_ENVELOPE_NAMESPACE, SoapVersion};

/// Writes a complete request envelope (`<?xml ...?><soap:Envelope ...><soap:Body>…`) into `w`;
/// `body` writes the body content. The envelope declares `xsi` and `xsd`, as ATL's does.
///
/// ```
/// use soap_runtime::envelope::{write_envelope, SoapVersion};
/// use soap_runtime::xml::XmlWriter;
/// let mut w = XmlWriter::new();
/// write_envelope(&mut w, SoapVersion::Soap11, |w| {
///     w.start_element("CloseSession");
///     w.namespace_declaration(None, "urn:SessionService");
///     w.end_element("CloseSession");
/// });
/// assert!(w.as_str().contains("<soap:Body><CloseSession xmlns=\"urn:SessionService\"/></soap:Body>"));
/// ```
pub fn write_envelope(w: &mut XmlWriter, version: SoapVersion, body: impl FnOnce(&mut XmlWriter)) {
    write_envelope_with_header(w, version, |_| {}, body);
}

/// Like [`write_envelope`], with a `soap:Header` whose content `header` writes (omitted when it
/// writes nothing).
pub fn write_envelope_with_header(
    w: &mut XmlWriter,
    version: SoapVersion,
    header: impl FnOnce(&mut XmlWriter),
    body: impl FnOnce(&mut XmlWriter),
) {
    w.declaration();
    w.start_element("soap:Envelope");
    w.namespace_declaration(Some("soap"), version.envelope_namespace());
    w.declare_schema_prefixes();
    w.text(""); // closes the Envelope start tag, so a dropped header cannot take its `>` along
    let before_header = w.len();
    w.start_element("soap:Header");
    let header_start = w.len();
    header(w);
    if w.len() == header_start {
        // Nothing written: drop the empty header instead of sending `<soap:Header/>`.
        w.truncate(before_header);
    } else {
        w.end_element("soap:Header");
    }
    w.start_element("soap:Body");
    body(w);
    w.end_element("soap:Body");
    w.end_element("soap:Envelope");
}

/// Writes a complete fault envelope (for servers, simulators and test doubles). SOAP 1.1 uses
/// ATL Server's layout: prefix `SOAP`, `faultcode` as `SOAP:<code>` when the code is in the
/// envelope namespace (or has none), `faultstring`, optional `faultactor`, and `detail` always
/// present. SOAP 1.2 writes `Code/Value`, nested `Subcode/Value`, `Reason/Text xml:lang="en"`,
/// `Node`, `Role` and `Detail`. `fault.detail` is inner XML and is written verbatim.
///
/// ```
/// use soap_runtime::envelope::{read_body, write_fault, SoapVersion};
/// use soap_runtime::xml::{ReaderOptions, XmlWriter};
/// use soap_runtime::{FaultCode, SoapFault};
/// let fault = SoapFault {
///     version: SoapVersion::Soap11,
///     http_status: 500,
///     code: FaultCode { namespace: None, local_name: "Server".into() },
///     subcodes: vec![],
///     string: "SOAP Server Application Faulted".into(),
///     actor: None,
///     node: None,
///     detail: Some("Application Error".into()),
///     detail_namespaces: vec![],
/// };
/// let mut w = XmlWriter::new();
/// write_fault(&mut w, &fault);
/// let xml = String::from_utf8(w.into_bytes()).unwrap();
/// assert!(xml.contains("<faultcode>SOAP:Server</faultcode>"));
/// let read = read_body(&xml, ReaderOptions::default(), 500).unwrap_err();
/// assert_eq!(read.fault().map(|f| f.string.as_str()), Some(fault.string.as_str()));
/// ```
pub fn write_fault(w: &mut XmlWriter, fault: &SoapFault) {
    let env_ns = fault.version.envelope_namespace();
    w.declaration();
    w.start_element("SOAP:Envelope");
    w.namespace_declaration(Some("SOAP"), env_ns);
    w.start_element("SOAP:Body");
    w.start_element("SOAP:Fault");
    match fault.version {
        SoapVersion::Soap11 => {
            w.start_element("faultcode");
            write_code_value(w, &fault.code, env_ns, "c0");
            w.end_element("faultcode");
            w.text_element("faultstring", &fault.string);
            if let Some(actor) = &fault.actor {
                w.text_element("faultactor", actor);
            }
            w.start_element("detail");
            w.raw(fault.detail.as_deref().unwrap_or(""));
            w.end_element("detail");
        }
        SoapVersion::Soap12 => {
            w.start_element("SOAP:Code");
            w.start_element("SOAP:Value");
            write_code_value(w, &fault.code, env_ns, "c0");
            w.end_element("SOAP:Value");
            for (i, sub) in fault.subcodes.iter().enumerate() {
                w.start_element("SOAP:Subcode");
                w.start_element("SOAP:Value");
                write_code_value(w, sub, env_ns, &format!("c{}", i + 1));
                w.end_element("SOAP:Value");
            }
            for _ in &fault.subcodes {
                w.end_element("SOAP:Subcode");
            }
            w.end_element("SOAP:Code");
            w.start_element("SOAP:Reason");
            w.start_element("SOAP:Text");
            w.attribute("xml:lang", "en");
            w.text(&fault.string);
            w.end_element("SOAP:Text");
            w.end_element("SOAP:Reason");
            if let Some(node) = &fault.node {
                w.text_element("SOAP:Node", node);
            }
            if let Some(role) = &fault.actor {
                w.text_element("SOAP:Role", role);
            }
            if let Some(detail) = &fault.detail {
                w.start_element("SOAP:Detail");
                w.raw(detail);
                w.end_element("SOAP:Detail");
            }
        }
    }
    w.end_element("SOAP:Fault");
    w.end_element("SOAP:Body");
    w.end_element("SOAP:Envelope");
}

/// Writes a fault code QName as text of the element just started: `SOAP:<local>` for codes in
/// the envelope namespace (or none), else a prefix declared on that element.
fn write_code_value(w: &mut XmlWriter, code: &FaultCode, env_ns: &str, prefix: &str) {
    match code.namespace.as_deref() {
        None => {
            w.text("SOAP:");
            w.text(&code.local_name);
        }
        Some(ns) if ns == env_ns => {
            w.text("SOAP:");
            w.text(&code.local_name);
        }
        Some(ns) => {
            w.namespace_declaration(Some(prefix), ns);
            w.text(prefix);
            w.text(":");
            w.text(&code.local_name);
        }
    }
}

/// A response envelope read down to its body.
#[derive(Debug)]
pub struct Body<'a> {
    /// The reader, positioned inside the first body child (if any).
    pub reader: XmlReader<'a>,
    /// The envelope's SOAP version.
    pub version: SoapVersion,
    /// The first child of `Body` (the response wrapper element), or `None` for an empty body.
    pub content: Option<Element<'a>>,
    /// The `Body` element itself.
    pub element: Element<'a>,
}

impl Body<'_> {
    /// Prepares a SOAP-encoded body for decoding: the reader follows multi-references
    /// ([`XmlReader::follow_references`]), and [`content`](Self::content) moves past the
    /// independent elements marked `soapenc:root="0"` (multi-reference targets some servers
    /// write first) to the serialization root.
    pub fn use_encoding(&mut self) -> Result<()> {
        self.reader.follow_references();
        while let Some(first) = &self.content {
            let root =
                self.reader
                    .attribute(first, Some(crate::xml::SOAP_ENCODING_NAMESPACE), "root")?;
            if root.as_deref().map(str::trim) != Some("0") {
                break;
            }
            self.content = self.reader.next_child(&self.element)?;
        }
        Ok(())
    }
}

/// Reads a response envelope: checks `Envelope`, skips `Header`, enters `Body` and its first
/// child. A `Fault` there becomes [`ErrorKind::Fault`](crate::ErrorKind::Fault) with every field (`http_status` recorded in it).
///
/// ```
/// use soap_runtime::envelope::read_body;
/// use soap_runtime::xml::ReaderOptions;
/// let xml = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
///   <soap:Body><PingResponse xmlns="urn:X"><return>1</return></PingResponse></soap:Body>
/// </soap:Envelope>"#;
/// let mut body = read_body(xml, ReaderOptions::default(), 200)?;
/// let response = body.content.take().unwrap();
/// assert_eq!(response.local_name(), "PingResponse");
/// let ret = body.reader.next_child(&response)?.unwrap();
/// assert_eq!(body.reader.read_scalar::<i32>(&ret)?, 1);
/// # Ok::<(), soap_runtime::Error>(())
/// ```
pub fn read_body(input: &str, options: ReaderOptions, http_status: u16) -> Result<Body<'_>> {
    let mut reader = XmlReader::with_options(input, options);
    let (envelope, version) = open_envelope(&mut reader)?;
    let env_ns = version.envelope_namespace();
    loop {
        let Some(child) = reader.next_child(&envelope)? else {
            return Err(reader.error(DecodeErrorKind::MissingElement("Body".into())));
        };
        if child.is(Some(env_ns), "Body") {
            let content = reader.next_child(&child)?;
            if let Some(first) = &content {
                if first.is(Some(env_ns), "Fault") {
                    let mut fault = match version {
                        SoapVersion::Soap11 => read_fault11(&mut reader, first, http_status)?,
                        SoapVersion::Soap12 => read_fault12(&mut reader, first, http_status)?,
                    };
                    fault.bound();
                    return Err(fault.into());
                }
            }
            return Ok(Body {
                reader,
                version,
                content,
                element: child,
            });
        }
        // Header or anything else before Body: skipped by the next `next_child`.
    }
}

/// A request envelope read down to its header (for servers reading SOAP header blocks).
#[derive(Debug)]
pub struct Header<'a> {
    /// The reader, positioned inside `Header` (if any).
    pub reader: XmlReader<'a>,
    /// The envelope's SOAP version.
    pub version: SoapVersion,
    /// The `Header` element, whose children are the header blocks; `None` without a header.
    pub content: Option<Element<'a>>,
}

/// Reads an envelope down to its `Header` (`None` when `Body` comes first); the body is not
/// read. Servers call it before [`read_body`] on the same text to decode header blocks.
///
/// ```
/// use soap_runtime::envelope::read_header;
/// use soap_runtime::xml::ReaderOptions;
/// let xml = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
///   <soap:Header><Ticket xmlns="urn:X">t-1</Ticket></soap:Header>
///   <soap:Body><Ping xmlns="urn:X"/></soap:Body>
/// </soap:Envelope>"#;
/// let mut header = read_header(xml, ReaderOptions::default())?;
/// let content = header.content.take().unwrap();
/// let ticket = header.reader.next_child(&content)?.unwrap();
/// assert!(ticket.is(Some("urn:X"), "Ticket"));
/// assert_eq!(header.reader.read_string(&ticket)?, "t-1");
/// # Ok::<(), soap_runtime::Error>(())
/// ```
pub fn read_header(input: &str, options: ReaderOptions) -> Result<Header<'_>> {
    let mut reader = XmlReader::with_options(input, options);
    let (envelope, version) = open_envelope(&mut reader)?;
    let env_ns = version.envelope_namespace();
    let mut content = None;
    while let Some(child) = reader.next_child(&envelope)? {
        if child.is(Some(env_ns), "Header") {
            content = Some(child);
            break;
        }
        if child.is(Some(env_ns), "Body") {
            break;
        }
    }
    Ok(Header {
        reader,
        version,
        content,
    })
}

/// Enters the document element, which must be a SOAP 1.1 or 1.2 `Envelope`.
fn open_envelope<'a>(reader: &mut XmlReader<'a>) -> Result<(Element<'a>, SoapVersion)> {
    let envelope = reader.root()?;
    let Some(version) = SoapVersion::from_namespace(envelope.namespace()) else {
        return Err(reader.error(DecodeErrorKind::WrongElement {
            expected: "a SOAP 1.1 or 1.2 Envelope".into(),
            found: describe(&envelope),
        }));
    };
    if envelope.local_name() != "Envelope" {
        reader.expect_element(&envelope, Some(version.envelope_namespace()), "Envelope")?;
    }
    Ok((envelope, version))
}

fn describe(element: &Element<'_>) -> String {
    match element.namespace() {
        Some(ns) => format!("{{{ns}}}{}", element.local_name()),
        None => element.local_name().to_owned(),
    }
}

fn read_fault11<'a>(
    r: &mut XmlReader<'a>,
    fault: &Element<'a>,
    http_status: u16,
) -> Result<SoapFault> {
    let mut out = empty_fault(SoapVersion::Soap11, http_status);
    while let Some(child) = r.next_child(fault)? {
        match child.local_name() {
            "faultcode" => out.code = fault_code(r.read_qname_lenient(&child)?),
            "faultstring" => out.string = r.read_string(&child)?,
            "faultactor" => out.actor = Some(r.read_string(&child)?),
            "detail" => {
                out.detail_namespaces = r.namespaces_in_scope(&child)?;
                out.detail = Some(r.read_inner_raw(&child)?.to_owned());
            }
            _ => {}
        }
    }
    Ok(out)
}

fn read_fault12<'a>(
    r: &mut XmlReader<'a>,
    fault: &Element<'a>,
    http_status: u16,
) -> Result<SoapFault> {
    let mut out = empty_fault(SoapVersion::Soap12, http_status);
    while let Some(child) = r.next_child(fault)? {
        match child.local_name() {
            "Code" => {
                let mut codes = read_code_chain(r, &child)?.into_iter();
                if let Some(code) = codes.next() {
                    out.code = code;
                }
                out.subcodes = codes.collect();
            }
            "Reason" => {
                while let Some(text) = r.next_child(&child)? {
                    if text.local_name() == "Text" && out.string.is_empty() {
                        out.string = r.read_string(&text)?;
                    }
                }
            }
            "Node" => out.node = Some(r.read_string(&child)?),
            "Role" => out.actor = Some(r.read_string(&child)?),
            "Detail" => {
                out.detail_namespaces = r.namespaces_in_scope(&child)?;
                out.detail = Some(r.read_inner_raw(&child)?.to_owned());
            }
            _ => {}
        }
    }
    Ok(out)
}

/// `Code/Value`, then each nested `Subcode/Value`, outermost first.
fn read_code_chain<'a>(r: &mut XmlReader<'a>, code: &Element<'a>) -> Result<Vec<FaultCode>> {
    let mut values = Vec::new();
    let mut current = code.clone();
    loop {
        let mut subcode = None;
        while let Some(child) = r.next_child(&current)? {
            match child.local_name() {
                "Value" => values.push(fault_code(r.read_qname_lenient(&child)?)),
                "Subcode" => {
                    subcode = Some(child);
                    break;
                }
                _ => {}
            }
        }
        match subcode {
            Some(next) => current = next,
            None => return Ok(values),
        }
    }
}

fn fault_code(name: crate::xml::ResolvedName) -> FaultCode {
    FaultCode {
        namespace: name.namespace,
        local_name: name.local_name,
    }
}

fn empty_fault(version: SoapVersion, http_status: u16) -> SoapFault {
    SoapFault {
        version,
        http_status,
        code: FaultCode {
            namespace: None,
            local_name: String::new(),
        },
        subcodes: Vec::new(),
        string: String::new(),
        actor: None,
        node: None,
        detail: None,
        detail_namespaces: Vec::new(),
    }
}

/// Whether `body` starts like a SOAP envelope: after an optional byte order mark, white space,
/// the XML declaration, comments and processing instructions, a start tag whose local name is
/// `Envelope`. A cheap look at the first bytes, so that an HTML page, JSON or an empty body is
/// reported as what it is rather than as an XML error.
pub(crate) fn looks_like_envelope(body: &[u8]) -> bool {
    let mut rest = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    loop {
        rest = rest.trim_ascii_start();
        if rest.starts_with(b"<?") {
            let Some(end) = memchr::memmem::find(rest, b"?>") else {
                return false;
            };
            rest = &rest[end + 2..];
        } else if rest.starts_with(b"<!--") {
            let Some(end) = memchr::memmem::find(rest, b"-->") else {
                return false;
            };
            rest = &rest[end + 3..];
        } else {
            break;
        }
    }
    let Some(tag) = rest.strip_prefix(b"<") else {
        return false;
    };
    let name_end = tag
        .iter()
        .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
        .unwrap_or(tag.len());
    let name = &tag[..name_end];
    let local = match name.iter().rposition(|&b| b == b':') {
        Some(colon) => &name[colon + 1..],
        None => name,
    };
    local == b"Envelope"
}

impl SoapFault {
    /// ATL Server's fault for a request it cannot parse or dispatch: a client fault with ATL's
    /// default faultstring, `SOAP Invalid Request`, and `explanation` (escaped) as the text of
    /// `detail`. Generated dispatchers answer a request they cannot decode with it.
    pub fn invalid_request(version: SoapVersion, explanation: impl AsRef<str>) -> Self {
        let mut detail = Vec::new();
        crate::xml::escape_text_into(explanation.as_ref(), &mut detail);
        SoapFault {
            detail: Some(String::from_utf8_lossy(&detail).into_owned()),
            ..Self::client(version, "SOAP Invalid Request")
        }
    }

    /// Sets the detail to the XML that `write` writes (for servers: a generated fault enum's
    /// `to_fault` writes the detail element with the generated writer).
    ///
    /// ```
    /// use soap_runtime::{SoapFault, SoapVersion};
    /// let fault = SoapFault::server(SoapVersion::Soap11, "no such account")
    ///     .with_detail(|w| w.text_element("reason", "closed & archived"));
    /// assert_eq!(fault.detail.as_deref(), Some("<reason>closed &amp; archived</reason>"));
    /// ```
    pub fn with_detail(mut self, write: impl FnOnce(&mut XmlWriter)) -> Self {
        let mut w = XmlWriter::new();
        write(&mut w);
        self.detail = Some(String::from_utf8_lossy(&w.into_bytes()).into_owned());
        self
    }

    /// Decodes the first element of the detail with `decode`, which returns `Ok(None)` for an
    /// element it does not know. `Ok(None)` too when there is no detail or it holds no element
    /// (ATL's plain text). The detail is decoded on its own, with
    /// [`detail_namespaces`](Self::detail_namespaces) declared around it; an error names the
    /// path from `detail` and does not change the fault.
    ///
    /// ```
    /// use soap_runtime::{SoapFault, SoapVersion};
    /// let mut fault = SoapFault::server(SoapVersion::Soap11, "no funds");
    /// fault.detail = Some("<p:Funds><available>12</available></p:Funds>".into());
    /// fault.detail_namespaces = vec![("p".into(), "urn:bank".into())];
    /// let available = fault.decode_detail(|r, element| {
    ///     if !element.is(Some("urn:bank"), "Funds") {
    ///         return Ok(None);
    ///     }
    ///     let child = r.next_child(element)?.expect("a child");
    ///     Ok(Some(r.read_scalar::<i32>(&child)?))
    /// })?;
    /// assert_eq!(available, Some(12));
    /// # Ok::<(), soap_runtime::Error>(())
    /// ```
    pub fn decode_detail<T>(
        &self,
        decode: impl for<'a> FnOnce(&mut XmlReader<'a>, &Element<'a>) -> Result<Option<T>>,
    ) -> Result<Option<T>> {
        let Some(detail) = self.detail.as_deref() else {
            return Ok(None);
        };
        let mut w = XmlWriter::with_capacity(detail.len() + 64);
        w.start_element("detail");
        for (prefix, uri) in &self.detail_namespaces {
            w.namespace_declaration((!prefix.is_empty()).then_some(prefix.as_str()), uri);
        }
        w.raw(detail);
        w.end_element("detail");
        let document = String::from_utf8_lossy(&w.into_bytes()).into_owned();
        let mut r = XmlReader::new(&document);
        let root = r.root()?;
        match r.next_child(&root)? {
            Some(element) => decode(&mut r, &element),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::looks_like_envelope;

    #[test]
    fn envelopes_are_told_from_other_content() {
        for soap in [
            &b"<soap:Envelope xmlns:soap='x'/>"[..],
            b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\r\n<!-- c --><Envelope>",
            b"  <?xml version='1.0'?><?pi x?><SOAP-ENV:Envelope\n>",
        ] {
            assert!(
                looks_like_envelope(soap),
                "{}",
                String::from_utf8_lossy(soap)
            );
        }
        for other in [
            &b""[..],
            b"<!DOCTYPE html><html>",
            b"<html><body>502</body></html>",
            b"{\"error\":1}",
            b"<?xml version='1.0'?><Envelopes/>",
            b"<!-- unterminated",
        ] {
            assert!(
                !looks_like_envelope(other),
                "{}",
                String::from_utf8_lossy(other)
            );
        }
    }
}
