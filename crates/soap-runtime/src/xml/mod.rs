//! Small, non-generic XML helpers that generated per-type writers and pull decoders call.
//!
//! # For a code generator author
//!
//! The generator emits, for each schema type, one write function over [`XmlWriter`] and one
//! decode function over [`XmlReader`]. Neither side needs a trait or a derive: the runtime offers
//! plain methods, generic only over the scalar kind ([`XmlScalar`]: integers, `f32`/`f64`,
//! `bool`, `String`).
//!
//! **Writing.** [`XmlWriter::start_element`] writes `<name` and leaves the tag open for
//! [`XmlWriter::namespace_declaration`] and [`XmlWriter::attribute`]; any content closes it;
//! [`XmlWriter::end_element`] writes `</name>` (or `/>` if nothing was written). Scalars go through
//! [`XmlWriter::scalar_element`] (XSD lexical forms: `true`/`false`, `INF`/`-INF`/`NaN`), strings
//! through [`XmlWriter::text_element`] (escaped), absent nillable values through
//! [`XmlWriter::nil_element`], `xs:any` through [`XmlWriter::raw`]. Names are written as given, so
//! the generator decides qualification: `"wmName"` under a default namespace, `"ns1:wmName"`
//! with a declared prefix.
//!
//! **Reading.** [`XmlReader::root`] (or, for SOAP, [`crate::envelope::read_body`]) yields the first
//! [`Element`]. A decoder loops over [`XmlReader::next_child`] and dispatches on
//! [`Element::local_name`] (and [`Element::namespace`] where qualification matters). For each
//! child it reads the content with [`XmlReader::read_scalar`], [`XmlReader::read_text`],
//! [`XmlReader::read_string`], a nested decode function, [`XmlReader::read_raw`] (`xs:any`), or
//! nothing at all: `next_child` skips whatever the previous child left unread, so unknown
//! elements need no code. [`XmlReader::is_nil`], [`XmlReader::attribute`] and
//! [`XmlReader::xsi_type`] look at the child's start tag. Errors carry the element path
//! (`Envelope/Body/GetAgentStateResponse/return/schAgentState[17]/wmPaid`) and byte position;
//! [`XmlReader::missing`] builds the error for a required element that never came.
//!
//! The reader borrows names and entity-free text from the input, so decoding scalars does not
//! allocate; nesting depth is limited ([`ReaderOptions::max_depth`]), and DTDs are refused.
//!
//! # Example: what generated code looks like
//!
//! ```
//! use soap_runtime::xml::{Element, XmlReader, XmlWriter};
//! use soap_runtime::Result;
//!
//! /// `<xs:complexType name="SchAgentState">` with an int, a double, a bool and a nillable string.
//! #[derive(Debug, Default, PartialEq)]
//! pub struct SchAgentState {
//!     pub wm_agent_id: i32,
//!     pub wm_start_date_time: f64,
//!     pub wm_paid: bool,
//!     pub wm_name: Option<String>,
//! }
//!
//! impl SchAgentState {
//!     pub fn write_xml(&self, w: &mut XmlWriter, element_name: &str) {
//!         w.start_element(element_name);
//!         w.scalar_element("wmAgentId", &self.wm_agent_id);
//!         w.scalar_element("wmStartDateTime", &self.wm_start_date_time);
//!         w.scalar_element("wmPaid", &self.wm_paid);
//!         match &self.wm_name {
//!             Some(name) => w.text_element("wmName", name),
//!             None => w.nil_element("wmName"),
//!         }
//!         w.end_element(element_name);
//!     }
//!
//!     pub fn read_xml<'a>(r: &mut XmlReader<'a>, element: &Element<'a>) -> Result<Self> {
//!         let mut out = SchAgentState::default();
//!         let (mut seen_id, mut seen_paid) = (false, false);
//!         while let Some(child) = r.next_child(element)? {
//!             match child.local_name() {
//!                 "wmAgentId" => { out.wm_agent_id = r.read_scalar(&child)?; seen_id = true; }
//!                 "wmStartDateTime" => out.wm_start_date_time = r.read_scalar(&child)?,
//!                 "wmPaid" => { out.wm_paid = r.read_scalar(&child)?; seen_paid = true; }
//!                 "wmName" if r.is_nil(&child)? => out.wm_name = None,
//!                 "wmName" => out.wm_name = Some(r.read_string(&child)?),
//!                 _ => {} // unknown: skipped by the next `next_child`
//!             }
//!         }
//!         if !seen_id { return Err(r.missing(element, "wmAgentId")); }
//!         if !seen_paid { return Err(r.missing(element, "wmPaid")); }
//!         Ok(out)
//!     }
//! }
//!
//! let value = SchAgentState {
//!     wm_agent_id: 7, wm_start_date_time: 45000.5, wm_paid: true, wm_name: Some("Ann & Bo".into()),
//! };
//! let mut w = XmlWriter::new();
//! value.write_xml(&mut w, "schAgentState");
//! let xml = w.into_bytes();
//!
//! let text = std::str::from_utf8(&xml).unwrap();
//! let mut r = XmlReader::new(text);
//! let root = r.root()?;
//! assert_eq!(SchAgentState::read_xml(&mut r, &root)?, value);
//! r.finish()?;
//!
//! // A bad value names the element path and the byte position.
//! let mut r = XmlReader::new("<s><wmAgentId>1</wmAgentId><wmPaid>yes</wmPaid></s>");
//! let root = r.root()?;
//! let err = SchAgentState::read_xml(&mut r, &root).unwrap_err();
//! assert!(err.to_string().contains("at s/wmPaid"), "{err}");
//! # Ok::<(), soap_runtime::Error>(())
//! ```

mod element;
mod lexer;
#[cfg(feature = "arbitrary")]
pub(crate) mod multi_ref;
mod reader;
mod scalar;
mod writer;

pub use element::{Element, ReaderOptions, ResolvedName};
pub use reader::XmlReader;
pub use scalar::XmlScalar;
pub(crate) use scalar::escape_text_into;
pub use writer::{WireStyle, XmlWriter};

/// The XML Schema instance namespace (`xsi:nil`, `xsi:type`).
pub const XSI_NAMESPACE: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// The XML Schema namespace (`xsd:int`, ...).
pub const XSD_NAMESPACE: &str = "http://www.w3.org/2001/XMLSchema";
/// The SOAP 1.1 encoding namespace (`soapenc`), of `soapenc:arrayType`.
pub const SOAP_ENCODING_NAMESPACE: &str = "http://schemas.xmlsoap.org/soap/encoding/";
/// The SOAP 1.2 encoding namespace (`enc:itemType`, `enc:arraySize`, `enc:ref`, `enc:id`).
pub const SOAP12_ENCODING_NAMESPACE: &str = "http://www.w3.org/2003/05/soap-encoding";
