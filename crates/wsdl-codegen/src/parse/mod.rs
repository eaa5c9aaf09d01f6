//! Parsing: one XML document (roxmltree) into the raw model.
//!
//! Namespace prefixes are expanded here, while the document's namespace
//! declarations are at hand; the raw model holds only expanded [`QName`]s.

mod wsdl;
mod xsd;

use roxmltree::{Document, Node};

use crate::diagnostic::Diagnostics;
use crate::qname::{QName, XSD_NS, is_xsd_namespace};
use crate::raw::{NameRef, Occurs};
use crate::source::{FileId, SourceMap, Span};

/// Parses XML text, refusing DTDs (and so every entity-expansion attack).
pub(crate) fn parse_xml(text: &str) -> Result<Document<'_>, roxmltree::Error> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    Document::parse_with_options(text, options)
}

/// Describes a roxmltree error in words a WSDL author understands.
pub(crate) fn describe_xml_error(error: &roxmltree::Error) -> String {
    match error {
        roxmltree::Error::DtdDetected => {
            "the document has a DTD (<!DOCTYPE>); DTDs and entity declarations are refused \
             for safety (entity expansion, external entities)"
                .to_owned()
        }
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

    /// A required attribute; a missing one is reported.
    pub fn required_attribute<'a>(&mut self, node: Node<'a, '_>, name: &str) -> Option<&'a str> {
        let value = node.attribute(name);
        if value.is_none() {
            self.error_at(
                node,
                format!("<{}> needs a `{name}` attribute", node.tag_name().name()),
            );
        }
        value
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
