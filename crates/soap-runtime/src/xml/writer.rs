//! The XML writer that generated per-type writers call.

use super::scalar::{XmlScalar, escape_attribute_into, escape_text_into};
use super::{SOAP_ENCODING_NAMESPACE, XSD_NAMESPACE, XSI_NAMESPACE};
use crate::encoding::SoapEncoding;
use crate::excerpt::RequestSecrets;

/// Writes XML into a growing byte buffer, with no per-element allocation.
///
/// The writer keeps one bit of state: whether the last start tag is still open (`<name` written,
/// `>` not yet), so that attributes and namespace declarations can follow
/// [`start_element`](Self::start_element) and an element without content is written as `<name/>`.
/// Names are written as given: generated code passes the qualified name it wants (`"wmName"`,
/// `"ns1:wmName"`) and declares prefixes with [`namespace_declaration`](Self::namespace_declaration).
///
/// ```
/// use soap_runtime::xml::XmlWriter;
/// let mut w = XmlWriter::new();
/// w.start_element("GetSite");
/// w.namespace_declaration(None, "urn:ConfigService");
/// w.scalar_element("siteId", &42i32);
/// w.text_element("name", "A & B");
/// w.nil_element("filter");
/// w.end_element("GetSite");
/// assert_eq!(
///     w.as_str(),
///     "<GetSite xmlns=\"urn:ConfigService\"><siteId>42</siteId><name>A &amp; B</name>\
///      <filter xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:nil=\"true\"/></GetSite>"
/// );
/// ```
#[derive(Debug, Default, Clone)]
pub struct XmlWriter {
    out: Vec<u8>,
    tag_open: bool,
    xsi_declared: bool,
    style: WireStyle,
    /// The prefix left off element names inside the current document element
    /// ([`WireStyle::default_namespace`]).
    elided_prefix: Option<String>,
    /// Values written that are credentials, to be kept out of errors about the response.
    secrets: RequestSecrets,
    /// The SOAP encoding of the document element being written, if encoded
    /// ([`start_encoded_document`](Self::start_encoded_document)).
    encoding: Option<SoapEncoding>,
}

/// Choices the schema leaves to the writer, for servers that mimic a particular SOAP stack.
/// The default writes plain document/literal XML; [`WireStyle::atl_server`] writes what
/// Microsoft ATL Server writes.
///
/// ```
/// use soap_runtime::xml::{WireStyle, XmlWriter};
/// let namespaces = [("ns0", "urn:ConfigService")];
/// let write = |w: &mut XmlWriter| {
///     w.start_document("ns0:GetSiteResponse", &namespaces);
///     w.start_array("ns0:siteIds", "xsd:int", 2);
///     w.scalar_element("ns0:int", &7);
///     w.scalar_element("ns0:int", &9);
///     w.end_element("ns0:siteIds");
///     w.nil_element("ns0:names");
///     w.end_document("ns0:GetSiteResponse");
/// };
/// let mut plain = XmlWriter::new();
/// plain.set_xsi_declared(true);
/// write(&mut plain);
/// assert_eq!(
///     plain.as_str(),
///     "<ns0:GetSiteResponse xmlns:ns0=\"urn:ConfigService\"><ns0:siteIds><ns0:int>7</ns0:int>\
///      <ns0:int>9</ns0:int></ns0:siteIds><ns0:names xsi:nil=\"true\"/></ns0:GetSiteResponse>"
/// );
/// let mut atl = XmlWriter::with_style(WireStyle::atl_server());
/// atl.set_xsi_declared(true);
/// write(&mut atl);
/// assert_eq!(
///     atl.as_str(),
///     "<GetSiteResponse xmlns=\"urn:ConfigService\" xmlns:ns0=\"urn:ConfigService\">\
///      <siteIds soapenc:arrayType=\"xsd:int[2]\"><int>7</int><int>9</int></siteIds>\
///      <names xsi:nil=\"1\"/></GetSiteResponse>"
/// );
/// ```
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WireStyle {
    /// A document element ([`XmlWriter::start_document`]) declares its own namespace as the
    /// default namespace, and element names in it are written without their prefix inside it
    /// (the prefixes stay declared, for QName values such as `xsi:type`).
    pub default_namespace: bool,
    /// Nil elements carry `xsi:nil="1"` instead of `xsi:nil="true"`.
    pub nil_as_one: bool,
    /// Array wrappers ([`XmlWriter::start_array`]) carry `soapenc:arrayType="T[N]"`, even in
    /// document/literal, and [`XmlWriter::declare_schema_prefixes`] also declares `soapenc`.
    pub soap_array_types: bool,
}

