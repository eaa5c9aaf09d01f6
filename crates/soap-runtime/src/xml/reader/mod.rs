//! The pull decoder that generated per-type decoders call.

use std::borrow::Cow;

use super::XSI_NAMESPACE;
use super::element::{Element, ReaderOptions, ResolvedName};
use super::lexer::{LexError, Lexer, StartTag, Token, decode_attribute, decode_text};
use super::scalar::XmlScalar;
use crate::error::{DecodeError, DecodeErrorKind, Result};

mod diagnostics;
mod fields;
mod namespaces;
mod references;

use namespaces::{Marks, NsBinding, split_qname};
use references::References;

struct Frame<'a> {
    id: u64,
    /// Start tag content between `<` and `>` (without the `/` of an empty element).
    tag: &'a str,
    name_len: usize,
    local_name: &'a str,
    sibling_index: u32,
    /// Length of the namespace binding stack before this element's declarations.
    ns_mark: usize,
    /// Byte offset of the `<` of the start tag.
    start_pos: usize,
    /// Nothing after the start tag has been read yet.
    fresh: bool,
    has_attributes: bool,
    last_child_name: &'a str,
    last_child_run: u32,
    /// For an accessor read from the element it refers to (SOAP encoding's `href`): where
    /// reading goes on when that element ends, after the accessor.
    resume_at: Option<std::num::NonZeroUsize>,
    /// For such an accessor, its own start tag and name length (`tag` is the referenced
    /// element's): attributes that belong to the accessor, such as `soapenc:position`, are
    /// looked up there when the referenced element lacks them.
    accessor: Option<(&'a str, usize)>,
}

impl<'a> Frame<'a> {
    /// Counts a child named `local_name`: returns its index among the run of same-named
    /// siblings it continues or starts (for error paths).
    #[inline]
    fn count_child(&mut self, local_name: &'a str) -> u32 {
        if self.last_child_name == local_name {
            self.last_child_run = self.last_child_run.saturating_add(1);
        } else {
            self.last_child_name = local_name;
            self.last_child_run = 0;
        }
        self.last_child_run
    }
}

/// Text collected directly inside a mixed-content element (see [`XmlReader::keep_text`]).
struct TextSink {
    element_id: u64,
    runs: Vec<String>,
    /// The run being read: text, CDATA and entity references since the last tag.
    current: String,
}

impl TextSink {
    /// Ends the current run: kept unless it is only whitespace (indentation).
    fn end_run(&mut self) {
        if self.current.trim().is_empty() {
            self.current.clear();
        } else {
            self.runs.push(std::mem::take(&mut self.current));
        }
    }
}

/// A pull decoder over a complete UTF-8 document held in memory.
///
/// Tracks the element path (with sibling indexes) and byte position for errors, resolves
/// namespaces, enforces a nesting limit and refuses DTDs. Names, and text without entities,
/// are borrowed from the input: decoding a scalar allocates nothing.
///
/// See the [module documentation](super) for how generated decoders use it.
pub struct XmlReader<'a> {
    lexer: Lexer<'a>,
    frames: Vec<Frame<'a>>,
    namespaces: Vec<NsBinding<'a>>,
    options: ReaderOptions,
    next_id: u64,
    /// The last element-name prefix resolved against the full binding stack; cleared whenever
    /// the stack changes. Most documents use one prefix (or none) for thousands of elements.
    prefix_cache: Option<(&'a str, Option<Cow<'a, str>>)>,
    /// Mixed-content elements whose text is being collected, innermost last.
    text_sinks: Vec<TextSink>,
    /// Scratch space for the attribute names of one start tag (the duplicate check).
    attribute_names: Vec<&'a str>,
    /// Set by [`follow_references`](Self::follow_references) (SOAP encoding).
    references: Option<Box<References<'a>>>,
}

impl std::fmt::Debug for XmlReader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XmlReader")
            .field("path", &self.path(None))
            .field("position", &self.lexer.position())
            .finish()
    }
}

impl<'a> XmlReader<'a> {
    /// A reader over `input` with default [`ReaderOptions`].
    pub fn new(input: &'a str) -> Self {
        Self::with_options(input, ReaderOptions::default())
    }

