//! Parsing: one XML document (roxmltree) into the raw model.
//!
//! Namespace prefixes are expanded here, while the document's namespace
//! declarations are at hand; the raw model holds only expanded [`QName`]s.

mod prolog;
mod wsdl;
mod xsd;

pub(crate) use prolog::{Doctype, blank_misplaced_declaration};

use roxmltree::{Document, Node};

use crate::diagnostic::Diagnostics;
use crate::qname::{QName, XSD_NS, is_xsd_namespace};
use crate::raw::{NameRef, Occurs};
use crate::source::{FileId, SourceMap, Span};

/// Why a text could not be parsed.
#[derive(Debug)]
pub(crate) enum XmlError {
    /// Its DTD reaches outside the document or expands too far, at this byte offset.
    Dtd { offset: usize, message: String },
    /// It is not well-formed XML.
    Syntax(roxmltree::Error),
}

/// Parses XML text. A DTD is checked first (see [`prolog`]): its internal entities are
/// expanded within bounds, anything that reaches outside the document is refused.
pub(crate) fn parse_xml(text: &str) -> Result<(Document<'_>, Option<Doctype>), XmlError> {
    let doctype = prolog::check_doctype(text).map_err(|error| XmlError::Dtd {
        offset: error.offset,
        message: error.message,
    })?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let document = Document::parse_with_options(text, options).map_err(XmlError::Syntax)?;
    Ok((document, doctype))
}

/// Describes a roxmltree error in words a WSDL author understands.
pub(crate) fn describe_xml_error(error: &roxmltree::Error) -> String {
    match error {
        roxmltree::Error::UnknownToken(pos) if pos.row == 1 && pos.col == 1 => {
            "not an XML document: expected `<` at the start of the file".to_owned()
        }
        other => format!("malformed XML: {other}"),
    }
}

/// Parsing state for one document.
pub(crate) struct Parser<'s> {
    pub file: FileId,
    pub sources: &'s SourceMap,
    pub diagnostics: &'s mut Diagnostics,
    /// For a chameleon include: the namespace that names in no namespace are moved into.
    pub chameleon_namespace: Option<String>,
    /// The target namespace of the schema being parsed, if any.
    pub schema_namespace: Option<String>,
    /// How deeply schema components are nested at the current node.
    pub depth: usize,
}

/// Schema components nested deeper than this are refused: real schemas stay far below it,
/// and the parser recurses once per level.
pub(crate) const MAX_COMPONENT_DEPTH: usize = 100;

