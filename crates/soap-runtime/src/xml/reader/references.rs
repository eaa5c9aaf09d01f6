//! SOAP-encoding multi-references: an accessor that points at another element of the message
//! (`href="#id"` in SOAP 1.1, `enc:ref="id"` in SOAP 1.2) instead of holding its value.
//!
//! With [`XmlReader::follow_references`] on, the reader makes such an accessor look like the
//! element it points at: [`XmlReader::next_child`] returns the accessor (its name, its place in
//! the path), and everything read inside it (attributes such as `xsi:type`, text, children)
//! comes from the referenced element. When that element ends, reading goes on after the
//! accessor. Generated decoders need no code for references, forward or backward, shared or
//! nested, wherever in the body their targets are (Axis 1 puts them in `multiRef` siblings of
//! the response element; .NET and gSOAP inline the first occurrence).
//!
//! The targets are found by one scan of the whole document, made on the first reference. A
//! reference to an id that no element carries, and a reference to an element being read (a
//! cycle, which a Rust value cannot hold), are errors with the accessor's path. Shared targets
//! are read once per reference; the bytes read again that way are limited, so a message of
//! references to references cannot make the reader work without end.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::ops::Range;

use super::namespaces::{NsBinding, split_qname};
use super::{Frame, XmlReader};
use crate::error::{DecodeErrorKind, Result};
use crate::xml::SOAP12_ENCODING_NAMESPACE;
use crate::xml::lexer::{Attributes, Lexer, Token, decode_attribute};

/// Bytes that may be read again through references, beyond the input's own length times
/// [`REREAD_PER_INPUT_BYTE`].
const REREAD_ALLOWANCE: usize = 16 << 20;
/// How many times over the input may be read again through shared references.
const REREAD_PER_INPUT_BYTE: usize = 16;

/// What the reader keeps to follow references.
#[derive(Default)]
pub(super) struct References<'a> {
    /// Every element with an id, found on the first reference.
    targets: Option<Targets<'a>>,
    /// The references being followed, innermost last: the id and the frame reading it.
    active: Vec<(&'a str, u64)>,
    /// Bytes read again through references so far.
    reread: usize,
}

/// The elements of a document that carry an id.
struct Targets<'a> {
    by_id: HashMap<&'a str, Target>,
    /// The namespace declarations in scope at each target (its ancestors'), back to back.
    bindings: Vec<NsBinding<'a>>,
}

/// Where a referenced element is.
struct Target {
    /// Byte offset of its `<`.
    position: usize,
    /// Its ancestors' namespace declarations, in [`Targets::bindings`].
    bindings: Range<usize>,
}

/// An element with an id, or an accessor with a reference: the attributes that say so.
enum Marker<'a> {
    Id(&'a str),
    Reference(&'a str),
}

/// The id or reference among the attributes of a start tag: `id`/`href="#…"` (SOAP 1.1), or
/// `enc:id`/`enc:ref` in the SOAP 1.2 encoding namespace, whose prefix `resolve` looks up.
fn marker<'a>(
    tag: &'a str,
    name_len: usize,
    resolve: impl Fn(&str) -> Option<bool>,
) -> Option<Marker<'a>> {
    for (key, value) in Attributes::of(tag, name_len) {
        match key {
            "href" => {
                if let Some(id) = value.strip_prefix('#') {
                    return Some(Marker::Reference(id));
                }
            }
            "id" => return Some(Marker::Id(value)),
            _ => {
                let (prefix, local) = split_qname(key);
                if prefix.is_empty() || prefix == "xmlns" || !matches!(local, "id" | "ref") {
                    continue;
                }
                if resolve(prefix) == Some(true) {
                    return Some(if local == "id" {
                        Marker::Id(value)
                    } else {
                        Marker::Reference(value)
                    });
                }
            }
        }
    }
    None
}

impl<'a> Targets<'a> {
    /// Scans `input` for the elements that carry an id. A syntax error is left for the reader
    /// to report where it meets it: the scan stops there.
    fn scan(input: &'a str) -> Self {
        let mut targets = Targets {
            by_id: HashMap::new(),
            bindings: Vec::new(),
        };
        let mut lexer = Lexer::new(input);
        let mut in_scope: Vec<NsBinding<'a>> = Vec::new();
        // Per open element: where its declarations start in `in_scope`, and its serial.
        let mut open: Vec<(usize, u64)> = Vec::new();
        let mut serial = 0u64;
        // Siblings share their ancestors' declarations: the last copy, by parent serial.
        let mut last_copy: Option<(u64, Range<usize>)> = None;
        loop {
            let position = lexer.position();
            let Ok(token) = lexer.next_token() else {
                return targets;
            };
            match token {
                Token::Start(start) => {
                    let mark = in_scope.len();
                    let has_attributes = start.tag.len() > start.name_len;
                    if has_attributes {
                        for (key, raw) in Attributes::of(start.tag, start.name_len) {
                            let prefix = match key.strip_prefix("xmlns") {
                                Some("") => "",
                                Some(rest) => match rest.strip_prefix(':') {
                                    Some(prefix) => prefix,
                                    None => continue,
                                },
                                None => continue,
                            };
                            if let Ok(uri) = decode_attribute(raw) {
                                in_scope.push(NsBinding { prefix, uri });
                            }
                        }
                        let resolve = |prefix: &str| {
                            in_scope
                                .iter()
                                .rev()
                                .find(|b| b.prefix == prefix)
                                .map(|b| b.uri == SOAP12_ENCODING_NAMESPACE)
                        };
                        if let Some(Marker::Id(id)) = marker(start.tag, start.name_len, resolve) {
                            let parent = open.last().map_or(0, |&(_, serial)| serial);
                            let bindings = match &last_copy {
                                Some((copied_for, range)) if *copied_for == parent => range.clone(),
                                _ => {
                                    let begin = targets.bindings.len();
                                    targets.bindings.extend(in_scope[..mark].iter().cloned());
                                    let range = begin..targets.bindings.len();
                                    last_copy = Some((parent, range.clone()));
                                    range
                                }
                            };
                            targets
                                .by_id
                                .entry(id)
                                .or_insert(Target { position, bindings });
                        }
                    }
                    serial += 1;
                    open.push((mark, serial));
                }
                Token::End { .. } => {
                    if let Some((mark, _)) = open.pop() {
                        in_scope.truncate(mark);
                    }
                }
                Token::Eof => return targets,
                Token::Text(_)
                | Token::CData(_)
                | Token::Comment
                | Token::ProcessingInstruction => {}
            }
        }
    }
}

