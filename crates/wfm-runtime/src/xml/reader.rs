//! The pull decoder that generated per-type decoders call.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;

use super::XSI_NAMESPACE;
use super::element::{Element, ReaderOptions, ResolvedName, expanded};
use super::scalar::XmlScalar;
use crate::error::{DecodeError, DecodeErrorKind, Error, Result};

const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

struct Frame<'a> {
    id: u64,
    /// Start tag content between `<` and `>`.
    tag: &'a str,
    name_len: usize,
    local_name: &'a str,
    sibling_index: u32,
    /// Length of the namespace binding stack before this element's declarations.
    ns_mark: usize,
    /// Byte offset of the `<` of the start tag.
    start_pos: u64,
    /// Nothing after the start tag has been read yet.
    fresh: bool,
    has_attributes: bool,
    last_child_name: &'a str,
    last_child_run: u32,
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

struct NsBinding<'a> {
    prefix: &'a str,
    uri: Cow<'a, str>,
}

/// A pull decoder over a complete UTF-8 document held in memory.
///
/// Tracks the element path (with sibling indexes) and byte position for errors, resolves
/// namespaces, enforces a nesting limit and refuses DTDs. Names, and text without entities,
/// are borrowed from the input: decoding a scalar allocates nothing.
///
/// See the [module documentation](super) for how generated decoders use it.
pub struct XmlReader<'a> {
    input: &'a str,
    reader: quick_xml::Reader<&'a [u8]>,
    frames: Vec<Frame<'a>>,
    namespaces: Vec<NsBinding<'a>>,
    options: ReaderOptions,
    next_id: u64,
    /// The last element-name prefix resolved against the full binding stack; cleared whenever
    /// the stack changes. Most documents use one prefix (or none) for thousands of elements.
    prefix_cache: Option<(&'a str, Option<Cow<'a, str>>)>,
    /// Mixed-content elements whose text is being collected, innermost last.
    text_sinks: Vec<TextSink>,
}