impl Parser<'_> {
    pub fn span(&self, node: Node<'_, '_>) -> Span {
        Span {
            file: self.file,
            offset: node.range().start as u32,
        }
    }

    pub fn error_at(&mut self, node: Node<'_, '_>, message: impl Into<String>) {
        let location = self.sources.locate(self.span(node));
        self.diagnostics.error(Some(location), message);
    }

    pub fn warning_at(&mut self, node: Node<'_, '_>, message: impl Into<String>) {
        let location = self.sources.locate(self.span(node));
        self.diagnostics.warning(Some(location), message);
    }

    /// A recovery at `node`: a warning, or an error under strict loading (see
    /// [`Diagnostics::recovery`]).
    pub fn recovery_at(&mut self, node: Node<'_, '_>, problem: &str, recovery: &str) {
        let location = self.sources.locate(self.span(node));
        self.diagnostics.recovery(Some(location), problem, recovery);
    }

    /// A required attribute; a missing one is reported. A `name` attribute must also be a
    /// valid XML name (see [`Parser::optional_name`]).
    pub fn required_attribute<'a>(&mut self, node: Node<'a, '_>, name: &str) -> Option<&'a str> {
        let value = node.attribute(name);
        match value {
            None => self.error_at(
                node,
                format!("<{}> needs a `{name}` attribute", node.tag_name().name()),
            ),
            Some(value) if name == "name" && !is_ncname(value) => {
                self.refuse_name(node, value);
                return None;
            }
            Some(_) => {}
        }
        value
    }

    /// The `name` attribute of a definition, if it has one. A name that is no valid XML name
    /// without a colon (an NCName: `name=""`, `name="1st"`, `name="a:b"`) has no reading, so
    /// it is an error at the definition, and the definition counts as unnamed.
    pub fn optional_name(&mut self, node: Node<'_, '_>) -> Option<String> {
        let value = node.attribute("name")?;
        if is_ncname(value) {
            Some(value.to_owned())
        } else {
            self.refuse_name(node, value);
            None
        }
    }

    fn refuse_name(&mut self, node: Node<'_, '_>, value: &str) {
        let kind = node.tag_name().name();
        self.error_at(
            node,
            format!(
                "<{kind}> name=\"{value}\" is not a valid XML name (an NCName: a letter or `_`, \
                 then letters, digits, `-`, `.` or `_`, no `:`)"
            ),
        );
    }

    /// Expands a `prefix:local` attribute value into a [`QName`].
    pub fn qname_attribute(&mut self, node: Node<'_, '_>, name: &str) -> Option<NameRef> {
        let value = node.attribute(name)?;
        self.expand_qname(node, value)
    }

    /// Expands a `prefix:local` string written on `node` into a [`QName`].
    pub fn expand_qname(&mut self, node: Node<'_, '_>, value: &str) -> Option<NameRef> {
        let value = value.trim();
        let (prefix, local) = match value.split_once(':') {
            Some((prefix, local)) => (Some(prefix), local),
            None => (None, value),
        };
        if local.is_empty() {
            self.error_at(node, format!("`{value}` is not a qualified name"));
            return None;
        }
        let namespace = match prefix {
            // The `xml` prefix is bound by the XML specification itself.
            Some("xml") => Some(crate::qname::XML_NS),
            Some(prefix) => match node.lookup_namespace_uri(Some(prefix)) {
                Some(ns) => Some(ns),
                None => {
                    self.error_at(
                        node,
                        format!(
                            "unknown namespace prefix `{prefix}` in `{value}`: no xmlns:{prefix} \
                             declaration is in scope"
                        ),
                    );
                    return None;
                }
            },
            None => node.lookup_namespace_uri(None),
        };
        let namespace = match namespace {
            Some(ns) if is_xsd_namespace(ns) => Some(XSD_NS.to_owned()),
            Some(ns) => Some(ns.to_owned()),
            None => self.chameleon_namespace.clone(),
        };
        let unprefixed_fallback = match (prefix, &self.schema_namespace) {
            (None, Some(target)) if namespace.as_ref() != Some(target) => {
                Some(QName::new(target.clone(), local))
            }
            _ => None,
        };
        Some(NameRef {
            name: QName {
                namespace,
                local: local.to_owned(),
            },
            span: self.span(node),
            unprefixed_fallback,
        })
    }

    /// `minOccurs`/`maxOccurs`, defaulting to 1.
    pub fn occurs(&mut self, node: Node<'_, '_>) -> Occurs {
        let mut occurs = Occurs::ONCE;
        if let Some(min) = node.attribute("minOccurs") {
            match min.trim().parse::<u32>() {
                Ok(min) => occurs.min = min,
                Err(_) => self.error_at(
                    node,
                    format!("minOccurs=\"{min}\" is not a non-negative integer"),
                ),
            }
        }
        if let Some(max) = node.attribute("maxOccurs") {
            match max.trim() {
                "unbounded" => occurs.max = None,
                number => match number.parse::<u32>() {
                    Ok(max) => occurs.max = Some(max),
                    Err(_) => self.error_at(
                        node,
                        format!(
                            "maxOccurs=\"{max}\" is neither a non-negative integer nor `unbounded`"
                        ),
                    ),
                },
            }
        }
        occurs
    }

    /// A boolean attribute (`true`/`false`/`1`/`0`), `false` when absent.
    pub fn flag(&mut self, node: Node<'_, '_>, name: &str) -> bool {
        match node.attribute(name).map(str::trim) {
            None | Some("false") | Some("0") => false,
            Some("true") | Some("1") => true,
            Some(other) => {
                self.error_at(
                    node,
                    format!("{name}=\"{other}\" is not a boolean (expected true or false)"),
                );
                false
            }
        }
    }
}

/// Whether `name` is an NCName (XML Namespaces §3): a name start character (a letter or `_`,
/// Unicode letters included), then name characters (letters, digits, combining marks, `-`,
/// `.`, `_`, `·`), and no colon.
fn is_ncname(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_alphabetic() || first == '_')
        && chars.all(|c| {
            c.is_alphanumeric()
                || matches!(c, '-' | '.' | '_' | '\u{b7}' | '\u{300}'..='\u{36f}' | '\u{203f}'..='\u{2040}')
        })
}

/// Whether `node` is an element of the XML Schema namespace with this local name.
pub(crate) fn is_xsd(node: Node<'_, '_>, local: &str) -> bool {
    node.is_element()
        && node.tag_name().name() == local
        && node.tag_name().namespace().is_some_and(is_xsd_namespace)
}

/// Text of the `documentation` children of `annotation` (XSD) or of `documentation` (WSDL),
/// with each line trimmed and blank lines at the ends dropped.
pub(crate) fn documentation(node: Node<'_, '_>) -> Option<String> {
    let mut text = String::new();
    for child in node.children().filter(Node::is_element) {
        match child.tag_name().name() {
            "annotation" => {
                for doc in child
                    .children()
                    .filter(|n| n.is_element() && n.tag_name().name() == "documentation")
                {
                    collect_text(doc, &mut text);
                }
            }
            "documentation" => collect_text(child, &mut text),
            _ => {}
        }
    }
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let first = lines.iter().position(|l| !l.is_empty())?;
    let last = lines.iter().rposition(|l| !l.is_empty())?;
    Some(lines[first..=last].join("\n"))
}

fn collect_text(node: Node<'_, '_>, out: &mut String) {
    if !out.is_empty() {
        out.push('\n');
    }
    for descendant in node.descendants().filter(Node::is_text) {
        out.push_str(descendant.text().unwrap_or_default());
    }
}
