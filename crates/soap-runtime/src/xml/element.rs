//! What the reader hands out: [`Element`] handles, resolved names, and the reader's limits.

use std::borrow::Cow;

/// Limits for [`XmlReader`](super::XmlReader).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReaderOptions {
    /// Maximum element nesting depth; deeper input is a [`DecodeErrorKind::TooDeep`](crate::DecodeErrorKind::TooDeep) error
    /// instead of unbounded recursion in generated decoders. Default 256.
    pub max_depth: usize,
}

impl Default for ReaderOptions {
    fn default() -> Self {
        ReaderOptions { max_depth: 256 }
    }
}

/// An element the reader has entered: its name, namespace and identity.
///
/// Returned by [`XmlReader::root`](super::XmlReader::root) and [`XmlReader::next_child`](super::XmlReader::next_child); pass it back to the reader to
/// read the element's content. Cheap to clone (names borrow from the input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element<'a> {
    pub(super) id: u64,
    pub(super) depth: usize,
    pub(super) qname: &'a str,
    pub(super) local_name: &'a str,
    pub(super) namespace: Option<Cow<'a, str>>,
}

impl<'a> Element<'a> {
    /// The local name (without prefix).
    #[inline]
    pub fn local_name(&self) -> &'a str {
        self.local_name
    }

    /// The resolved namespace URI; `None` for an unqualified element.
    #[inline]
    pub fn namespace(&self) -> Option<&str> {
        self.namespace.as_deref()
    }

    /// The name as written, with its prefix if any.
    #[inline]
    pub fn qualified_name(&self) -> &'a str {
        self.qname
    }

    /// Whether the element has this namespace and local name.
    #[inline]
    pub fn is(&self, namespace: Option<&str>, local_name: &str) -> bool {
        self.local_name == local_name && self.namespace() == namespace
    }

    /// `{namespace}local` for messages.
    pub(super) fn expanded_name(&self) -> String {
        expanded(self.namespace(), self.local_name)
    }
}

/// A resolved qualified name (e.g. the value of `xsi:type`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedName {
    /// Namespace URI bound to the prefix, `None` for an unprefixed name without default namespace.
    pub namespace: Option<String>,
    /// Local part.
    pub local_name: String,
}

/// `{namespace}local` for messages.
pub(super) fn expanded(namespace: Option<&str>, local_name: &str) -> String {
    match namespace {
        Some(ns) => format!("{{{ns}}}{local_name}"),
        None => local_name.to_owned(),
    }
}