impl WireStyle {
    /// ATL Server's responses: children unprefixed under the body element's default namespace,
    /// `xsi:nil="1"`, and `soapenc:arrayType` on array wrappers.
    pub const fn atl_server() -> Self {
        WireStyle {
            default_namespace: true,
            nil_as_one: true,
            soap_array_types: true,
        }
    }
}

impl XmlWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty writer with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        XmlWriter {
            out: Vec::with_capacity(capacity),
            ..Self::default()
        }
    }

    /// An empty writer that writes in `style`.
    pub fn with_style(style: WireStyle) -> Self {
        XmlWriter {
            style,
            ..Self::default()
        }
    }

    /// The style this writer writes in.
    pub fn style(&self) -> WireStyle {
        self.style
    }

    /// Writes the `<?xml version="1.0" encoding="utf-8"?>` declaration.
    pub fn declaration(&mut self) {
        self.close_start_tag();
        self.out
            .extend_from_slice(br#"<?xml version="1.0" encoding="utf-8"?>"#);
    }

    /// Tells the writer that the `xsi` prefix is bound to the XML Schema instance namespace by an
    /// enclosing element (the SOAP envelope does this), so [`nil_element`](Self::nil_element)
    /// need not declare it.
    pub fn set_xsi_declared(&mut self, declared: bool) {
        self.xsi_declared = declared;
    }

    /// Starts an element: writes `<qname` and leaves the tag open for attributes.
    #[inline]
    pub fn start_element(&mut self, qname: &str) {
        self.close_start_tag();
        self.out.push(b'<');
        self.write_name(qname);
        self.tag_open = true;
    }

    /// Starts a document element (a SOAP body's request or response element) and declares
    /// `namespaces` (prefix, URI) on it. With [`WireStyle::default_namespace`], the namespace of
    /// `qname`'s prefix is also declared as the default namespace and that prefix is left off
    /// element names until [`end_document`](Self::end_document).
    pub fn start_document(&mut self, qname: &str, namespaces: &[(&str, &str)]) {
        let default = qname
            .split_once(':')
            .filter(|_| self.style.default_namespace)
            .and_then(|(own, _)| namespaces.iter().find(|(prefix, _)| *prefix == own));
        self.elided_prefix = default.map(|(prefix, _)| (*prefix).to_owned());
        self.start_element(qname);
        if let Some((_, uri)) = default {
            self.namespace_declaration(None, uri);
        }
        for (prefix, uri) in namespaces {
            self.namespace_declaration(Some(prefix), uri);
        }
    }

    /// Ends a document element started with [`start_document`](Self::start_document) or
    /// [`start_encoded_document`](Self::start_encoded_document).
    pub fn end_document(&mut self, qname: &str) {
        self.end_element(qname);
        self.elided_prefix = None;
        self.encoding = None;
    }

    /// Starts a SOAP-encoded document element (an rpc/encoded operation or response element):
    /// declares `namespaces`, `xsi`, `xsd` and the encoding's prefix (`soapenc`, or `enc` for
    /// SOAP 1.2), writes `soap:encodingStyle` (`soap` being the envelope's prefix), and writes
    /// in encoded mode until [`end_document`](Self::end_document): typed writes add `xsi:type`.
    ///
    /// ```
    /// use soap_runtime::encoding::SoapEncoding;
    /// use soap_runtime::xml::XmlWriter;
    /// let mut w = XmlWriter::new();
    /// w.start_encoded_document("ns0:add", &[("ns0", "urn:calc")], SoapEncoding::Soap11);
    /// w.typed_scalar_element("a", "xsd:double", &1.5f64);
    /// w.end_document("ns0:add");
    /// assert!(w.as_str().ends_with(
    ///     " soap:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\">\
    ///      <a xsi:type=\"xsd:double\">1.5</a></ns0:add>"
    /// ));
    /// ```
    pub fn start_encoded_document(
        &mut self,
        qname: &str,
        namespaces: &[(&str, &str)],
        encoding: SoapEncoding,
    ) {
        self.start_document(qname, namespaces);
        self.namespace_declaration(Some("xsi"), XSI_NAMESPACE);
        self.namespace_declaration(Some("xsd"), XSD_NAMESPACE);
        self.namespace_declaration(Some(encoding.prefix()), encoding.namespace());
        self.attribute("soap:encodingStyle", encoding.namespace());
        self.xsi_declared = true;
        self.encoding = Some(encoding);
    }

    /// The SOAP encoding being written, inside an encoded document element.
    pub fn encoding(&self) -> Option<SoapEncoding> {
        self.encoding
    }

    /// Starts an element holding a value of the schema type `xsi_type` (a QName as written,
    /// such as `ns0:Employee`): in encoded mode with `xsi:type`, else plain.
    #[inline]
    pub fn start_typed_element(&mut self, qname: &str, xsi_type: &str) {
        self.start_element(qname);
        self.encoded_xsi_type(xsi_type);
    }

    /// [`scalar_element`](Self::scalar_element) with `xsi:type` in encoded mode.
    #[inline]
    pub fn typed_scalar_element<T: XmlScalar>(&mut self, qname: &str, xsi_type: &str, value: &T) {
        self.start_typed_element(qname, xsi_type);
        self.scalar_text(value);
        self.end_element(qname);
    }

    /// [`text_element`](Self::text_element) with `xsi:type` in encoded mode.
    #[inline]
    pub fn typed_text_element(&mut self, qname: &str, xsi_type: &str, text: &str) {
        self.start_typed_element(qname, xsi_type);
        self.text(text);
        self.end_element(qname);
    }

    /// Writes the attributes of an array of `dimensions` holding items of the schema type
    /// `item_type` into the open start tag: in SOAP 1.1 encoded mode `xsi:type="soapenc:Array"`
    /// and `soapenc:arrayType="item_type[d1,d2]"`, in SOAP 1.2 `enc:itemType` and
    /// `enc:arraySize`; in literal mode `soapenc:arrayType` only with
    /// [`WireStyle::soap_array_types`].
    pub fn array_type_attributes(&mut self, item_type: &str, dimensions: &[usize]) {
        let encoding = match self.encoding {
            Some(encoding) => encoding,
            None if self.style.soap_array_types => SoapEncoding::Soap11,
            None => return,
        };
        let separator = match encoding {
            SoapEncoding::Soap11 => {
                if self.encoding.is_some() {
                    self.xsi_type("soapenc:Array");
                }
                self.out.extend_from_slice(b" soapenc:arrayType=\"");
                escape_attribute_into(item_type, &mut self.out);
                self.out.push(b'[');
                b','
            }
            SoapEncoding::Soap12 => {
                self.attribute("enc:itemType", item_type);
                self.out.extend_from_slice(b" enc:arraySize=\"");
                b' '
            }
        };
        let mut sizes = itoa::Buffer::new();
        for (i, size) in dimensions.iter().enumerate() {
            if i > 0 {
                self.out.push(separator);
            }
            self.out.extend_from_slice(sizes.format(*size).as_bytes());
        }
        if encoding == SoapEncoding::Soap11 {
            self.out.push(b']');
        }
        self.out.push(b'"');
    }

    /// Writes `xsi:type` (a QName as written) into the open start tag in encoded mode only.
    #[inline]
    pub fn encoded_xsi_type(&mut self, xsi_type: &str) {
        if self.encoding.is_some() {
            self.xsi_type(xsi_type);
        }
    }

    /// Inserts `attribute` (written, with its leading space) into the start tag of the element
    /// `qname` written from byte `start` on (after the `>` closing the previous start tag, if
    /// that was still open), after its name.
    pub(crate) fn insert_after_name(&mut self, start: usize, qname: &str, attribute: &str) {
        let start = start + usize::from(self.out.get(start) == Some(&b'>'));
        let at = start + 1 + qname.len();
        let tag_matches = self.out.get(start) == Some(&b'<')
            && self.out.get(start + 1..at) == Some(qname.as_bytes());
        if tag_matches {
            self.out.splice(at..at, attribute.bytes()).for_each(drop);
        }
    }

    /// Starts an array wrapper holding `len` items of the schema type `item_type` (a QName as
    /// written, such as `xsd:int` or `ns0:SchAgentState`). With [`WireStyle::soap_array_types`]
    /// it carries `soapenc:arrayType="item_type[len]"`, as ATL Server writes.
    pub fn start_array(&mut self, qname: &str, item_type: &str, len: usize) {
        self.start_element(qname);
        if self.style.soap_array_types {
            self.out.extend_from_slice(b" soapenc:arrayType=\"");
            escape_attribute_into(item_type, &mut self.out);
            self.out.push(b'[');
            self.out
                .extend_from_slice(itoa::Buffer::new().format(len).as_bytes());
            self.out.extend_from_slice(b"]\"");
        }
    }

    /// Starts an element with a namespace prefix: `<prefix:local`.
    #[inline]
    pub fn start_element_prefixed(&mut self, prefix: &str, local_name: &str) {
        self.close_start_tag();
        self.out.push(b'<');
        self.write_prefixed(prefix, local_name);
        self.tag_open = true;
    }

    /// Declares a namespace on the element just started: `xmlns="uri"` for `None`,
    /// `xmlns:prefix="uri"` otherwise. Only valid right after a start.
    #[inline]
    pub fn namespace_declaration(&mut self, prefix: Option<&str>, uri: &str) {
        debug_assert!(self.tag_open, "namespace declaration outside a start tag");
        match prefix {
            None => self.out.extend_from_slice(b" xmlns=\""),
            Some(p) => {
                self.out.extend_from_slice(b" xmlns:");
                self.out.extend_from_slice(p.as_bytes());
                self.out.extend_from_slice(b"=\"");
            }
        }
        escape_attribute_into(uri, &mut self.out);
        self.out.push(b'"');
    }

    /// Writes an attribute on the element just started; the value is escaped.
    #[inline]
    pub fn attribute(&mut self, qname: &str, value: &str) {
        debug_assert!(self.tag_open, "attribute outside a start tag");
        self.out.push(b' ');
        self.out.extend_from_slice(qname.as_bytes());
        self.out.extend_from_slice(b"=\"");
        escape_attribute_into(value, &mut self.out);
        self.out.push(b'"');
    }

    /// Writes a scalar attribute (its lexical form) on the element just started.
    #[inline]
    pub fn scalar_attribute<T: XmlScalar>(&mut self, qname: &str, value: &T) {
        debug_assert!(self.tag_open, "attribute outside a start tag");
        self.out.push(b' ');
        self.out.extend_from_slice(qname.as_bytes());
        self.out.extend_from_slice(b"=\"");
        let from = self.out.len();
        value.write_lexical(&mut self.out);
        // Only strings can contain a quote; their lexical writer escapes `&<>` but not `"`.
        if self.out[from..].contains(&b'"') {
            let raw = self.out.split_off(from);
            escape_attribute_into(&String::from_utf8_lossy(&raw), &mut self.out);
        }
        self.out.push(b'"');
    }

    /// Writes `xsi:type="value"` (declaring `xsi` inline when no enclosing element did), for a
    /// derived type sent where its base type is expected. `value` is a QName whose prefix the
    /// caller has declared.
    pub fn xsi_type(&mut self, value: &str) {
        self.declare_xsi_if_needed();
        self.attribute("xsi:type", value);
    }

    /// Writes escaped text content.
    #[inline]
    pub fn text(&mut self, text: &str) {
        self.close_start_tag();
        escape_text_into(text, &mut self.out);
    }

    /// Writes a scalar's lexical form as text content.
    #[inline]
    pub fn scalar_text<T: XmlScalar>(&mut self, value: &T) {
        self.close_start_tag();
        value.write_lexical(&mut self.out);
    }

    /// Ends an element: `/>` when nothing was written since its start, `</qname>` otherwise.
    #[inline]
    pub fn end_element(&mut self, qname: &str) {
        if self.tag_open {
            self.out.extend_from_slice(b"/>");
            self.tag_open = false;
        } else {
            self.out.extend_from_slice(b"</");
            self.write_name(qname);
            self.out.push(b'>');
        }
    }

    /// Ends an element started with [`start_element_prefixed`](Self::start_element_prefixed).
    #[inline]
    pub fn end_element_prefixed(&mut self, prefix: &str, local_name: &str) {
        if self.tag_open {
            self.out.extend_from_slice(b"/>");
            self.tag_open = false;
        } else {
            self.out.extend_from_slice(b"</");
            self.write_prefixed(prefix, local_name);
            self.out.push(b'>');
        }
    }

    /// Writes `<qname>value</qname>` for a scalar (ints, floats, bools, `String`).
    #[inline]
    pub fn scalar_element<T: XmlScalar>(&mut self, qname: &str, value: &T) {
        self.close_start_tag();
        self.out.push(b'<');
        self.write_name(qname);
        self.out.push(b'>');
        value.write_lexical(&mut self.out);
        self.out.extend_from_slice(b"</");
        self.write_name(qname);
        self.out.push(b'>');
    }

    /// Writes `value` with [`scalar_element`](Self::scalar_element) when it is `Some`;
    /// nothing when it is `None` (an optional field left out).
    #[inline]
    pub fn optional_scalar_element<T: XmlScalar>(&mut self, qname: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.scalar_element(qname, value);
        }
    }

    /// Writes `value` as the element `qname` with `write` (a generated type's
    /// `write_element`) when it is `Some`; nothing when it is `None` (an optional field left
    /// out). One call per optional field keeps generated writers short.
    #[inline]
    pub fn optional_element<T>(
        &mut self,
        qname: &str,
        value: &Option<T>,
        write: impl FnOnce(&T, &mut Self, &str),
    ) {
        if let Some(value) = value {
            write(value, self, qname);
        }
    }

    /// Writes `<qname>text</qname>` with the text escaped.
    #[inline]
    pub fn text_element(&mut self, qname: &str, text: &str) {
        self.close_start_tag();
        self.out.push(b'<');
        self.write_name(qname);
        self.out.push(b'>');
        escape_text_into(text, &mut self.out);
        self.out.extend_from_slice(b"</");
        self.write_name(qname);
        self.out.push(b'>');
    }

    /// Writes `<qname xsi:nil="true"/>` (`"1"` with [`WireStyle::nil_as_one`]), declaring `xsi`
    /// inline unless an enclosing element declared it (see
    /// [`set_xsi_declared`](Self::set_xsi_declared)).
    pub fn nil_element(&mut self, qname: &str) {
        self.start_element(qname);
        self.declare_xsi_if_needed();
        if self.style.nil_as_one {
            self.out.extend_from_slice(br#" xsi:nil="1""#);
        } else {
            self.out.extend_from_slice(br#" xsi:nil="true""#);
        }
        self.end_element(qname);
    }

    /// Writes XML verbatim (for `xs:any` content). The caller vouches that it is well-formed.
    pub fn raw(&mut self, xml: &str) {
        self.close_start_tag();
        self.out.extend_from_slice(xml.as_bytes());
    }

    /// The XML written so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.out
    }

    /// The XML written so far as text (lossless: the writer only ever writes UTF-8; an open
    /// start tag is shown unterminated).
    pub fn as_str(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.out)
    }

    /// Number of bytes written.
    pub fn len(&self) -> usize {
        self.out.len()
    }

    /// Whether nothing was written yet.
    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    /// Finishes and returns the bytes (closing a start tag left open).
    pub fn into_bytes(mut self) -> Vec<u8> {
        self.close_start_tag();
        self.out
    }

    /// Clears the buffer, keeping its capacity, for writing another document.
    pub fn clear(&mut self) {
        self.out.clear();
        self.tag_open = false;
        self.elided_prefix = None;
        self.secrets = RequestSecrets::new();
    }

    /// Records that `value`, written (or about to be written) by this writer, is a credential:
    /// a password, a token. Generated writers call it for fields named like one. The
    /// transport redacts every recorded value from the errors of the call that sent it, so a
    /// server that echoes the request cannot put the value into an error message.
    pub fn mark_secret(&mut self, value: &str) {
        self.secrets.push(value);
    }

    /// The values recorded with [`mark_secret`](Self::mark_secret).
    pub fn secrets(&self) -> &RequestSecrets {
        &self.secrets
    }

    /// Declares the `xsi` and `xsd` prefixes (and `soapenc` with
    /// [`WireStyle::soap_array_types`]) on the element just started (the envelope does this on
    /// `Envelope`, as ATL does) and remembers that `xsi` is in scope.
    pub fn declare_schema_prefixes(&mut self) {
        self.namespace_declaration(Some("xsi"), XSI_NAMESPACE);
        self.namespace_declaration(Some("xsd"), XSD_NAMESPACE);
        if self.style.soap_array_types {
            self.namespace_declaration(Some("soapenc"), SOAP_ENCODING_NAMESPACE);
        }
        self.xsi_declared = true;
    }

    /// Cuts the output back to `len` bytes (dropping an element started after that point).
    pub(crate) fn truncate(&mut self, len: usize) {
        self.out.truncate(len);
        self.tag_open = false;
    }

    /// Writes an element name, leaving off the elided prefix ([`WireStyle::default_namespace`]).
    #[inline]
    fn write_name(&mut self, qname: &str) {
        let name = match &self.elided_prefix {
            Some(prefix) => qname
                .strip_prefix(prefix.as_str())
                .and_then(|rest| rest.strip_prefix(':'))
                .unwrap_or(qname),
            None => qname,
        };
        self.out.extend_from_slice(name.as_bytes());
    }

    #[inline]
    fn declare_xsi_if_needed(&mut self) {
        if !self.xsi_declared {
            self.namespace_declaration(Some("xsi"), XSI_NAMESPACE);
        }
    }

    #[inline]
    fn write_prefixed(&mut self, prefix: &str, local_name: &str) {
        if !prefix.is_empty() {
            self.out.extend_from_slice(prefix.as_bytes());
            self.out.push(b':');
        }
        self.out.extend_from_slice(local_name.as_bytes());
    }

    #[inline]
    fn close_start_tag(&mut self) {
        if self.tag_open {
            self.out.push(b'>');
            self.tag_open = false;
        }
    }
}