impl std::fmt::Debug for XmlReader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XmlReader")
            .field("path", &self.path(None))
            .field("position", &self.reader.buffer_position())
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
        let mut reader = quick_xml::Reader::from_str(input);
        let config = reader.config_mut();
        config.expand_empty_elements = true;
        // End names are checked against our own element stack (cheaper than quick-xml's copy
        // of every start name); content skipped with `read_to_end` is only checked for balance.
        config.check_end_names = false;
        config.trim_text(false);
        XmlReader {
            input,
            reader,
            frames: Vec::with_capacity(16),
            namespaces: Vec::with_capacity(8),
            options,
            next_id: 0,
            prefix_cache: None,
            text_sinks: Vec::new(),
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
            let pos = self.reader.buffer_position();
            match self.read_event()? {
                Event::Start(start) => return self.open(&start, pos),
                Event::Text(t) if is_blank(&t) => {}
                Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::Text(_) => {}
                Event::Eof => return Err(self.error(DecodeErrorKind::UnexpectedEof)),
                _ => {
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
            let pos = self.reader.buffer_position();
            match self.read_event()? {
                Event::Start(start) => {
                    if keeps_text {
                        self.end_text_run();
                    }
                    return self.open(&start, pos).map(Some);
                }
                Event::End(end) => {
                    self.check_end(end.name().as_ref())?;
                    if keeps_text {
                        self.end_text_run();
                    }
                    self.close_top();
                    return Ok(None);
                }
                Event::Eof => return Err(self.error(DecodeErrorKind::UnexpectedEof)),
                Event::Text(t) if keeps_text => {
                    let text = normalize_line_ends(self.rebase(&t)?);
                    self.push_text(&text);
                }
                Event::CData(c) if keeps_text => {
                    let text = self.rebase(&c)?;
                    self.push_text(text);
                }
                Event::GeneralRef(r) if keeps_text => {
                    let text = self.resolve_entity(&r)?;
                    self.push_text(&text);
                }
                _ => {}
            }
        }
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
        let position = self.reader.buffer_position();
        let text = self.read_text(element)?;
        match T::parse_lexical(&text) {
            Some(value) => Ok(value),
            None => Err(self.error_at(
                Some(element),
                position,
                DecodeErrorKind::InvalidValue {
                    type_name: T::XSD_TYPE,
                    value: crate::error::snippet(&text, 64),
                },
            )),
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
        if !frame.has_attributes {
            return Ok(None);
        }
        let scope = self.scope_end(index);
        let start = BytesStart::from_content(frame.tag, frame.name_len);
        let mut attributes = start.attributes();
        // Duplicates were already refused when the element was opened; skip the (allocating)
        // duplicate check on lookups.
        attributes.with_checks(false);
        for attr in attributes {
            let attr = attr.map_err(|e| self.syntax(e.to_string()))?;
            let key = self.rebase_in(attr.key.as_ref(), frame.tag)?;
            if key == "xmlns" || key.starts_with("xmlns:") {
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
                let value = attr
                    .unescape_value()
                    .map_err(|e| self.syntax(e.to_string()))?;
                let value = match value {
                    Cow::Borrowed(v) => Cow::Borrowed(self.rebase_in(v.as_bytes(), frame.tag)?),
                    Cow::Owned(v) => Cow::Owned(v),
                };
                return Ok(Some(value));
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
        let end = self.reader.buffer_position();
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
            match self.read_event()? {
                Event::Eof => return Ok(()),
                Event::Comment(_) | Event::PI(_) => {}
                Event::Text(t) if is_blank(&t) => {}
                _ => {
                    return Err(self.error(DecodeErrorKind::Invalid(
                        "content after the document element".into(),
                    )));
                }
            }
        }
    }

    /// A decode error at the current position, with the path of the innermost open element.
    pub fn error(&self, kind: DecodeErrorKind) -> Error {
        self.error_at(None, self.reader.buffer_position(), kind)
    }

    /// A "missing required element" error for a child `local_name` of `parent`; generated
    /// decoders call it after the child loop when a required field was not seen.
    pub fn missing(&self, parent: &Element<'a>, local_name: &str) -> Error {
        self.error_at(
            Some(parent),
            self.reader.buffer_position(),
            DecodeErrorKind::MissingElement(local_name.to_owned()),
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
                self.reader.buffer_position(),
                DecodeErrorKind::WrongElement {
                    expected: expanded(namespace, local_name),
                    found: element.expanded_name(),
                },
            ))
        }
    }

    /// Current byte offset in the input.
    pub fn position(&self) -> u64 {
        self.reader.buffer_position()
    }

    #[inline]
    fn read_text_keep_open(&mut self, element: &Element<'a>) -> Result<Cow<'a, str>> {
        self.enter_fresh(element)?;
        let mut text: Option<Cow<'a, str>> = None;
        let mut event = self.read_event()?;
        // Fast path: one text event straight followed by the end tag.
        if let Event::Text(t) = &event {
            let raw = self.rebase(t)?;
            event = self.read_event()?;
            if let Event::End(end) = &event {
                if !raw.as_bytes().contains(&b'\r') {
                    self.check_end(end.name().as_ref())?;
                    return Ok(Cow::Borrowed(raw));
                }
            }
            text = Some(normalize_line_ends(raw));
        }
        loop {
            match event {
                Event::Text(t) => {
                    let raw = self.rebase(&t)?;
                    append(&mut text, normalize_line_ends(raw));
                }
                Event::CData(c) => {
                    let raw = self.rebase(&c)?;
                    append(&mut text, Cow::Borrowed(raw));
                }
                Event::GeneralRef(r) => {
                    let resolved = self.resolve_entity(&r)?;
                    append(&mut text, Cow::Owned(resolved));
                }
                Event::End(end) => {
                    self.check_end(end.name().as_ref())?;
                    return Ok(text.unwrap_or(Cow::Borrowed("")));
                }
                Event::Start(start) => {
                    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                    return Err(self.error(DecodeErrorKind::UnexpectedElement(name)));
                }
                Event::Eof => return Err(self.error(DecodeErrorKind::UnexpectedEof)),
                _ => {}
            }
            event = self.read_event()?;
        }
    }

    /// The element path (`a/b[3]/c`) of the open elements, plus `last` if it is closed already.
    fn path(&self, last: Option<&Element<'a>>) -> String {
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

    fn error_at(
        &self,
        element: Option<&Element<'a>>,
        position: u64,
        kind: DecodeErrorKind,
    ) -> Error {
        DecodeError {
            path: self.path(element),
            position,
            kind,
        }
        .into()
    }

    fn misuse(&self, what: &'static str) -> Error {
        self.error(DecodeErrorKind::ReaderMisuse(what))
    }

    fn syntax(&self, message: String) -> Error {
        self.error_at(
            None,
            self.reader.buffer_position(),
            DecodeErrorKind::Syntax(message),
        )
    }

    #[inline]
    fn read_event(&mut self) -> Result<Event<'a>> {
        match self.reader.read_event() {
            Ok(Event::DocType(_)) => Err(self.error(DecodeErrorKind::DtdNotAllowed)),
            Ok(event) => Ok(event),
            Err(e) => Err(self.map_xml_error(e)),
        }
    }

    fn map_xml_error(&self, e: quick_xml::Error) -> Error {
        use quick_xml::errors::{IllFormedError, SyntaxError};
        let kind = match &e {
            quick_xml::Error::Syntax(
                SyntaxError::UnclosedTag
                | SyntaxError::UnclosedComment
                | SyntaxError::UnclosedCData
                | SyntaxError::UnclosedDoctype
                | SyntaxError::UnclosedPIOrXmlDecl,
            )
            | quick_xml::Error::IllFormed(IllFormedError::MissingEndTag(_)) => {
                DecodeErrorKind::UnexpectedEof
            }
            quick_xml::Error::Encoding(_) => DecodeErrorKind::InvalidUtf8,
            _ => DecodeErrorKind::Syntax(e.to_string()),
        };
        self.error_at(None, self.reader.error_position(), kind)
    }

    #[inline]
    fn open(&mut self, start: &BytesStart<'_>, pos: u64) -> Result<Element<'a>> {
        if self.frames.len() >= self.options.max_depth {
            return Err(self.error(DecodeErrorKind::TooDeep {
                limit: self.options.max_depth,
            }));
        }
        let tag = self.rebase(start)?;
        let name_len = start.name().as_ref().len();
        let qname = tag.get(..name_len).unwrap_or(tag);
        let ns_mark = self.namespaces.len();
        let has_attributes = tag.len() > name_len;
        if has_attributes {
            self.push_namespace_declarations(tag, name_len)?;
        }
        let (prefix, local_name) = split_qname(qname);
        if self.namespaces.len() != ns_mark {
            self.prefix_cache = None;
        }
        let namespace = match &self.prefix_cache {
            Some((cached, ns)) if *cached == prefix => ns.clone(),
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
        let sibling_index = match self.frames.last_mut() {
            Some(parent) if parent.last_child_name == local_name => {
                parent.last_child_run = parent.last_child_run.saturating_add(1);
                parent.last_child_run
            }
            Some(parent) => {
                parent.last_child_name = local_name;
                parent.last_child_run = 0;
                0
            }
            None => 0,
        };
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
        });
        Ok(Element {
            id: self.next_id,
            depth: self.frames.len(),
            qname,
            local_name,
            namespace,
        })
    }

    fn push_namespace_declarations(&mut self, tag: &'a str, name_len: usize) -> Result<()> {
        let start = BytesStart::from_content(tag, name_len);
        for attr in start.attributes() {
            let attr = attr.map_err(|e| self.syntax(e.to_string()))?;
            let key = self.rebase_in(attr.key.as_ref(), tag)?;
            let prefix = if key == "xmlns" {
                ""
            } else if let Some(p) = key.strip_prefix("xmlns:") {
                p
            } else {
                continue;
            };
            let uri = match attr
                .unescape_value()
                .map_err(|e| self.syntax(e.to_string()))?
            {
                Cow::Borrowed(v) => Cow::Borrowed(self.rebase_in(v.as_bytes(), tag)?),
                Cow::Owned(v) => Cow::Owned(v),
            };
            self.namespaces.push(NsBinding { prefix, uri });
        }
        Ok(())
    }

    /// The namespace bound to `prefix` among the first `scope` bindings.
    fn resolve_prefix(&self, prefix: &str, scope: usize) -> Result<Option<Cow<'a, str>>> {
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
    fn scope_end(&self, index: usize) -> usize {
        self.frames
            .get(index + 1)
            .map_or(self.namespaces.len(), |next| next.ns_mark)
    }

    /// Checks that an end tag closes the innermost open element.
    #[inline]
    fn check_end(&self, name: &[u8]) -> Result<()> {
        match self.frames.last() {
            Some(frame) if frame.tag.as_bytes().get(..frame.name_len) == Some(name) => Ok(()),
            Some(frame) => {
                let expected = frame
                    .tag
                    .get(..frame.name_len)
                    .unwrap_or_default()
                    .to_owned();
                Err(self.syntax(format!(
                    "end tag </{}> does not match <{expected}>",
                    String::from_utf8_lossy(name)
                )))
            }
            None => Err(self.syntax("end tag without a start tag".into())),
        }
    }

    #[inline]
    fn close_top(&mut self) {
        let Some(frame) = self.frames.last() else {
            return;
        };
        let ns_mark = frame.ns_mark;
        self.frames.truncate(self.frames.len() - 1);
        if ns_mark != self.namespaces.len() {
            self.namespaces.truncate(ns_mark);
            self.prefix_cache = None;
        }
    }

    /// Consumes the rest of the innermost open element and closes it; returns the span of its
    /// content.
    fn finish_top(&mut self) -> Result<std::ops::Range<u64>> {
        let Some(frame) = self.frames.last() else {
            return Ok(0..0);
        };
        let qname = frame.tag.get(..frame.name_len).unwrap_or(frame.tag);
        let span = self
            .reader
            .read_to_end(QName(qname.as_bytes()))
            .map_err(|e| self.map_xml_error(e))?;
        self.close_top();
        Ok(span)
    }

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

    fn resolve_entity(&self, r: &quick_xml::events::BytesRef<'_>) -> Result<String> {
        if r.is_char_ref() {
            return match r.resolve_char_ref() {
                Ok(Some(c)) => Ok(c.to_string()),
                _ => Err(self.error(DecodeErrorKind::UnknownEntity(
                    String::from_utf8_lossy(r).into_owned(),
                ))),
            };
        }
        let name: &[u8] = r;
        let text = match name {
            b"lt" => "<",
            b"gt" => ">",
            b"amp" => "&",
            b"apos" => "'",
            b"quot" => "\"",
            other => {
                return Err(self.error(DecodeErrorKind::UnknownEntity(
                    String::from_utf8_lossy(other).into_owned(),
                )));
            }
        };
        Ok(text.to_owned())
    }

    /// Re-borrows `part` (a slice of the input handed out by quick-xml for the duration of one
    /// event) as text with the input's lifetime `'a`, by its offset: no copy, no `unsafe`, and no
    /// second UTF-8 validation (the input is a `&str`; slicing it only checks char boundaries).
    #[inline]
    fn rebase(&self, part: &[u8]) -> Result<&'a str> {
        self.rebase_in(part, self.input)
    }

    #[inline]
    fn rebase_in(&self, part: &[u8], within: &'a str) -> Result<&'a str> {
        if part.is_empty() {
            return Ok("");
        }
        let offset = (part.as_ptr() as usize).wrapping_sub(within.as_ptr() as usize);
        within
            .get(offset..offset.wrapping_add(part.len()))
            .filter(|s| s.as_ptr() == part.as_ptr())
            .ok_or_else(|| self.misuse("event text not borrowed from the input"))
    }

    fn slice(&self, start: u64, end: u64) -> Result<&'a str> {
        usize::try_from(start)
            .ok()
            .zip(usize::try_from(end).ok())
            .and_then(|(s, e)| self.input.get(s..e))
            .ok_or_else(|| self.misuse("span outside the input"))
    }
}

/// XML line-end normalisation: `\r\n` and lone `\r` become `\n`.
fn normalize_line_ends(raw: &str) -> Cow<'_, str> {
    if raw.as_bytes().contains(&b'\r') {
        Cow::Owned(raw.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(raw)
    }
}

fn is_blank(text: &[u8]) -> bool {
    text.iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

#[inline]
fn append<'a>(text: &mut Option<Cow<'a, str>>, part: Cow<'a, str>) {
    match text {
        None => *text = Some(part),
        Some(existing) => existing.to_mut().push_str(&part),
    }
}

#[inline]
fn split_qname(qname: &str) -> (&str, &str) {
    // A byte loop: names are short, and `split_once(char)` showed up in profiles.
    match qname.bytes().position(|b| b == b':') {
        Some(colon) => (&qname[..colon], &qname[colon + 1..]),
        None => ("", qname),
    }
}

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
