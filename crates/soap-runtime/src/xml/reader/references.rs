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
//! The reader indexes the ids of the elements it opens. A [`Scanner`] finds the other targets:
//! from the start of the document, as far as the id asked for and no further, indexing every
//! id it passes and keeping each target's lexed start tag, which the reader takes over instead
//! of lexing it again. The scan steps over the elements the reader has read whole through
//! references (their ids are indexed), so in the usual layout (the response, then the
//! `multiRef` elements in the order it refers to them) each is lexed once by the scan; passing
//! a run of such siblings again, as the end of the body does, is one jump. An element with an
//! id that the reader passes unopened (an unknown element it skips) keeps the scan from
//! stepping over what holds it.
//!
//! A reference to an id that no element carries, and a reference to an element being read (a
//! cycle, which a Rust value cannot hold), are errors with the accessor's path. Shared targets
//! are read once per reference; the bytes read again that way are limited, so a message of
//! references to references cannot make the reader work without end.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::ops::Range;

use super::namespaces::{Marks, NsBinding, declared_prefix, split_qname};
use super::{Frame, XmlReader};
use crate::error::{DecodeErrorKind, Result};
use crate::xml::SOAP12_ENCODING_NAMESPACE;
use crate::xml::lexer::{Attributes, Lexer, StartTag, Token, decode_attribute};

/// Bytes that may be read again through references, beyond the input's own length times
/// [`REREAD_PER_INPUT_BYTE`].
const REREAD_ALLOWANCE: usize = 16 << 20;
/// How many times over the input may be read again through shared references.
const REREAD_PER_INPUT_BYTE: usize = 16;

/// What the reader keeps to follow references.
#[derive(Default)]
pub(super) struct References<'a> {
    /// The elements with an id found so far, by the reader or the scanner.
    index: IdIndex<'a>,
    /// Finds the ids the reader has not met yet, on demand.
    scanner: Option<Scanner<'a>>,
    /// The references being followed, innermost last.
    active: Vec<ActiveReference<'a>>,
    /// Bytes read again through references so far.
    reread: usize,
    /// The elements read whole through references: the reader has checked them and indexed
    /// their ids, so passing them again is a jump.
    read: ReadRuns,
    /// How many elements with an id the reader has passed without opening them (and so
    /// without indexing them).
    unindexed: u64,
}

/// The elements the reader has read whole through references, in runs of siblings that
/// follow one another (with at most whitespace between): Axis 1 writes its `multiRef`
/// elements one after the other, and a run of them is passed in one jump.
#[derive(Default)]
struct ReadRuns {
    /// The run each element belongs to, by where the element starts.
    run_of: HashMap<usize, usize, BuildFxHasher>,
    /// Where each run ends (after the end tag of its last element).
    ends: Vec<usize>,
}

impl ReadRuns {
    /// Records the element of `input` from `start` to `end`: it extends the last run if it
    /// follows it.
    fn record(&mut self, input: &str, start: usize, end: usize) {
        let follows_last_run = self
            .ends
            .last()
            .is_some_and(|&last_end| input.get(last_end..start).is_some_and(super::is_blank));
        match self.ends.last_mut() {
            Some(last_end) if follows_last_run => *last_end = end,
            _ => self.ends.push(end),
        }
        self.run_of.insert(start, self.ends.len() - 1);
    }

    /// Where the run ends from the element starting at `start` on, if it was read whole: the
    /// elements after it in its run are its following siblings.
    #[inline]
    fn end_from(&self, start: usize) -> Option<usize> {
        self.run_of.get(&start).map(|&run| self.ends[run])
    }
}

/// A reference being followed.
struct ActiveReference<'a> {
    id: &'a str,
    /// The frame reading the referenced element.
    frame: u64,
    /// [`References::unindexed`] when the reference was followed.
    unindexed: u64,
}

