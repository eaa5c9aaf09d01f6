//! The XML writer that generated per-type writers call.

use super::scalar::{XmlScalar, escape_attribute_into, escape_text_into};
use super::{XSD_NAMESPACE, XSI_NAMESPACE};

/// Writes XML into a growing byte buffer, with no per-element allocation.
///
/// The writer keeps one bit of state: whether the last start tag is still open (`<name` written,
/// `>` not yet), so that attributes and namespace declarations can follow
/// [`start_element`](Self::start_element) and an element without content is written as `<name/>`.
/// Names are written as given: generated code passes the qualified name it wants (`"wmName"`,
/// `"ns1:wmName"`) and declares prefixes with [`namespace_declaration`](Self::namespace_declaration).
///
/// ```
/// use wfm_runtime::xml::XmlWriter;
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
        self.out.extend_from_slice(qname.as_bytes());
        self.tag_open = true;
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
            self.out.extend_from_slice(qname.as_bytes());
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
        self.out.extend_from_slice(qname.as_bytes());
        self.out.push(b'>');
        value.write_lexical(&mut self.out);
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(qname.as_bytes());
        self.out.push(b'>');
    }

    /// Writes `<qname>text</qname>` with the text escaped.
    #[inline]
    pub fn text_element(&mut self, qname: &str, text: &str) {
        self.close_start_tag();
        self.out.push(b'<');
        self.out.extend_from_slice(qname.as_bytes());
        self.out.push(b'>');
        escape_text_into(text, &mut self.out);
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(qname.as_bytes());
        self.out.push(b'>');
    }

    /// Writes `<qname xsi:nil="true"/>`, declaring `xsi` inline unless an enclosing element
    /// declared it (see [`set_xsi_declared`](Self::set_xsi_declared)).
    pub fn nil_element(&mut self, qname: &str) {
        self.start_element(qname);
        self.declare_xsi_if_needed();
        self.out.extend_from_slice(br#" xsi:nil="true""#);
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
    }

    /// Declares the `xsi` and `xsd` prefixes on the element just started (the envelope does this
    /// on `Envelope`, as ATL does) and remembers that `xsi` is in scope.
    pub fn declare_schema_prefixes(&mut self) {
        self.namespace_declaration(Some("xsi"), XSI_NAMESPACE);
        self.namespace_declaration(Some("xsd"), XSD_NAMESPACE);
        self.xsi_declared = true;
    }

    /// Cuts the output back to `len` bytes (dropping an element started after that point).
    pub(crate) fn truncate(&mut self, len: usize) {
        self.out.truncate(len);
        self.tag_open = false;
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