impl<'a> XmlReader<'a> {
    /// Reads the document as SOAP-encoded: an accessor with `href="#id"` (or SOAP 1.2's
    /// `enc:ref="id"`) reads as the element with that id (see the [module
    /// documentation](self)). Off by default: in a literal document `href` is just an
    /// attribute.
    pub fn follow_references(&mut self) {
        if self.references.is_none() {
            self.references = Some(Box::default());
        }
    }

    /// Whether the element just opened in the top frame (at `position`) is an accessor with a
    /// reference; if so, reads its (empty) content and moves into the element it refers to.
    #[inline]
    pub(super) fn enter_reference(&mut self, position: usize) -> Result<()> {
        let Some(frame) = self.frames.last() else {
            return Ok(());
        };
        if self.references.is_none() || !frame.has_attributes {
            return Ok(());
        }
        let scope = self.namespaces.len();
        let resolve = |prefix: &str| {
            self.resolve_prefix(prefix, scope)
                .ok()
                .flatten()
                .map(|uri| uri == SOAP12_ENCODING_NAMESPACE)
        };
        match marker(frame.tag, frame.name_len, resolve) {
            Some(Marker::Reference(id)) => self.follow(id, position),
            _ => Ok(()),
        }
    }

    /// Follows the reference to `id` of the accessor in the top frame, which starts at
    /// `position`: checks that the accessor is empty, then reads the target in its place.
    fn follow(&mut self, id: &'a str, position: usize) -> Result<()> {
        self.finish_accessor()?;
        let resume = self.lexer.position();
        let limit = self
            .lexer
            .input()
            .len()
            .saturating_mul(REREAD_PER_INPUT_BYTE)
            .saturating_add(REREAD_ALLOWANCE);
        let input = self.lexer.input();
        let references = self.references.get_or_insert_with(Box::default);
        let problem = if references.active.iter().any(|&(active, _)| active == id) {
            Some(DecodeErrorKind::CyclicReference(id.into()))
        } else if references.reread > limit {
            Some(DecodeErrorKind::ReferenceExpansion { limit })
        } else {
            None
        };
        let targets = references
            .targets
            .get_or_insert_with(|| Targets::scan(input));
        let target = match (problem, targets.by_id.get(id)) {
            (Some(problem), _) => return Err(self.error_at(None, position, problem)),
            (None, None) => {
                let dangling = DecodeErrorKind::DanglingReference(id.into());
                return Err(self.error_at(None, position, dangling));
            }
            (None, Some(target)) => target,
        };
        let target_position = target.position;
        self.namespaces
            .extend(targets.bindings[target.bindings.clone()].iter().cloned());
        let frame_id = self.frames.last().map_or(0, |f| f.id);
        references.active.push((id, frame_id));
        self.prefix_cache = None;
        self.lexer.rewind(target_position);
        let Token::Start(start) = self.next_token()? else {
            return Err(self.misuse("a reference target that is no start tag"));
        };
        self.push_namespace_declarations(start.tag, start.name_len, target_position)?;
        if let Some(frame) = self.frames.last_mut() {
            if frame.accessor.is_none() {
                frame.accessor = Some((frame.tag, frame.name_len));
            }
            frame.tag = start.tag;
            frame.name_len = start.name_len;
            frame.start_pos = target_position;
            frame.has_attributes = start.tag.len() > start.name_len;
            if frame.resume_at.is_none() {
                frame.resume_at = NonZeroUsize::new(resume);
            }
        }
        // A target that is itself a reference (rare, but legal) is followed in turn.
        self.enter_reference(target_position)
    }

    /// Reads the content of the accessor in the top frame up to its end tag: nothing but
    /// whitespace and comments, since its value is elsewhere.
    fn finish_accessor(&mut self) -> Result<()> {
        loop {
            let position = self.lexer.position();
            match self.next_token()? {
                Token::End { name } => return self.check_end(name),
                Token::Text(text) if super::is_blank(text) => {}
                Token::Comment | Token::ProcessingInstruction => {}
                Token::Eof => return Err(self.error(DecodeErrorKind::UnexpectedEof)),
                Token::Start(_) | Token::Text(_) | Token::CData(_) => {
                    return Err(self.error_at(
                        None,
                        position,
                        DecodeErrorKind::Invalid(
                            "an accessor with a reference (href) also has content".into(),
                        ),
                    ));
                }
            }
        }
    }

    /// After the referenced element read in `frame` has ended: back to after the accessor.
    #[cold]
    pub(super) fn leave_reference(&mut self, frame: &Frame<'a>, resume: NonZeroUsize) {
        let end = self.lexer.position();
        if let Some(references) = self.references.as_mut() {
            references.reread = references
                .reread
                .saturating_add(end.saturating_sub(frame.start_pos));
            while references
                .active
                .last()
                .is_some_and(|&(_, reader)| reader == frame.id)
            {
                references.active.pop();
            }
        }
        self.lexer.rewind(resume.get());
    }
}
