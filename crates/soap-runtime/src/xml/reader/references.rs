//! SOAP-encoding multi-references: an accessor that points at another element of the message
//! (`href="#id"` in SOAP 1.1, `enc:ref="id"` in SOAP 1.2) instead of holding its value.
//!
//! With [`XmlReader::follow_references`] on, the reader makes such an accessor look like the
//! element it points at: [`XmlReader::next_child`] returns the accessor (its name, its place in
//! the path), and everything read inside it (attributes such as `xsi:type`, text, children)
//! comes from the referenced element; attributes the referenced element lacks (an item's
//! `soapenc:position`) are the accessor's. When that element ends, reading goes on after the
//! accessor. Generated decoders need no code for references, forward or backward, shared or
//! nested, wherever in the body their targets are (Axis 1 puts them in `multiRef` siblings of
//! the response element; .NET and gSOAP inline the first occurrence).
//!
//! A [`Scanner`] finds the targets: from the start of the document, as far as the id asked for
//! and no further, indexing every id it passes; it steps over the elements the reader has
//! read through references already, so in the usual layout (the response, then the `multiRef`
//! elements in the order it refers to them) each is lexed once. Skipping an element read that
//! way is a jump too. A reference to an id that no element carries, and a reference to an
//! element being read (a cycle, which a Rust value cannot hold), are errors with the
//! accessor's path. Shared targets are read once per reference; the bytes read again that way
//! are limited, so a message of references to references cannot make the reader work without
//! end.

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
    /// Where the ids are, found on demand.
    scanner: Option<Scanner<'a>>,
    /// The references being followed, innermost last: the id and the frame reading it.
    active: Vec<(&'a str, u64)>,
    /// Bytes read again through references so far.
    reread: usize,
    /// Where each element read through a reference ends (after its end tag), by where it
    /// starts: the reader has checked it whole, so passing it again is a jump.
    read_ends: HashMap<usize, usize, BuildFxHasher>,
}

/// Where a referenced element is.
#[derive(Clone)]
struct Target {
    /// Byte offset of its `<`.
    position: usize,
    /// Its ancestors' namespace declarations, in [`Scanner::bindings`].
    bindings: Range<usize>,
}

/// Finds the elements that carry an id, scanning forward only as far as asked.
struct Scanner<'a> {
    lexer: Lexer<'a>,
    by_id: HashMap<&'a str, Target, BuildFxHasher>,
    /// The namespace declarations in scope at each target (its ancestors'), back to back.
    bindings: Vec<NsBinding<'a>>,
    /// The declarations in scope where the scan is.
    in_scope: Vec<NsBinding<'a>>,
    /// The elements the scan is in: where their declarations start in `in_scope`, their
    /// serial number, and where they start.
    open: Vec<(usize, u64, usize)>,
    serial: u64,
    /// Siblings share their ancestors' declarations: the last copy, by parent serial.
    last_copy: Option<(u64, Range<usize>)>,
    /// The scan reached the end of the document (or a syntax error the reader reports where
    /// it meets it).
    finished: bool,
}

impl<'a> Scanner<'a> {
    fn new(input: &'a str) -> Self {
        Scanner {
            lexer: Lexer::new(input),
            by_id: HashMap::default(),
            bindings: Vec::new(),
            in_scope: Vec::new(),
            open: Vec::new(),
            serial: 0,
            last_copy: None,
            finished: false,
        }
    }

    /// The element with `id`: indexed already, or found by scanning on; `read_ends` are the
    /// elements the reader has read whole, which the scan steps over.
    fn find(
        &mut self,
        id: &str,
        read_ends: &HashMap<usize, usize, BuildFxHasher>,
    ) -> Option<Target> {
        if let Some(target) = self.by_id.get(id) {
            return Some(target.clone());
        }
        // Out of the elements the reader has read whole since the scan stopped in them (the
        // scan stops in the target it finds; nothing else it passes has been read yet).
        while let Some(&(mark, _, start)) = self.open.last() {
            let Some(&end) = read_ends.get(&start) else {
                break;
            };
            if self.lexer.position() < end {
                self.lexer.seek(end);
            }
            self.open.pop();
            self.in_scope.truncate(mark);
        }
        while !self.finished {
            let position = self.lexer.position();
            let token = match self.lexer.next_token() {
                Ok(token) => token,
                Err(_) => {
                    self.finished = true;
                    break;
                }
            };
            match token {
                Token::Start(start) => {
                    if self.open_element(start.tag, start.name_len, position) == Some(id) {
                        return self.by_id.get(id).cloned();
                    }
                }
                Token::End { .. } => {
                    if let Some((mark, ..)) = self.open.pop() {
                        self.in_scope.truncate(mark);
                    }
                }
                Token::Eof => self.finished = true,
                Token::Text(_)
                | Token::CData(_)
                | Token::Comment
                | Token::ProcessingInstruction => {}
            }
        }
        None
    }