/// The elements with an id, and the namespace declarations in scope at each.
#[derive(Default)]
struct IdIndex<'a> {
    /// Each id's element in [`Self::targets`] (small entries: the map grows often).
    by_id: HashMap<&'a str, u32, BuildFxHasher>,
    targets: Vec<Target<'a>>,
    /// The namespace declarations in scope at each target (its ancestors'), back to back.
    bindings: Vec<NsBinding<'a>>,
    /// The last declarations copied into [`Self::bindings`], and whose children they are in
    /// scope at: siblings share them.
    last_copy: Option<(Parent, Range<usize>)>,
}

/// The parent of an indexed element, for [`IdIndex::last_copy`]: an element the scan is in
/// (by its serial number) or one the reader has open (by its frame's id).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Parent {
    Scanned(u64),
    Opened(u64),
}

impl<'a> IdIndex<'a> {
    /// Indexes the element with `id` whose start tag `start` is at `position` and ends as
    /// `after_start` says (the first element with an id keeps it), a child of `parent` whose
    /// ancestors' declarations are `ancestors` (copied unless a sibling's copy serves).
    fn insert(
        &mut self,
        id: &'a str,
        (position, start, after_start): (usize, StartTag<'a>, (usize, bool)),
        parent: Parent,
        ancestors: &[NsBinding<'a>],
    ) -> Target<'a> {
        let bindings = match &self.last_copy {
            Some((copied_for, range)) if *copied_for == parent => range.clone(),
            _ => {
                let begin = self.bindings.len();
                self.bindings.extend(ancestors.iter().cloned());
                let range = begin..self.bindings.len();
                self.last_copy = Some((parent, range.clone()));
                range
            }
        };
        let targets = &mut self.targets;
        let slot = *self.by_id.entry(id).or_insert_with(|| {
            targets.push(Target {
                position,
                start,
                after_start,
                bindings,
            });
            // As many targets as ids: fewer than the bytes of a document held in memory.
            u32::try_from(targets.len() - 1).unwrap_or(u32::MAX)
        });
        self.targets[slot as usize].clone()
    }

    /// Makes room for the ids a scan of `input` may find, to spare the map most of its growth
    /// (each step of which hashes every id again, reading them from all over the input).
    fn expect_input(&mut self, input: &str) {
        // A guess, not a bound: an Axis 1 `multiRef` of a small struct takes some 500 bytes.
        self.by_id.reserve(input.len() / 512);
    }

    /// The element with `id`, if indexed.
    #[inline]
    fn get(&self, id: &str) -> Option<Target<'a>> {
        let slot = *self.by_id.get(id)?;
        self.targets.get(slot as usize).cloned()
    }
}

/// Where a referenced element is.
#[derive(Clone)]
struct Target<'a> {
    /// Byte offset of its `<`.
    position: usize,
    /// Its start tag, as lexed when it was found, and where that ends (with whether it is an
    /// empty-element tag): reading it needs no second lexing.
    start: StartTag<'a>,
    after_start: (usize, bool),
    /// Its ancestors' namespace declarations, in [`IdIndex::bindings`].
    bindings: Range<usize>,
}

/// Finds the elements that carry an id, scanning forward only as far as asked.
struct Scanner<'a> {
    lexer: Lexer<'a>,
    /// The declarations in scope where the scan is.
    in_scope: Vec<NsBinding<'a>>,
    /// The elements the scan is in: where their declarations start in `in_scope`, their
    /// serial number, and where they start.
    open: Vec<(usize, u64, usize)>,
    serial: u64,
    /// The scan reached the end of the document (or a syntax error the reader reports where
    /// it meets it).
    finished: bool,
}

impl<'a> Scanner<'a> {
    fn new(input: &'a str) -> Self {
        Scanner {
            lexer: Lexer::new(input),
            in_scope: Vec::new(),
            open: Vec::new(),
            serial: 0,
            finished: false,
        }
    }

