//! SOAP 1.1 and 1.2 envelopes: writing a request around a body writer, reading a response down
//! to its first body child or its fault.

use crate::error::{DecodeErrorKind, FaultCode, Result, SoapFault};
use crate::xml::{Element, ReaderOptions, XmlReader, XmlWriter};

/// The SOAP 1.1 envelope namespace.
pub const SOAP11_ENVELOPE_NAMESPACE: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// The SOAP 1.2 envelope namespace.
pub const SOAP12_ENVELOPE_NAMESPACE: &str = "http://www.w3.org/2003/05/soap-envelope";

/// The SOAP protocol version of an envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SoapVersion {
    /// SOAP 1.1, the only version ATL Server (and so WFM) speaks.
    Soap11,
    /// SOAP 1.2.
    Soap12,
}

impl SoapVersion {
    /// The envelope namespace URI of this version.
    pub fn envelope_namespace(self) -> &'static str {
        match self {
            SoapVersion::Soap11 => SOAP11_ENVELOPE_NAMESPACE,
            SoapVersion::Soap12 => SOAP12_ENVELOPE_NAMESPACE,
        }
    }

    fn from_namespace(namespace: Option<&str>) -> Option<Self> {
        match namespace {
            Some(SOAP11_ENVELOPE_NAMESPACE) => Some(SoapVersion::Soap11),
            Some(SOAP12_ENVELOPE_NAMESPACE) => Some(SoapVersion::Soap12),
            _ => None,
        }
    }
}

/// Writes a complete request envelope (`<?xml ...?><soap:Envelope ...><soap:Body>…`) into `w`;
/// `body` writes the body content. The envelope declares `xsi` and `xsd`, as ATL's does.
///
/// ```
/// use wfm_runtime::envelope::{write_envelope, SoapVersion};
/// use wfm_runtime::xml::XmlWriter;
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

/// A response envelope read down to its body.
#[derive(Debug)]
pub struct Body<'a> {
    /// The reader, positioned inside the first body child (if any).
    pub reader: XmlReader<'a>,
    /// The envelope's SOAP version.
    pub version: SoapVersion,
    /// The first child of `Body` (the response wrapper element), or `None` for an empty body.
    pub content: Option<Element<'a>>,
}

/// Reads a response envelope: checks `Envelope`, skips `Header`, enters `Body` and its first
/// child. A `Fault` there becomes [`Error::Fault`](crate::Error::Fault) with every field (`http_status` recorded in it).
///
/// ```
/// use wfm_runtime::envelope::read_body;
/// use wfm_runtime::xml::ReaderOptions;
/// let xml = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
///   <soap:Body><PingResponse xmlns="urn:X"><return>1</return></PingResponse></soap:Body>
/// </soap:Envelope>"#;
/// let mut body = read_body(xml, ReaderOptions::default(), 200)?;
/// let response = body.content.take().unwrap();
/// assert_eq!(response.local_name(), "PingResponse");
/// let ret = body.reader.next_child(&response)?.unwrap();
/// assert_eq!(body.reader.read_scalar::<i32>(&ret)?, 1);
/// # Ok::<(), wfm_runtime::Error>(())
/// ```
pub fn read_body(input: &str, options: ReaderOptions, http_status: u16) -> Result<Body<'_>> {
    let mut reader = XmlReader::with_options(input, options);
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
    let env_ns = version.envelope_namespace();
    loop {
        let Some(child) = reader.next_child(&envelope)? else {
            return Err(reader.error(DecodeErrorKind::MissingElement("Body".into())));
        };
        if child.is(Some(env_ns), "Body") {
            let content = reader.next_child(&child)?;
            if let Some(first) = &content {
                if first.is(Some(env_ns), "Fault") {
                    let fault = match version {
                        SoapVersion::Soap11 => read_fault11(&mut reader, first, http_status)?,
                        SoapVersion::Soap12 => read_fault12(&mut reader, first, http_status)?,
                    };
                    return Err(fault.into());
                }
            }
            return Ok(Body {
                reader,
                version,
                content,
            });
        }
        // Header or anything else before Body: skipped by the next `next_child`.
    }
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
            "faultcode" => {
                let text = r.read_text(&child)?;
                out.code = fault_code(r, fault, &text);
            }
            "faultstring" => out.string = r.read_string(&child)?,
            "faultactor" => out.actor = Some(r.read_string(&child)?),
            "detail" => out.detail = Some(r.read_inner_raw(&child)?.to_owned()),
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
                let mut codes = read_code_chain(r, fault, &child)?.into_iter();
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
            "Detail" => out.detail = Some(r.read_inner_raw(&child)?.to_owned()),
            _ => {}
        }
    }
    Ok(out)
}

/// `Code/Value`, then each nested `Subcode/Value`, outermost first.
fn read_code_chain<'a>(
    r: &mut XmlReader<'a>,
    fault: &Element<'a>,
    code: &Element<'a>,
) -> Result<Vec<FaultCode>> {
    let mut values = Vec::new();
    let mut current = code.clone();
    loop {
        let mut subcode = None;
        while let Some(child) = r.next_child(&current)? {
            match child.local_name() {
                "Value" => {
                    let text = r.read_text(&child)?;
                    values.push(fault_code(r, fault, &text));
                }
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

/// Resolves a fault code QName against the scope of the `Fault` element; an unbound prefix keeps
/// the code (namespace unknown) rather than hiding the fault behind a decode error.
fn fault_code(r: &XmlReader<'_>, fault: &Element<'_>, text: &str) -> FaultCode {
    let text = text.trim();
    match r.resolve_qname(fault, text) {
        Ok(name) => FaultCode {
            namespace: name.namespace,
            local_name: name.local_name,
        },
        Err(_) => FaultCode {
            namespace: None,
            local_name: text.rsplit(':').next().unwrap_or(text).to_owned(),
        },
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
    }
}
