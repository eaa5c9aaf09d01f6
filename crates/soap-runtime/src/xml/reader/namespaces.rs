//! Namespaces and attributes: the binding stack, prefix resolution, and the attribute
//! lookups that depend on it.

use std::borrow::Cow;

use super::{Element, XmlReader};
use crate::error::{DecodeErrorKind, Result};
use crate::xml::XSI_NAMESPACE;
use crate::xml::element::ResolvedName;
use crate::xml::lexer::Attributes;

const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// What the attributes of a start tag say about SOAP-encoding multi-references, as far as
/// their names tell: SOAP 1.1's `href="#…"` and `id`, and whether a prefixed `…:id` or
/// `…:ref` may be SOAP 1.2's (its prefix decides).
#[derive(Clone, Copy, Default)]
pub(super) struct Marks<'a> {
    /// The id an `href="#…"` refers to.
    pub(super) href: Option<&'a str>,
    pub(super) id: Option<&'a str>,
    pub(super) prefixed: bool,
}

impl Marks<'_> {
    /// Whether the tag may carry an id or a reference.
    pub(super) fn any(&self) -> bool {
        self.href.is_some() || self.id.is_some() || self.prefixed
    }
}

/// One namespace declaration on the binding stack.
#[derive(Clone)]
pub(super) struct NsBinding<'a> {
    pub(super) prefix: &'a str,
    pub(super) uri: Cow<'a, str>,
}