    /// The element with `id`, found by scanning on and indexed in `index` with every other id
    /// the scan passes; it steps over the elements the reader has `read` whole.
    fn find(&mut self, id: &str, index: &mut IdIndex<'a>, read: &ReadRuns) -> Option<Target<'a>> {
        // Out of the elements the reader has read whole since the scan stopped in them (the
        // scan stops in the target it finds; nothing else it passes has been read yet).
        while let Some(&(mark, _, start)) = self.open.last() {
            let Some(end) = read.end_from(start) else {
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
                    if let Some((found, target)) = self.open_element(start, position, index) {
                        if found == id {
                            return Some(target);
                        }
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

    /// Enters the element whose start tag `start` (just lexed) is at `position`; indexes its
    /// id in `index`, if it has one, and returns it with where it is.
    fn open_element(
        &mut self,
        start: StartTag<'a>,
        position: usize,
        index: &mut IdIndex<'a>,
    ) -> Option<(&'a str, Target<'a>)> {
        let (tag, name_len) = (start.tag, start.name_len);
        let mark = self.in_scope.len();
        let mut found = None;
        if tag.len() > name_len {
            // One pass: the declarations, and the id (a prefixed one is resolved once the
            // tag's own declarations are in).
            let mut id = None;
            let mut prefixed_id = None;
            for (key, raw) in Attributes::of(tag, name_len) {
                if key == "id" {
                    id.get_or_insert(raw);
                    continue;
                }
                let Some(prefix) = declared_prefix(key) else {
                    if let Some((prefix, "id")) = key.split_once(':') {
                        prefixed_id.get_or_insert((prefix, raw));
                    }
                    continue;
                };
                if let Ok(uri) = decode_attribute(raw) {
                    self.in_scope.push(NsBinding { prefix, uri });
                }
            }
            let id = id.or_else(|| {
                let (prefix, raw) = prefixed_id?;
                let binding = self.in_scope.iter().rev().find(|b| b.prefix == prefix)?;
                (binding.uri == SOAP12_ENCODING_NAMESPACE).then_some(raw)
            });
            if let Some(id) = id {
                let parent = Parent::Scanned(self.open.last().map_or(0, |&(_, serial, _)| serial));
                let found_at = (position, start, self.lexer.after_start_tag());
                let target = index.insert(id, found_at, parent, &self.in_scope[..mark]);
                found = Some((id, target));
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
        let mut words = bytes.chunks_exact(8);
        for chunk in &mut words {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
        // The tail a byte at a time: a copy of a length not known at compile time would be a
        // call to `memcpy`, on every id hashed.
        let tail = words.remainder();
        if !tail.is_empty() {
            let word = tail
                .iter()
                .rev()
                .fold(0u64, |word, &byte| (word << 8) | u64::from(byte));
            self.write_u64(word);
        }
    }

    fn write_u64(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, word: usize) {
        self.write_u64(word as u64);
    }

    fn finish(&self) -> u64 {
        // The multiplication mixes upwards only: the low bits, which pick the bucket, depend
        // on the low bytes alone ("id" of "id123"). The high bits, brought down, depend on all.
        self.0.rotate_left(26)
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

    /// For the element just opened in the top frame (at `position`), whose attributes may
    /// mark it: indexes its id, if it has one; if it is an accessor with a reference, reads
    /// its (empty) content and moves into the element it refers to.
    pub(super) fn enter_reference(&mut self, position: usize, marks: Marks<'a>) -> Result<()> {
        let marker = match marks {
            Marks { href: Some(id), .. } => Some(Marker::Reference(id)),
            Marks { prefixed: true, .. } => self.frames.last().and_then(|f| self.top_marker(f)),
            Marks { id, .. } => id.map(Marker::Id),
        };
        match marker {
            Some(Marker::Reference(id)) => self.follow(id, position),
            Some(Marker::Id(id)) => {
                self.index_opened(id, position);
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// The id or reference among the attributes of `frame`'s start tag.
    fn top_marker(&self, frame: &Frame<'a>) -> Option<Marker<'a>> {
        let scope = self.namespaces.len();
        let resolve = |prefix: &str| {
            self.resolve_prefix(prefix, scope)
                .ok()
                .flatten()
                .map(|uri| uri == SOAP12_ENCODING_NAMESPACE)
        };
        marker(frame.tag, frame.name_len, resolve)
    }

    /// Indexes the element with `id` that the reader has just opened at `position`.
    fn index_opened(&mut self, id: &'a str, position: usize) {
        let (Some(frame), Some(references)) = (self.frames.last(), self.references.as_mut()) else {
            return;
        };
        let parent = Parent::Opened(
            self.frames
                .len()
                .checked_sub(2)
                .map_or(0, |i| self.frames[i].id),
        );
        let ancestors = self
            .namespaces
            .get(..frame.ns_mark)
            .unwrap_or(&self.namespaces);
        let start = StartTag {
            tag: frame.tag,
            name_len: frame.name_len,
            local_start: frame.name_len - frame.local_name.len(),
        };
        let found_at = (position, start, self.lexer.after_start_tag());
        references.index.insert(id, found_at, parent, ancestors);
    }

    /// Notes an element with an id that the reader passes without opening it (the start tag
    /// `tag`, with `name_len` bytes of name): whatever holds it must be scanned again.
    #[inline]
    pub(super) fn pass_unopened(&mut self, tag: &'a str, name_len: usize) {
        let Some(references) = self.references.as_mut() else {
            return;
        };
        if tag.len() > name_len {
            // Any `id` counts, prefixed or not: resolving the prefix would need the
            // declarations the skip does not keep, and counting one too many only costs a scan.
            let has_id =
                Attributes::of(tag, name_len).any(|(key, _)| key == "id" || key.ends_with(":id"));
            if has_id {
                references.unindexed += 1;
            }
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
        let problem = if references.active.iter().any(|active| active.id == id) {
            Some(DecodeErrorKind::CyclicReference(id.into()))
        } else if references.reread > limit {
            Some(DecodeErrorKind::ReferenceExpansion { limit })
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(self.error_at(None, position, problem));
        }
        let found = match references.index.get(id) {
            Some(target) => Some(target),
            None => {
                let scanner = references.scanner.get_or_insert_with(|| {
                    references.index.expect_input(input);
                    Scanner::new(input)
                });
                scanner.find(id, &mut references.index, &references.read)
            }
        };
        let Some(target) = found else {
            let dangling = DecodeErrorKind::DanglingReference(id.into());
            return Err(self.error_at(None, position, dangling));
        };
        let target_position = target.position;
        self.namespaces
            .extend(references.index.bindings[target.bindings].iter().cloned());
        let frame_id = self.frames.last().map_or(0, |f| f.id);
        references.active.push(ActiveReference {
            id,
            frame: frame_id,
            unindexed: references.unindexed,
        });
        self.prefix_cache = None;
        let start = target.start;
        self.lexer
            .resume_after_start_tag(&start, target.after_start);
        let marks = self.push_namespace_declarations(start.tag, start.name_len, target_position)?;
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
        let reference = match marks {
            Marks { href: Some(id), .. } => Some(id),
            Marks { prefixed: true, .. } => {
                match self.frames.last().and_then(|f| self.top_marker(f)) {
                    Some(Marker::Reference(id)) => Some(id),
                    _ => None,
                }
            }
            _ => None,
        };
        match reference {
            Some(id) => self.follow(id, target_position),
            None => Ok(()),
        }
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

    /// When the reader has read the element starting at `start` whole through a reference:
    /// where the run of such siblings it starts ends. Skipping what holds them is then a jump
    /// over them all.
    #[inline]
    pub(super) fn read_run_end(&self, start: usize) -> Option<usize> {
        let references = self.references.as_ref()?;
        references.read.end_from(start)
    }

    /// After the referenced element read in `frame` has ended: back to after the accessor.
    #[cold]
    pub(super) fn leave_reference(&mut self, frame: &Frame<'a>, resume: NonZeroUsize) {
        let end = self.lexer.position();
        if let Some(references) = self.references.as_mut() {
            references.reread = references
                .reread
                .saturating_add(end.saturating_sub(frame.start_pos));
            let mut indexed_whole = true;
            while let Some(active) = references.active.last() {
                if active.frame != frame.id {
                    break;
                }
                indexed_whole &= active.unindexed == references.unindexed;
                references.active.pop();
            }
            if indexed_whole {
                let input = self.lexer.input();
                references.read.record(input, frame.start_pos, end);
            }
        }
        self.lexer.rewind(resume.get());
    }
}