    /// A reader over `input` with the given limits.
    pub fn with_options(input: &'a str, options: ReaderOptions) -> Self {
        let input = input.strip_prefix('\u{feff}').unwrap_or(input);
        XmlReader {
            lexer: Lexer::new(input),
            frames: Vec::with_capacity(16),
            namespaces: Vec::with_capacity(8),
            options,
            next_id: 0,
            prefix_cache: None,
            text_sinks: Vec::new(),
            attribute_names: Vec::new(),
            references: None,
        }
    }

    /// A reader over raw bytes, which must be UTF-8 (the only encoding SOAP services here use).
    pub fn from_bytes(input: &'a [u8], options: ReaderOptions) -> Result<Self> {
        match std::str::from_utf8(input) {
            Ok(text) => Ok(Self::with_options(text, options)),
            Err(e) => Err(DecodeError {
                path: String::new(),
                position: e.valid_up_to() as u64,
                kind: DecodeErrorKind::InvalidUtf8,
            }
            .into()),
        }
    }

    /// Reads up to the document element and enters it (skipping the XML declaration, comments
    /// and processing instructions).
    pub fn root(&mut self) -> Result<Element<'a>> {
        if !self.frames.is_empty() || self.next_id > 0 {
            return Err(self.misuse("root() called twice"));
        }
        loop {
            let pos = self.lexer.position();
            match self.next_token()? {
                Token::Start(start) => return self.open(start, pos),
                Token::Comment | Token::ProcessingInstruction | Token::Text(_) => {}
                Token::Eof => return Err(self.error(DecodeErrorKind::UnexpectedEof)),
                Token::End { .. } | Token::CData(_) => {
                    return Err(self.error(DecodeErrorKind::Invalid(
                        "content before the document element".into(),
                    )));
                }
            }
        }
    }

    /// The next child element of `parent`, or `None` when `parent` ends (its end tag is consumed).
    ///
    /// Whatever is left unread of the previous child (an unknown element, or one the caller did
    /// not consume) is skipped first, so a decoder loop needs no explicit skip for unknown
    /// elements. Text between child elements is ignored, unless [`keep_text`](Self::keep_text)
    /// asked for `parent`'s.
    #[inline]
    pub fn next_child(&mut self, parent: &Element<'a>) -> Result<Option<Element<'a>>> {
        if !self.is_open(parent) {
            return Ok(None);
        }
        while self.frames.len() > parent.depth {
            self.skip_top()?;
        }
        if let Some(frame) = self.frames.last_mut() {
            frame.fresh = false;
        }
        let keeps_text = self
            .text_sinks
            .last()
            .is_some_and(|sink| sink.element_id == parent.id);
        loop {
            let pos = self.lexer.position();
            match self.next_token()? {
                Token::Start(start) => {
                    if keeps_text {
                        self.end_text_run();
                    }
                    return self.open(start, pos).map(Some);
                }
                Token::End { name } => {
                    self.check_end(name)?;
                    if keeps_text {
                        self.end_text_run();
                    }
                    self.close_top();
                    return Ok(None);
                }
                Token::Eof => return Err(self.error(DecodeErrorKind::UnexpectedEof)),
                Token::Text(raw) if keeps_text => {
                    let text = self.decode_text(raw, pos)?;
                    self.push_text(&text);
                }
                Token::CData(text) if keeps_text => self.push_text(text),
                Token::Text(raw) => self.check_references(raw, pos)?,
                Token::CData(_) | Token::Comment | Token::ProcessingInstruction => {}
            }
        }
    }

    /// The fast path for the common child, a scalar in its own element: if the next child of
    /// `parent` is `<local_name>` (or `<p:local_name>` with the prefix the previous element
    /// used) without attributes, holding plain text that parses as a `T`, consumes it and
    /// returns the value.
    ///
    /// Otherwise it consumes nothing and returns `None`: another name, attributes (`xsi:nil`
    /// among them), references or CDATA in the text, a value that does not parse, an unread
    /// child still open. A decoder then goes on with [`next_child`](Self::next_child), which
    /// yields the same child (or the precise error) the slow way. Generated decoders try their
    /// leading scalar fields in schema order this way, then loop over whatever is left.
    #[inline]
    pub fn next_scalar_child<T: XmlScalar>(
        &mut self,
        parent: &Element<'a>,
        local_name: &str,
    ) -> Option<T> {
        let depth = self.frames.len();
        if depth != parent.depth
            || depth >= self.options.max_depth
            || self.frames.last().is_none_or(|top| top.id != parent.id)
            || self
                .text_sinks
                .last()
                .is_some_and(|sink| sink.element_id == parent.id)
        {
            return None;
        }
        // An unprefixed name needs no binding; a prefixed one only the one already resolved.
        let prefix = match &self.prefix_cache {
            Some((prefix, _)) => *prefix,
            None => "",
        };
        let before = self.lexer.position();
        let (qname, text) = match self.lexer.plain_leaf("", local_name) {
            Some(leaf) => leaf,
            None if !prefix.is_empty() => self.lexer.plain_leaf(prefix, local_name)?,
            None => return None,
        };
        let Some(value) = T::parse_lexical(text) else {
            self.lexer.rewind(before);
            return None;
        };
        // What `open` and `close_top` would have recorded: the parent has been read into, and
        // its run of same-named children (for error paths) goes on.
        self.next_id += 1;
        let local_name = qname.get(qname.len() - local_name.len()..).unwrap_or(qname);
        if let Some(parent) = self.frames.last_mut() {
            parent.fresh = false;
            parent.count_child(local_name);
        }
        Some(value)
    }

    /// Starts keeping the text directly inside `element` (mixed content), which must still be
    /// open and not read into: [`next_child`](Self::next_child) collects it, in runs split by
    /// child elements, until [`take_text`](Self::take_text).
    pub fn keep_text(&mut self, element: &Element<'a>) -> Result<()> {
        if !self.is_open(element) {
            return Err(self.misuse("keep_text() with an element that is no longer open"));
        }
        self.text_sinks.push(TextSink {
            element_id: element.id,
            runs: Vec::new(),
            current: String::new(),
        });
        Ok(())
    }

    /// The text runs read directly inside `element` since [`keep_text`](Self::keep_text), in
    /// document order, entities resolved; runs of only whitespace (indentation) are dropped.
    pub fn take_text(&mut self, element: &Element<'a>) -> Vec<String> {
        match self.text_sinks.last() {
            Some(sink) if sink.element_id == element.id => {}
            _ => return Vec::new(),
        }
        self.end_text_run();
        self.text_sinks
            .pop()
            .map(|sink| sink.runs)
            .unwrap_or_default()
    }

    fn push_text(&mut self, text: &str) {
        if let Some(sink) = self.text_sinks.last_mut() {
            sink.current.push_str(text);
        }
    }

    fn end_text_run(&mut self) {
        if let Some(sink) = self.text_sinks.last_mut() {
            sink.end_run();
        }
    }

    /// Reads the text content of `element` (which must not have been read into yet) up to its
    /// end tag, resolving entities and character references and normalising line ends.
    /// Borrowed from the input unless the text had to be changed.
    #[inline]
    pub fn read_text(&mut self, element: &Element<'a>) -> Result<Cow<'a, str>> {
        let text = self.read_text_keep_open(element)?;
        self.close_top();
        Ok(text)
    }

    /// Reads a QName-valued text (`prefix:local`, e.g. a fault code) and resolves it against the
    /// namespace declarations in scope at `element`, including its own.
    pub fn read_qname(&mut self, element: &Element<'a>) -> Result<ResolvedName> {
        let (text, namespace) = self.read_qname_parts(element)?;
        let (_, local) = split_qname(text.trim());
        Ok(ResolvedName {
            namespace: namespace?,
            local_name: local.to_owned(),
        })
    }

    /// Like [`read_qname`](Self::read_qname), but an unbound prefix gives no namespace instead
    /// of an error (for fault codes, which must not hide the fault behind a decode error).
    pub(crate) fn read_qname_lenient(&mut self, element: &Element<'a>) -> Result<ResolvedName> {
        let (text, namespace) = self.read_qname_parts(element)?;
        let (_, local) = split_qname(text.trim());
        Ok(ResolvedName {
            namespace: namespace.unwrap_or(None),
            local_name: local.to_owned(),
        })
    }

    fn read_qname_parts(
        &mut self,
        element: &Element<'a>,
    ) -> Result<(Cow<'a, str>, Result<Option<String>>)> {
        let text = self.read_text_keep_open(element)?;
        let (prefix, _) = split_qname(text.trim());
        let namespace = self
            .resolve_prefix(prefix, self.namespaces.len())
            .map(|ns| ns.map(Cow::into_owned));
        self.close_top();
        Ok((text, namespace))
    }

    /// Reads the text content of `element` as an owned `String`.
    #[inline]
    pub fn read_string(&mut self, element: &Element<'a>) -> Result<String> {
        self.read_text(element).map(Cow::into_owned)
    }

    /// Reads and parses a scalar (int, double with `INF`/`NaN`, bool with `1`/`0`, ...). An
    /// invalid lexical form is a decode error naming the type, the value and the element path.
    #[inline]
    pub fn read_scalar<T: XmlScalar>(&mut self, element: &Element<'a>) -> Result<T> {
        let position = self.lexer.position();
        let text = self.read_text(element)?;
        match T::parse_lexical(&text) {
            Some(value) => Ok(value),
            None => Err(self.invalid_value(element, position, T::XSD_TYPE, &text)),
        }
    }

    /// Whether `element` carries `xsi:nil="true"` or `xsi:nil="1"`.
    #[inline]
    pub fn is_nil(&self, element: &Element<'a>) -> Result<bool> {
        match self.frame_of(element) {
            Some(frame) if !frame.has_attributes => Ok(false),
            _ => Ok(matches!(
                self.attribute(element, Some(XSI_NAMESPACE), "nil")?
                    .as_deref(),
                Some("true" | "1")
            )),
        }
    }

    /// Skips the rest of `element`, including its end tag.
    pub fn skip(&mut self, element: &Element<'a>) -> Result<()> {
        if !self.is_open(element) {
            return Ok(());
        }
        while self.frames.len() >= element.depth {
            self.skip_top()?;
        }
        Ok(())
    }

    /// Reads `element` (not yet read into) as raw XML, start and end tag included, for `xs:any`.
    /// Namespace declarations inherited from ancestors are not copied into it.
    pub fn read_raw(&mut self, element: &Element<'a>) -> Result<&'a str> {
        self.enter_fresh(element)?;
        let start = self.frames.last().map_or(0, |f| f.start_pos);
        self.finish_top()?;
        let end = self.lexer.position();
        self.slice(start, end)
    }

    /// Reads the content of `element` (not yet read into) as raw XML, without its own tags.
    pub fn read_inner_raw(&mut self, element: &Element<'a>) -> Result<&'a str> {
        self.enter_fresh(element)?;
        let span = self.finish_top()?;
        self.slice(span.start, span.end)
    }

    /// Checks that the document is complete: skips whatever is still open and expects nothing
    /// but comments and whitespace after the document element. Catches truncated input that a
    /// decoder stopping early would not see.
    pub fn finish(&mut self) -> Result<()> {
        while !self.frames.is_empty() {
            self.skip_top()?;
        }
        loop {
            match self.next_token()? {
                Token::Eof => return Ok(()),
                Token::Comment | Token::ProcessingInstruction => {}
                Token::Text(text) if is_blank(text) => {}
                _ => {
                    return Err(self.error(DecodeErrorKind::Invalid(
                        "content after the document element".into(),
                    )));
                }
            }
        }
    }

    #[inline]
    fn read_text_keep_open(&mut self, element: &Element<'a>) -> Result<Cow<'a, str>> {
        self.enter_fresh(element)?;
        let qname = self
            .frames
            .last()
            .map_or("", |f| f.tag.get(..f.name_len).unwrap_or(f.tag));
        // Fast path: plain text straight followed by the end tag.
        if let Some(text) = self.lexer.plain_text_then_end(qname) {
            return Ok(Cow::Borrowed(text));
        }
        let mut text: Option<Cow<'a, str>> = None;
        loop {
            let pos = self.lexer.position();
            match self.next_token()? {
                Token::Text(raw) => {
                    let part = self.decode_text(raw, pos)?;
                    append(&mut text, part);
                }
                Token::CData(raw) => append(&mut text, Cow::Borrowed(raw)),
                Token::End { name } => {
                    self.check_end(name)?;
                    return Ok(text.unwrap_or(Cow::Borrowed("")));
                }
                Token::Start(start) => {
                    let name = start.qname().to_owned();
                    return Err(self.error_at(None, pos, DecodeErrorKind::UnexpectedElement(name)));
                }
                Token::Eof => return Err(self.error(DecodeErrorKind::UnexpectedEof)),
                Token::Comment | Token::ProcessingInstruction => {}
            }
        }
    }

    #[inline]
    fn next_token(&mut self) -> Result<Token<'a>> {
        self.lexer
            .next_token()
            .map_err(|LexError { position, kind }| self.error_at(None, position, kind))
    }

    /// Resolves the references in text that starts at byte `position`.
    fn decode_text(&self, raw: &'a str, position: usize) -> Result<Cow<'a, str>> {
        decode_text(raw).map_err(|(offset, kind)| self.error_at(None, position + offset, kind))
    }

    /// Checks the references in text that is skipped, so that a bad one is an error wherever it
    /// is; allocates nothing for text without references.
    fn check_references(&self, raw: &'a str, position: usize) -> Result<()> {
        if raw.contains('&') {
            self.decode_text(raw, position)?;
        }
        Ok(())
    }

    /// Resolves the references in an attribute value of the tag that starts at `tag_position`.
    fn decode_attribute(&self, raw: &'a str, tag_position: usize) -> Result<Cow<'a, str>> {
        decode_attribute(raw).map_err(|(_, kind)| self.error_at(None, tag_position, kind))
    }

    #[inline]
    fn open(&mut self, start: StartTag<'a>, pos: usize) -> Result<Element<'a>> {
        let StartTag {
            tag,
            name_len,
            local_start,
        } = start;
        if self.frames.len() >= self.options.max_depth {
            return Err(self.error(DecodeErrorKind::TooDeep {
                limit: self.options.max_depth,
            }));
        }
        let qname = start.qname();
        let ns_mark = self.namespaces.len();
        let has_attributes = tag.len() > name_len;
        let marks = if has_attributes {
            match self.push_namespace_declarations(tag, name_len, pos) {
                Ok(marks) => marks,
                Err(e) => {
                    self.namespaces.truncate(ns_mark);
                    return Err(e);
                }
            }
        } else {
            Marks::default()
        };
        let prefix = qname.get(..local_start.saturating_sub(1)).unwrap_or("");
        let local_name = qname.get(local_start..).unwrap_or(qname);
        if self.namespaces.len() != ns_mark {
            self.prefix_cache = None;
        }
        let namespace = match &self.prefix_cache {
            Some((cached, ns)) if *cached == prefix => copy_namespace(ns),
            _ => match self.resolve_prefix(prefix, self.namespaces.len()) {
                Ok(ns) => {
                    self.prefix_cache = Some((prefix, ns.clone()));
                    ns
                }
                Err(e) => {
                    self.namespaces.truncate(ns_mark);
                    return Err(e);
                }
            },
        };
        let sibling_index = self
            .frames
            .last_mut()
            .map_or(0, |parent| parent.count_child(local_name));
        self.next_id += 1;
        self.frames.push(Frame {
            id: self.next_id,
            tag,
            name_len,
            local_name,
            sibling_index,
            ns_mark,
            start_pos: pos,
            fresh: true,
            has_attributes,
            last_child_name: "",
            last_child_run: 0,
            resume_at: None,
            accessor: None,
        });
        if marks.any() && self.references.is_some() {
            self.enter_reference(pos, marks)?;
        }
        Ok(Element {
            id: self.next_id,
            depth: self.frames.len(),
            qname,
            local_name,
            namespace,
        })
    }

    /// Checks that an end tag closes the innermost open element.
    #[inline]
    fn check_end(&self, name: &str) -> Result<()> {
        match self.frames.last() {
            Some(frame) if frame.tag.get(..frame.name_len) == Some(name) => Ok(()),
            Some(frame) => {
                let expected = frame.tag.get(..frame.name_len).unwrap_or_default();
                Err(self.syntax(
                    self.lexer.position(),
                    format!("end tag </{name}> does not match <{expected}>"),
                ))
            }
            None => Err(self.syntax(self.lexer.position(), "end tag without a start tag".into())),
        }
    }

    #[inline]
    fn close_top(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        if frame.ns_mark != self.namespaces.len() {
            self.namespaces.truncate(frame.ns_mark);
            self.prefix_cache = None;
        }
        if let Some(resume) = frame.resume_at {
            self.leave_reference(&frame, resume);
        }
    }

    /// Consumes the rest of the innermost open element and closes it; returns the span of its
    /// content. Nested elements are matched by name without being opened (no namespaces, no
    /// depth limit: a stack of names is all it keeps); one read whole through a reference
    /// before is passed by a jump, with the siblings read so after it.
    fn finish_top(&mut self) -> Result<std::ops::Range<usize>> {
        if self.frames.is_empty() {
            return Ok(0..0);
        }
        let start = self.lexer.position();
        let mut nested: Vec<&'a str> = Vec::new();
        loop {
            let pos = self.lexer.position();
            match self.next_token()? {
                Token::Start(start) => match self.read_run_end(pos) {
                    Some(end) => self.lexer.seek(end),
                    None => {
                        self.pass_unopened(start.tag, start.name_len);
                        nested.push(start.qname());
                    }
                },
                Token::End { name } => match nested.pop() {
                    Some(open) if open == name => {}
                    Some(open) => {
                        return Err(
                            self.syntax(pos, format!("end tag </{name}> does not match <{open}>"))
                        );
                    }
                    None => {
                        self.check_end(name)?;
                        self.close_top();
                        return Ok(start..pos);
                    }
                },
                Token::Text(raw) => self.check_references(raw, pos)?,
                Token::CData(_) | Token::Comment | Token::ProcessingInstruction => {}
                Token::Eof => return Err(self.error(DecodeErrorKind::UnexpectedEof)),
            }
        }
    }

    /// Skips the rest of the innermost open element.
    fn skip_top(&mut self) -> Result<()> {
        self.finish_top().map(drop)
    }

    #[inline]
    fn enter_fresh(&mut self, element: &Element<'a>) -> Result<()> {
        match self.frames.last_mut() {
            Some(frame) if frame.id == element.id && frame.fresh => {
                frame.fresh = false;
                Ok(())
            }
            _ => Err(self.misuse("element content read twice or after reading a child")),
        }
    }

    #[inline]
    fn frame_index(&self, element: &Element<'a>) -> Option<usize> {
        let index = element.depth.checked_sub(1)?;
        (self.frames.get(index)?.id == element.id).then_some(index)
    }

    fn frame_of(&self, element: &Element<'a>) -> Option<&Frame<'a>> {
        self.frame_index(element).map(|i| &self.frames[i])
    }

    #[inline]
    fn is_open(&self, element: &Element<'a>) -> bool {
        self.frame_index(element).is_some()
    }

    fn slice(&self, start: usize, end: usize) -> Result<&'a str> {
        self.lexer
            .slice(start, end)
            .ok_or_else(|| self.misuse("span outside the input"))
    }
}

fn is_blank(text: &str) -> bool {
    text.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// A clone of a namespace that copies the borrowed (usual) case inline.
#[inline]
fn copy_namespace<'a>(namespace: &Option<Cow<'a, str>>) -> Option<Cow<'a, str>> {
    match namespace {
        Some(Cow::Borrowed(uri)) => Some(Cow::Borrowed(uri)),
        other => other.clone(),
    }
}

#[inline]
fn append<'a>(text: &mut Option<Cow<'a, str>>, part: Cow<'a, str>) {
    match text {
        None => *text = Some(part),
        Some(existing) => existing.to_mut().push_str(&part),
    }
}