impl<'a> XmlReader<'a> {
    /// The value of the attribute `(namespace, local_name)` of `element` (unprefixed attributes
    /// have no namespace), with entities resolved. `element` must still be open.
    pub fn attribute(
        &self,
        element: &Element<'a>,
        namespace: Option<&str>,
        local_name: &str,
    ) -> Result<Option<Cow<'a, str>>> {
        let Some(index) = self.frame_index(element) else {
            return Err(self.misuse("attribute() on an element that is no longer open"));
        };
        let frame = &self.frames[index];
        let scope = self.scope_end(index);
        if frame.has_attributes {
            let found = self.find_attribute(
                frame.tag,
                frame.name_len,
                (namespace, local_name),
                scope,
                frame.start_pos,
            )?;
            if found.is_some() {
                return Ok(found);
            }
        }
        match frame.accessor {
            Some((tag, name_len)) => self.find_attribute(
                tag,
                name_len,
                (namespace, local_name),
                scope,
                frame.start_pos,
            ),
            None => Ok(None),
        }
    }

    /// The attribute `(namespace, local_name)` among those of the start tag `tag` (at byte
    /// `position`, for errors), prefixes resolved among the first `scope` bindings.
    fn find_attribute(
        &self,
        tag: &'a str,
        name_len: usize,
        (namespace, local_name): (Option<&str>, &str),
        scope: usize,
        position: usize,
    ) -> Result<Option<Cow<'a, str>>> {
        for (key, raw) in Attributes::of(tag, name_len) {
            if declared_prefix(key).is_some() {
                continue;
            }
            let (prefix, local) = split_qname(key);
            if local != local_name {
                continue;
            }
            let attr_ns = if prefix.is_empty() {
                None
            } else {
                self.resolve_prefix(prefix, scope)?
            };
            if attr_ns.as_deref() == namespace {
                return self.decode_attribute(raw, position).map(Some);
            }
        }
        Ok(None)
    }

    /// The resolved `xsi:type` of `element`, if present.
    pub fn xsi_type(&self, element: &Element<'a>) -> Result<Option<ResolvedName>> {
        match self.attribute(element, Some(XSI_NAMESPACE), "type")? {
            Some(value) => self.resolve_qname(element, &value).map(Some),
            None => Ok(None),
        }
    }

    /// Resolves a QName-valued text or attribute (`prefix:local`) against the namespace
    /// declarations in scope at `scope`, which must still be open.
    pub fn resolve_qname(&self, scope: &Element<'a>, value: &str) -> Result<ResolvedName> {
        let Some(index) = self.frame_index(scope) else {
            return Err(self.misuse("resolve_qname() with an element that is no longer open"));
        };
        let (prefix, local) = split_qname(value.trim());
        let namespace = self.resolve_prefix(prefix, self.scope_end(index))?;
        Ok(ResolvedName {
            namespace: namespace.map(Cow::into_owned),
            local_name: local.to_owned(),
        })
    }

    /// The namespace declarations in scope at `element` (which must still be open), its own
    /// included: `(prefix, URI)`, `""` for the default namespace (an empty URI undeclares it),
    /// one per prefix, the innermost winning. With them, raw XML cut out of `element` (see
    /// [`read_inner_raw`](Self::read_inner_raw)) can be decoded on its own later.
    pub fn namespaces_in_scope(&self, element: &Element<'a>) -> Result<Vec<(String, String)>> {
        let Some(index) = self.frame_index(element) else {
            return Err(self.misuse("namespaces_in_scope() with an element that is no longer open"));
        };
        let bindings = self
            .namespaces
            .get(..self.scope_end(index))
            .unwrap_or(&self.namespaces);
        let mut out: Vec<(String, String)> = Vec::new();
        for binding in bindings.iter().rev() {
            if !out.iter().any(|(prefix, _)| prefix == binding.prefix) {
                out.push((binding.prefix.to_owned(), binding.uri.clone().into_owned()));
            }
        }
        out.reverse();
        Ok(out)
    }

    /// Pushes the namespace declarations among the attributes of the start tag `tag` (at byte
    /// `pos`), and refuses a tag that repeats an attribute. On an error, what it pushed is
    /// still on the stack: the caller truncates it.
    ///
    /// Returns the [`Marks`] noted in passing, so that tags without one need no second look.
    pub(super) fn push_namespace_declarations(
        &mut self,
        tag: &'a str,
        name_len: usize,
        pos: usize,
    ) -> Result<Marks<'a>> {
        let mut names = std::mem::take(&mut self.attribute_names);
        names.clear();
        // One pass over the attributes; a repeated attribute is reported before a bad
        // declaration, wherever each is.
        let mut bad_declaration = None;
        let mut marks = Marks::default();
        for (key, raw) in Attributes::of(tag, name_len) {
            names.push(key);
            match key {
                "href" => marks.href = marks.href.or(raw.strip_prefix('#')),
                "id" => marks.id = marks.id.or(Some(raw)),
                _ => marks.prefixed |= key.ends_with(":id") || key.ends_with(":ref"),
            }
            let Some(prefix) = declared_prefix(key) else {
                continue;
            };
            match self.decode_attribute(raw, pos) {
                Ok(uri) => self.namespaces.push(NsBinding { prefix, uri }),
                Err(e) => {
                    bad_declaration.get_or_insert(e);
                }
            }
        }
        // Pairwise for the usual handful, sorted for a hostile tag with thousands.
        let repeated = if names.len() <= 16 {
            names
                .iter()
                .enumerate()
                .find(|&(i, key)| names[..i].contains(key))
                .map(|(_, key)| *key)
        } else {
            names.sort_unstable();
            names.windows(2).find(|w| w[0] == w[1]).map(|w| w[0])
        };
        self.attribute_names = names;
        if let Some(key) = repeated {
            return Err(self.syntax(
                pos,
                format!("attribute `{}` repeated", crate::error::snippet(key, 64)),
            ));
        }
        bad_declaration.map_or(Ok(marks), Err)
    }

    /// The namespace bound to `prefix` among the first `scope` bindings.
    // Inlined: on the decode hot path, and in another module than its callers (so possibly in
    // another codegen unit).
    #[inline]
    pub(super) fn resolve_prefix(
        &self,
        prefix: &str,
        scope: usize,
    ) -> Result<Option<Cow<'a, str>>> {
        let bindings = self.namespaces.get(..scope).unwrap_or(&self.namespaces);
        if let Some(binding) = bindings.iter().rev().find(|b| b.prefix == prefix) {
            return Ok((!binding.uri.is_empty()).then(|| binding.uri.clone()));
        }
        match prefix {
            "" => Ok(None),
            "xml" => Ok(Some(Cow::Borrowed(XML_NAMESPACE))),
            _ => Err(self.error(DecodeErrorKind::UnboundPrefix(prefix.to_owned()))),
        }
    }

    /// The end of the namespace bindings visible to the frame at `index`.
    #[inline]
    pub(super) fn scope_end(&self, index: usize) -> usize {
        self.frames
            .get(index + 1)
            .map_or(self.namespaces.len(), |next| next.ns_mark)
    }
}

/// The prefix that an attribute named `key` declares, if it is a namespace declaration: `""`
/// for `xmlns` (the default namespace), `p` for `xmlns:p`.
#[inline]
pub(super) fn declared_prefix(key: &str) -> Option<&str> {
    match key.strip_prefix("xmlns")? {
        "" => Some(""),
        rest => rest.strip_prefix(':'),
    }
}

#[inline]
pub(super) fn split_qname(qname: &str) -> (&str, &str) {
    // A byte loop: names are short, and `split_once(char)` showed up in profiles.
    match qname.bytes().position(|b| b == b':') {
        Some(colon) => (&qname[..colon], &qname[colon + 1..]),
        None => ("", qname),
    }
}