    /// Enters the element whose start tag `tag` is at `position`; indexes its id, if it has
    /// one (the first element with an id keeps it), and returns it.
    fn open_element(&mut self, tag: &'a str, name_len: usize, position: usize) -> Option<&'a str> {
        let mark = self.in_scope.len();
        let mut found = None;
        if tag.len() > name_len {
            for (key, raw) in Attributes::of(tag, name_len) {
                let prefix = match key.strip_prefix("xmlns") {
                    Some("") => "",
                    Some(rest) => match rest.strip_prefix(':') {
                        Some(prefix) => prefix,
                        None => continue,
                    },
                    None => continue,
                };
                if let Ok(uri) = decode_attribute(raw) {
                    self.in_scope.push(NsBinding { prefix, uri });
                }
            }
            let in_scope = &self.in_scope;
            let resolve = |prefix: &str| {
                in_scope
                    .iter()
                    .rev()
                    .find(|b| b.prefix == prefix)
                    .map(|b| b.uri == SOAP12_ENCODING_NAMESPACE)
            };
            if let Some(Marker::Id(id)) = marker(tag, name_len, resolve) {
                let parent = self.open.last().map_or(0, |&(_, serial, _)| serial);
                let bindings = match &self.last_copy {
                    Some((copied_for, range)) if *copied_for == parent => range.clone(),
                    _ => {
                        let begin = self.bindings.len();
                        self.bindings.extend(self.in_scope[..mark].iter().cloned());
                        let range = begin..self.bindings.len();
                        self.last_copy = Some((parent, range.clone()));
                        range
                    }
                };
                self.by_id
                    .entry(id)
                    .or_insert(Target { position, bindings });
                found = Some(id);
            }
        }
        self.serial += 1;
        self.open.push((mark, self.serial, position));
        found
    }
}

/// FxHash (rustc's): the maps here are keyed by short ids and byte offsets, hashed once per
/// reference, where SipHash's resistance to chosen keys buys nothing (the reread limit bounds
/// the work a message can cause).
#[derive(Clone, Copy, Default)]
struct BuildFxHasher;

#[derive(Default)]
struct FxHasher(u64);

impl std::hash::BuildHasher for BuildFxHasher {
    type Hasher = FxHasher;

    fn build_hasher(&self) -> FxHasher {
        FxHasher(0)
    }
}

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, word: usize) {
        self.write_u64(word as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
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

impl<'a> XmlReader<'a> {
    /// Reads the document as SOAP-encoded: an accessor with `href="#id"` (or SOAP 1.2's
    /// `enc:ref="id"`) reads as the element with that id, wherever it is in the document:
    /// [`next_child`](Self::next_child) returns the accessor (its name, its place in the
    /// path), and its attributes, text and children are the referenced element's (attributes
    /// it lacks, such as `soapenc:position`, the accessor's). A reference to an id no element
    /// carries, a cycle, and sharing that would read more than 16 times the document (plus
    /// 16 MiB) are errors with the accessor's path. Off by default: in a literal document
    /// `href` is just an attribute. See [`crate::encoding`].
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
        if let Some(problem) = problem {
            return Err(self.error_at(None, position, problem));
        }
        let scanner = references
            .scanner
            .get_or_insert_with(|| Scanner::new(input));
        let Some(target) = scanner.find(id, &references.read_ends) else {
            let dangling = DecodeErrorKind::DanglingReference(id.into());
            return Err(self.error_at(None, position, dangling));
        };
        let target_position = target.position;
        self.namespaces
            .extend(scanner.bindings[target.bindings].iter().cloned());
        let frame_id = self.frames.last().map_or(0, |f| f.id);
        references.active.push((id, frame_id));
        self.prefix_cache = None;
        self.lexer.seek(target_position);
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

    /// Where the element starting at `start` ends (after its end tag), when the reader has
    /// read it whole through a reference: skipping it again is then a jump.
    #[inline]
    pub(super) fn known_end(&self, start: usize) -> Option<usize> {
        let references = self.references.as_ref()?;
        references.read_ends.get(&start).copied()
    }

    /// After the referenced element read in `frame` has ended: back to after the accessor.
    #[cold]
    pub(super) fn leave_reference(&mut self, frame: &Frame<'a>, resume: NonZeroUsize) {
        let end = self.lexer.position();
        if let Some(references) = self.references.as_mut() {
            references.reread = references
                .reread
                .saturating_add(end.saturating_sub(frame.start_pos));
            references.read_ends.insert(frame.start_pos, end);
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
