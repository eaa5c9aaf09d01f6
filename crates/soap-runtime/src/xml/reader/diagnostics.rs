//! Errors with the element path (`a/b[3]/c`) and byte position where they happened.

use super::{Element, XmlReader};
use crate::error::{DecodeError, DecodeErrorKind, Error, Result};
use crate::xml::element::expanded;

impl<'a> XmlReader<'a> {
    /// A decode error at the current position, with the path of the innermost open element.
    pub fn error(&self, kind: DecodeErrorKind) -> Error {
        self.error_at(None, self.lexer.position(), kind)
    }

    /// A "missing required element" error for a child `local_name` of `parent`; generated
    /// decoders call it after the child loop when a required field was not seen.
    pub fn missing(&self, parent: &Element<'a>, local_name: &str) -> Error {
        self.error_at(
            Some(parent),
            self.lexer.position(),
            DecodeErrorKind::MissingElement(local_name.to_owned()),
        )
    }

    /// The [`missing`](Self::missing) error for the first of a struct's required members
    /// (`(local name, whether it is missing)`, in schema order) that did not come; generated
    /// decoders call it when at least one did not, after the child loop.
    pub fn first_missing(&self, parent: &Element<'a>, members: &[(&str, bool)]) -> Error {
        let name = members
            .iter()
            .find(|(_, missing)| *missing)
            .map_or("(a required member)", |(name, _)| name);
        self.missing(parent, name)
    }

    /// The error for `child`, a member of `base_type`, whose members a derived type holds
    /// whole, found after the run of the base's members ended: out of schema order (XSD puts
    /// the base's content first) or a second occurrence of a single-valued member.
    pub fn misplaced(&self, child: &Element<'a>, base_type: &str) -> Error {
        self.error_at(
            Some(child),
            self.lexer.position(),
            DecodeErrorKind::Invalid(format!(
                "<{}> belongs to the base type {base_type}, whose members come first: here it \
                 is out of order, or there once too often",
                child.local_name()
            )),
        )
    }

    /// Checks that `element` is `(namespace, local_name)`, else a
    /// [`DecodeErrorKind::WrongElement`] error.
    pub fn expect_element(
        &self,
        element: &Element<'a>,
        namespace: Option<&str>,
        local_name: &str,
    ) -> Result<()> {
        if element.is(namespace, local_name) {
            Ok(())
        } else {
            Err(self.error_at(
                Some(element),
                self.lexer.position(),
                DecodeErrorKind::WrongElement {
                    expected: expanded(namespace, local_name),
                    found: element.expanded_name(),
                },
            ))
        }
    }

    /// Current byte offset in the input.
    pub fn position(&self) -> u64 {
        self.lexer.position() as u64
    }

    /// The element path (`a/b[3]/c`) of the open elements, plus `last` if it is closed already.
    pub(super) fn path(&self, last: Option<&Element<'a>>) -> String {
        let mut path = String::new();
        let open = match last {
            Some(el) => self.frames.len().min(el.depth.saturating_sub(1)),
            None => self.frames.len(),
        };
        for frame in &self.frames[..open] {
            push_segment(&mut path, frame.local_name, frame.sibling_index);
        }
        if let Some(el) = last {
            if self.frame_index(el).is_some() {
                let frame = &self.frames[el.depth - 1];
                push_segment(&mut path, frame.local_name, frame.sibling_index);
            } else {
                // Closed: its sibling index is the parent's current run (same name, last child).
                let index = self
                    .frames
                    .get(el.depth.wrapping_sub(2))
                    .filter(|p| p.last_child_name == el.local_name)
                    .map_or(0, |p| p.last_child_run);
                push_segment(&mut path, el.local_name, index);
            }
        }
        path
    }

    pub(super) fn error_at(
        &self,
        element: Option<&Element<'a>>,
        position: usize,
        kind: DecodeErrorKind,
    ) -> Error {
        DecodeError {
            path: self.path(element),
            position: position as u64,
            kind,
        }
        .into()
    }

    pub(super) fn misuse(&self, what: &'static str) -> Error {
        self.error(DecodeErrorKind::ReaderMisuse(what))
    }

    pub(super) fn syntax(&self, position: usize, message: String) -> Error {
        self.error_at(None, position, DecodeErrorKind::Syntax(message))
    }
}

#[inline]
fn push_segment(path: &mut String, name: &str, index: u32) {
    if !path.is_empty() {
        path.push('/');
    }
    path.push_str(name);
    if index > 0 {
        path.push('[');
        path.push_str(itoa::Buffer::new().format(index));
        path.push(']');
    }
}
