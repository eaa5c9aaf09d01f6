//! Rewrites a SOAP-encoded document the way Axis 1 writes one: every value with element
//! content below the document element moves out into a `multiRef` sibling that its accessor
//! refers to with `href`, values written alike share one `multiRef`. For round-trip tests:
//! what the reader must read through references is then exactly what was written inline.

use super::lexer::{Attributes, Lexer, Token};

/// A parsed element: its start tag (between `<` and `>`), name and content.
struct Node<'a> {
    tag: &'a str,
    name_len: usize,
    content: Vec<Content<'a>>,
}

enum Content<'a> {
    Element(Node<'a>),
    /// Text or markup kept as written (text, `<![CDATA[…]]>`).
    Raw(String),
}

impl Node<'_> {
    fn name(&self) -> &str {
        &self.tag[..self.name_len]
    }

    fn has_elements(&self) -> bool {
        self.content
            .iter()
            .any(|c| matches!(c, Content::Element(_)))
    }
}

/// The document `xml` (as [`XmlWriter`](super::XmlWriter) writes it: no DTD, complete) with
/// the values of its document element's descendants moved into `multiRef` siblings of the
/// document element's children; `None` when `xml` is no well-formed document. An accessor
/// keeps its `soapenc:position`; its other attributes (such as `xsi:type`) move with the
/// value. Namespace declarations must all be on the document element.
pub(crate) fn multi_referenced(xml: &str) -> Option<String> {
    let root = parse(xml)?;
    let mut out = String::with_capacity(xml.len() * 2);
    let mut refs = MultiRefs::default();
    out.push('<');
    out.push_str(root.tag);
    out.push('>');
    for content in &root.content {
        refs.write(&mut out, content);
    }
    for body in &refs.bodies {
        out.push_str(body);
    }
    out.push_str("</");
    out.push_str(root.name());
    out.push('>');
    Some(out)
}

/// The `multiRef` elements written so far, each once.
#[derive(Default)]
struct MultiRefs {
    bodies: Vec<String>,
    /// The id of each `multiRef` by its attributes and content, so values written alike are
    /// shared.
    ids: std::collections::HashMap<String, usize>,
}

impl MultiRefs {
    fn write(&mut self, out: &mut String, content: &Content<'_>) {
        let node = match content {
            Content::Raw(raw) => return out.push_str(raw),
            Content::Element(node) => node,
        };
        let (kept, moved) = split_attributes(node);
        if !node.has_elements() {
            out.push('<');
            out.push_str(node.tag);
            out.push('>');
            for content in &node.content {
                self.write(out, content);
            }
            out.push_str("</");
            out.push_str(node.name());
            out.push('>');
            return;
        }
        let mut value = String::new();
        value.push_str(&moved);
        value.push('>');
        for content in &node.content {
            self.write(&mut value, content);
        }
        let next = self.ids.len();
        let id = *self.ids.entry(value.clone()).or_insert(next);
        if id == next {
            self.bodies.push(format!(
                "<multiRef id=\"id{id}\" soapenc:root=\"0\"{value}</multiRef>"
            ));
        }
        out.push_str(&format!("<{}{kept} href=\"#id{id}\"/>", node.name()));
    }
}

/// The attributes an accessor keeps (`soapenc:position`), and those that move to the value,
/// each written with its leading space.
fn split_attributes(node: &Node<'_>) -> (String, String) {
    let (mut kept, mut moved) = (String::new(), String::new());
    for (key, value) in Attributes::of(node.tag, node.name_len) {
        let target = if key.ends_with(":position") {
            &mut kept
        } else {
            &mut moved
        };
        target.push_str(&format!(" {key}=\"{value}\""));
    }
    (kept, moved)
}

fn parse(xml: &str) -> Option<Node<'_>> {
    let mut lexer = Lexer::new(xml);
    let mut stack: Vec<Node<'_>> = Vec::new();
    loop {
        match lexer.next_token().ok()? {
            Token::Start(start) => stack.push(Node {
                tag: start.tag,
                name_len: start.name_len,
                content: Vec::new(),
            }),
            Token::End { .. } => {
                let node = stack.pop()?;
                match stack.last_mut() {
                    Some(parent) => parent.content.push(Content::Element(node)),
                    None => return Some(node),
                }
            }
            Token::Text(text) => {
                if let Some(parent) = stack.last_mut() {
                    parent.content.push(Content::Raw(text.to_owned()));
                }
            }
            Token::CData(text) => {
                if let Some(parent) = stack.last_mut() {
                    parent
                        .content
                        .push(Content::Raw(format!("<![CDATA[{text}]]>")));
                }
            }
            Token::Comment | Token::ProcessingInstruction => {}
            Token::Eof => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::multi_referenced;

    #[test]
    fn values_with_element_content_move_out_and_alike_ones_are_shared() {
        let xml = concat!(
            r#"<r xmlns:soapenc="urn:enc"><value t="A"><p t="P"><x>1</x></p>"#,
            r#"<q soapenc:position="[3]" t="P"><x>1</x></q><n>2</n></value></r>"#
        );
        assert_eq!(
            multi_referenced(xml).as_deref(),
            Some(concat!(
                r##"<r xmlns:soapenc="urn:enc"><value href="#id1"/>"##,
                r##"<multiRef id="id0" soapenc:root="0" t="P"><x>1</x></multiRef>"##,
                r##"<multiRef id="id1" soapenc:root="0" t="A"><p href="#id0"/>"##,
                r##"<q soapenc:position="[3]" href="#id0"/><n>2</n></multiRef></r>"##
            ))
        );
        assert_eq!(multi_referenced("<r><unclosed></r>"), None);
    }
}
