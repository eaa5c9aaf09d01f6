//! The tokenizer under [`XmlReader`](super::XmlReader): splits a complete UTF-8 document held in
//! memory into tags, text and other markup, borrowing every token from the input.
//!
//! It checks the syntax of what it hands out (a start tag's attributes are well formed, markup is
//! closed) and refuses document type declarations, so no entity can be declared. The rest is the
//! reader's: matching end tags, namespaces, references (text comes back raw). Positions are byte
//! offsets into the input.

use std::borrow::Cow;

use crate::error::{DecodeErrorKind, snippet};

/// One piece of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Token<'a> {
    /// A start tag or an empty-element tag (which is then followed by an [`Token::End`] of the
    /// same name).
    Start(StartTag<'a>),
    /// An end tag, with its name as written.
    End { name: &'a str },
    /// Character data as written: references unresolved, line ends not normalised.
    Text(&'a str),
    /// The content of a CDATA section.
    CData(&'a str),
    /// A comment.
    Comment,
    /// A processing instruction, the XML declaration included.
    ProcessingInstruction,
    /// The end of the input.
    Eof,
}

/// A start tag whose syntax the lexer has checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct StartTag<'a> {
    /// The text between `<` and `>` (without the `/` of an empty element): the name, then the
    /// attributes.
    pub tag: &'a str,
    /// The length of the name.
    pub name_len: usize,
    /// Where the local part of the name starts: after the first `:`, or at 0.
    pub local_start: usize,
}

impl<'a> StartTag<'a> {
    /// The name as written, with its prefix if any.
    pub fn qname(&self) -> &'a str {
        self.tag.get(..self.name_len).unwrap_or(self.tag)
    }
}

/// A syntax error at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LexError {
    pub position: usize,
    pub kind: DecodeErrorKind,
}

/// Splits the input into [`Token`]s.
#[derive(Debug, Clone)]
pub(super) struct Lexer<'a> {
    input: &'a str,
    pos: usize,
    /// The name of an empty-element tag just read, whose end comes next.
    pending_end: Option<&'a str>,
}

impl<'a> Lexer<'a> {
    pub fn new(input: &'a str) -> Self {
        Lexer {
            input,
            pos: 0,
            pending_end: None,
        }
    }

    /// The byte offset of the next token.
    #[inline]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The whole input.
    pub fn input(&self) -> &'a str {
        self.input
    }

    /// The input from `start` up to (not including) `end`, if both are inside it.
    pub fn slice(&self, start: usize, end: usize) -> Option<&'a str> {
        self.input.get(start..end)
    }

    /// The next token.
    #[inline]
    pub fn next_token(&mut self) -> Result<Token<'a>, LexError> {
        if let Some(name) = self.pending_end.take() {
            return Ok(Token::End { name });
        }
        let bytes = self.input.as_bytes();
        match bytes.get(self.pos) {
            None => Ok(Token::Eof),
            Some(b'<') => self.markup(),
            Some(_) => {
                let start = self.pos;
                let end = find_byte(b'<', &bytes[start..]).map_or(bytes.len(), |i| start + i);
                self.pos = end;
                Ok(Token::Text(&self.input[start..end]))
            }
        }
    }

    /// The fast path for an element holding plain text: if the input at the current position is
    /// text without references or carriage returns, directly followed by the end tag
    /// `</qname>`, consumes both and returns the text; otherwise consumes nothing.
    #[inline]
    pub fn plain_text_then_end(&mut self, qname: &str) -> Option<&'a str> {
        if let Some(name) = self.pending_end {
            if name == qname {
                self.pending_end = None;
                return Some("");
            }
            return None;
        }
        let bytes = self.input.as_bytes();
        let rest = bytes.get(self.pos..)?;
        // Scalars are short: a plain loop over the first bytes is cheaper than a vector search.
        let special = |b: &u8| matches!(b, b'<' | b'&' | b'\r');
        let head = rest.len().min(32);
        let text_len = match rest[..head].iter().position(special) {
            Some(n) => n,
            None => head + memchr::memchr3(b'<', b'&', b'\r', &rest[head..])?,
        };
        let after = rest.get(text_len..)?;
        let name = qname.as_bytes();
        if after.get(1) != Some(&b'/')
            || after.get(2..2 + name.len()) != Some(name)
            || after.get(2 + name.len()) != Some(&b'>')
        {
            return None;
        }
        let text = &self.input[self.pos..self.pos + text_len];
        self.pos += text_len + name.len() + 3;
        Some(text)
    }

    /// The fast path for a leaf element: if the input at the current position is optional
    /// whitespace, the start tag `<prefix:local>` (`<local>` for an empty prefix; exactly that,
    /// without attributes but a lone `xsi:type="…"`, which SOAP encoding puts on every value
    /// and which a scalar's reader ignores), then plain text as
    /// [`plain_text_then_end`](Self::plain_text_then_end) takes it, consumes all of it and
    /// returns the qualified name and the text. Otherwise consumes nothing.
    #[inline]
    pub fn plain_leaf(&mut self, prefix: &str, local: &str) -> Option<(&'a str, &'a str)> {
        if self.pending_end.is_some() {
            return None;
        }
        let bytes = self.input.as_bytes();
        let mut open = self.pos;
        while bytes.get(open).is_some_and(|&b| is_space(b)) {
            open += 1;
        }
        let name_start = open + 1;
        let mut name_end = name_start;
        if bytes.get(open) != Some(&b'<') {
            return None;
        }
        if !prefix.is_empty() {
            let colon = name_start + prefix.len();
            if bytes.get(name_start..colon) != Some(prefix.as_bytes())
                || bytes.get(colon) != Some(&b':')
            {
                return None;
            }
            name_end = colon + 1;
        }
        let local_end = name_end + local.len();
        if bytes.get(name_end..local_end) != Some(local.as_bytes()) {
            return None;
        }
        let tag_end = match bytes.get(local_end) {
            Some(b'>') => local_end,
            Some(b' ') => lone_xsi_type(bytes, local_end)?,
            _ => return None,
        };
        let qname = &self.input[name_start..local_end];
        let saved = self.pos;
        self.pos = tag_end + 1;
        match self.plain_text_then_end(qname) {
            Some(text) => Some((qname, text)),
            None => {
                self.pos = saved;
                None
            }
        }
    }

    /// Moves to `position`, the start of a token, dropping the end of an empty-element tag
    /// just read if it was still to come.
    #[inline]
    pub fn seek(&mut self, position: usize) {
        self.pos = position;
        self.pending_end = None;
    }

    /// After the start tag it has just read: where the tag ends (the lexer's position), and
    /// whether it was an empty-element tag (its end comes next).
    pub fn after_start_tag(&self) -> (usize, bool) {
        (self.pos, self.pending_end.is_some())
    }

    /// Goes on after the start tag `start` that ends at `after`, as
    /// [`after_start_tag`](Self::after_start_tag) gave them when the tag was read, as if it had
    /// just been read again.
    pub fn resume_after_start_tag(&mut self, start: &StartTag<'a>, (after, empty): (usize, bool)) {
        self.pos = after;
        self.pending_end = empty.then(|| start.qname());
    }

    /// Moves back to `position`, which an earlier [`position`](Self::position) returned while
    /// no empty-element end was pending.
    pub fn rewind(&mut self, position: usize) {
        self.pos = position;
    }

    fn error(&self, position: usize, kind: DecodeErrorKind) -> LexError {
        LexError { position, kind }
    }

    fn eof(&self) -> LexError {
        self.error(self.input.len(), DecodeErrorKind::UnexpectedEof)
    }

    fn syntax(&self, position: usize, message: impl Into<String>) -> LexError {
        self.error(position, DecodeErrorKind::Syntax(message.into()))
    }

    /// Markup starting with `<` at the current position.
    fn markup(&mut self) -> Result<Token<'a>, LexError> {
        let open = self.pos;
        let rest = &self.input[open..];
        match rest.as_bytes().get(1) {
            None => Err(self.eof()),
            Some(b'/') => self.end_tag(),
            Some(b'?') => {
                let close = self.find_from(open + 2, "?>")?;
                self.pos = close + 2;
                Ok(Token::ProcessingInstruction)
            }
            Some(b'!') => {
                if rest.starts_with("<!--") {
                    let close = self.find_from(open + 4, "-->")?;
                    self.pos = close + 3;
                    Ok(Token::Comment)
                } else if rest.starts_with("<![CDATA[") {
                    let start = open + 9;
                    let close = self.find_from(start, "]]>")?;
                    self.pos = close + 3;
                    Ok(Token::CData(&self.input[start..close]))
                } else if rest.starts_with("<!DOCTYPE") {
                    Err(self.error(open, DecodeErrorKind::DtdNotAllowed))
                } else if ["<!--", "<![CDATA[", "<!DOCTYPE"]
                    .iter()
                    .any(|markup| markup.starts_with(rest))
                {
                    Err(self.eof())
                } else {
                    Err(self.syntax(open, "unknown markup after `<!`"))
                }
            }
            Some(_) => self.start_tag(),
        }
    }

    /// The byte offset of `needle` at or after `from`; the end of the input is an error.
    fn find_from(&self, from: usize, needle: &str) -> Result<usize, LexError> {
        self.input
            .get(from..)
            .and_then(|rest| rest.find(needle))
            .map(|i| from + i)
            .ok_or_else(|| self.eof())
    }

    /// `</name>`, with optional whitespace before the `>`.
    fn end_tag(&mut self) -> Result<Token<'a>, LexError> {
        let open = self.pos;
        let start = open + 2;
        let bytes = self.input.as_bytes();
        let close = find_byte(b'>', &bytes[start..])
            .map(|i| start + i)
            .ok_or_else(|| self.eof())?;
        let name = self.input[start..close].trim_end_matches(is_xml_whitespace);
        if name.is_empty() || name.bytes().any(|b| NAME_BYTES[usize::from(b)] == END) {
            return Err(self.syntax(
                open,
                format!("malformed end tag `</{}>`", snippet(name, 64)),
            ));
        }
        self.pos = close + 1;
        Ok(Token::End { name })
    }

    /// `<name attr="value" ...>` or `<name .../>`.
    fn start_tag(&mut self) -> Result<Token<'a>, LexError> {
        let open = self.pos;
        let bytes = self.input.as_bytes();
        let name_start = open + 1;
        let mut i = name_start;
        let mut local_start = 0;
        loop {
            match bytes.get(i).map(|&b| NAME_BYTES[usize::from(b)]) {
                Some(NAME) => {}
                Some(COLON) if local_start == 0 => local_start = i + 1 - name_start,
                Some(COLON) => {}
                _ => break,
            }
            i += 1;
        }
        let name_len = i - name_start;
        if name_len == 0 {
            return Err(self.syntax(open, "a start tag without a name"));
        }
        loop {
            let space_start = i;
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            match bytes.get(i) {
                None => return Err(self.eof()),
                Some(b'>') => {
                    self.pos = i + 1;
                    return Ok(Token::Start(StartTag {
                        tag: &self.input[name_start..i],
                        name_len,
                        local_start,
                    }));
                }
                Some(b'/') => match bytes.get(i + 1) {
                    None => return Err(self.eof()),
                    Some(b'>') => {
                        self.pos = i + 2;
                        self.pending_end = Some(&self.input[name_start..name_start + name_len]);
                        return Ok(Token::Start(StartTag {
                            tag: &self.input[name_start..i],
                            name_len,
                            local_start,
                        }));
                    }
                    Some(_) => return Err(self.syntax(i, "`/` not followed by `>` in a tag")),
                },
                Some(_) if i == space_start => {
                    return Err(self.syntax(i, "an unexpected character in a tag"));
                }
                Some(_) => i = self.attribute(i)?,
            }
        }
    }

    /// Checks the attribute starting at `start` and returns the offset just after its value.
    fn attribute(&self, start: usize) -> Result<usize, LexError> {
        let bytes = self.input.as_bytes();
        let mut i = start;
        while bytes
            .get(i)
            .is_some_and(|&b| NAME_BYTES[usize::from(b)] != END)
        {
            i += 1;
        }
        let name = &self.input[start..i];
        if name.is_empty() {
            return Err(self.syntax(start, "an unexpected character in a tag"));
        }
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        match bytes.get(i) {
            None => return Err(self.eof()),
            Some(b'=') => i += 1,
            Some(_) => {
                return Err(self.syntax(
                    start,
                    format!("attribute `{}` without a value", snippet(name, 64)),
                ));
            }
        }
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        let quote = match bytes.get(i) {
            None => return Err(self.eof()),
            Some(&q @ (b'"' | b'\'')) => q,
            Some(_) => {
                return Err(self.syntax(
                    i,
                    format!(
                        "the value of attribute `{}` is not quoted",
                        snippet(name, 64)
                    ),
                ));
            }
        };
        let value_start = i + 1;
        let value_end = find_either(quote, b'<', &bytes[value_start..])
            .map(|n| value_start + n)
            .ok_or_else(|| self.eof())?;
        if bytes[value_end] == b'<' {
            return Err(self.syntax(
                value_end,
                format!("`<` in the value of attribute `{}`", snippet(name, 64)),
            ));
        }
        Ok(value_end + 1)
    }
}

/// Where the start tag ends (its `>`) when all that follows the name at `at` is
/// ` xsi:type="value"`: a plain value (no quote, `<`, `&` or `>`), nothing else.
#[inline]
fn lone_xsi_type(bytes: &[u8], at: usize) -> Option<usize> {
    const ATTRIBUTE: &[u8] = b" xsi:type=\"";
    let value_start = at + ATTRIBUTE.len();
    if bytes.get(at..value_start) != Some(ATTRIBUTE) {
        return None;
    }
    let rest = bytes.get(value_start..)?;
    // The end of the value, or what makes it no plain one; a `>` comes soon in any case.
    let quote = rest
        .iter()
        .position(|&b| matches!(b, b'"' | b'<' | b'&' | b'>'))?;
    if rest[quote] != b'"' {
        return None;
    }
    let tag_end = value_start + quote + 1;
    (bytes.get(tag_end) == Some(&b'>')).then_some(tag_end)
}

/// How many bytes a search looks at one by one before it hands over to a vector search
/// (`memchr`): names, attribute values and scalars are mostly shorter, and for them the vector
/// search's setup costs more than the loop.
const SHORT_SEARCH: usize = 16;

/// The offset of the first `needle` in `haystack`.
#[inline]
fn find_byte(needle: u8, haystack: &[u8]) -> Option<usize> {
    let head = haystack.len().min(SHORT_SEARCH);
    match haystack[..head].iter().position(|&b| b == needle) {
        Some(offset) => Some(offset),
        None => memchr::memchr(needle, &haystack[head..]).map(|offset| head + offset),
    }
}

/// The offset of the first `a` or `b` in `haystack`.
#[inline]
fn find_either(a: u8, b: u8, haystack: &[u8]) -> Option<usize> {
    let head = haystack.len().min(SHORT_SEARCH);
    match haystack[..head].iter().position(|&c| c == a || c == b) {
        Some(offset) => Some(offset),
        None => memchr::memchr2(a, b, &haystack[head..]).map(|offset| head + offset),
    }
}

/// The attributes of a start tag the lexer has checked: `(name as written, raw value)`.
#[derive(Debug, Clone)]
pub(super) struct Attributes<'a> {
    rest: &'a str,
}

impl<'a> Attributes<'a> {
    /// The attributes in `tag` (a [`Token::Start`]'s), after its `name_len` bytes of name.
    pub fn of(tag: &'a str, name_len: usize) -> Self {
        Attributes {
            rest: tag.get(name_len..).unwrap_or(""),
        }
    }
}

impl<'a> Iterator for Attributes<'a> {
    type Item = (&'a str, &'a str);

    // Byte searches (`memchr`): on every start tag with attributes, several times over.
    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.rest.trim_start_matches(is_xml_whitespace);
        let equals = find_byte(b'=', rest.as_bytes())?;
        let (name, after_name) = (&rest[..equals], &rest[equals + 1..]);
        let after_eq = after_name.trim_start_matches(is_xml_whitespace);
        let quote = *after_eq
            .as_bytes()
            .first()
            .filter(|&&q| matches!(q, b'"' | b'\''))?;
        let value_and_rest = &after_eq[1..];
        let close = find_byte(quote, value_and_rest.as_bytes())?;
        self.rest = &value_and_rest[close + 1..];
        Some((
            name.trim_end_matches(is_xml_whitespace),
            &value_and_rest[..close],
        ))
    }
}

/// Resolves the references in raw text and normalises its line ends (`\r\n` and a lone `\r`
/// become `\n`; a `&#13;` stays a carriage return). Borrowed when nothing changes. An error
/// carries the byte offset of the bad reference in `raw`.
pub(super) fn decode_text(raw: &str) -> Result<Cow<'_, str>, (usize, DecodeErrorKind)> {
    decode(raw, true)
}

/// Resolves the references in a raw attribute value. Borrowed when there are none.
pub(super) fn decode_attribute(raw: &str) -> Result<Cow<'_, str>, (usize, DecodeErrorKind)> {
    decode(raw, false)
}

fn decode(raw: &str, normalize_line_ends: bool) -> Result<Cow<'_, str>, (usize, DecodeErrorKind)> {
    let needs_work = if normalize_line_ends {
        memchr::memchr2(b'&', b'\r', raw.as_bytes()).is_some()
    } else {
        memchr::memchr(b'&', raw.as_bytes()).is_some()
    };
    if !needs_work {
        return Ok(Cow::Borrowed(raw));
    }
    let push_literal = |out: &mut String, literal: &str| {
        if normalize_line_ends && literal.contains('\r') {
            out.push_str(&literal.replace("\r\n", "\n").replace('\r', "\n"));
        } else {
            out.push_str(literal);
        }
    };
    let mut out = String::with_capacity(raw.len());
    let mut offset = 0;
    while let Some(amp) = raw[offset..].find('&').map(|i| offset + i) {
        push_literal(&mut out, &raw[offset..amp]);
        let Some(semicolon) = raw[amp..].find(';').map(|i| amp + i) else {
            return Err((
                amp,
                DecodeErrorKind::Syntax("a reference without its closing `;`".into()),
            ));
        };
        let name = &raw[amp + 1..semicolon];
        match resolve_reference(name) {
            Some(c) => out.push(c),
            None => return Err((amp, DecodeErrorKind::UnknownEntity(snippet(name, 64)))),
        }
        offset = semicolon + 1;
    }
    push_literal(&mut out, &raw[offset..]);
    Ok(Cow::Owned(out))
}

/// The character a reference (`lt`, `#65`, `#x41`, ...) stands for: the five predefined
/// entities and character references to characters XML allows. Anything else is `None`.
fn resolve_reference(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix('x') {
                Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                    u32::from_str_radix(hex, 16).ok()?
                }
                None if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) => {
                    number.parse().ok()?
                }
                _ => return None,
            };
            char::from_u32(code).filter(|&c| is_xml_char(c))
        }
    }
}

/// The `Char` production of XML 1.0.
fn is_xml_char(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..
    )
}

#[inline]
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_xml_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// [`NAME_BYTES`] classes.
const NAME: u8 = 0;
const COLON: u8 = 1;
const END: u8 = 2;

/// How each byte acts in a name in a tag: part of it, the prefix separator, or its end
/// (whitespace and `>`, `/`, `<`, `=`, quotes).
static NAME_BYTES: [u8; 256] = {
    let mut table = [NAME; 256];
    let ends = [
        b' ', b'\t', b'\r', b'\n', b'>', b'/', b'<', b'=', b'"', b'\'',
    ];
    let mut i = 0;
    while i < ends.len() {
        table[ends[i] as usize] = END;
        i += 1;
    }
    table[b':' as usize] = COLON;
    table
};

#[cfg(test)]
#[allow(clippy::unwrap_used)] // reason: tests fail loudly on unexpected shapes
mod tests {
    use super::*;

    fn tokens(input: &str) -> Result<Vec<Token<'_>>, LexError> {
        let mut lexer = Lexer::new(input);
        let mut out = Vec::new();
        loop {
            match lexer.next_token()? {
                Token::Eof => return Ok(out),
                token => out.push(token),
            }
        }
    }

    #[test]
    fn splits_a_document_into_tokens() {
        let input =
            "<?xml version=\"1.0\"?><!-- c --><a x = 'v>' y=\"2\"><p:b/>t&amp;<![CDATA[<c>]]></a >";
        assert_eq!(
            tokens(input).unwrap(),
            [
                Token::ProcessingInstruction,
                Token::Comment,
                Token::Start(StartTag {
                    tag: "a x = 'v>' y=\"2\"",
                    name_len: 1,
                    local_start: 0
                }),
                Token::Start(StartTag {
                    tag: "p:b",
                    name_len: 3,
                    local_start: 2
                }),
                Token::End { name: "p:b" },
                Token::Text("t&amp;"),
                Token::CData("<c>"),
                Token::End { name: "a" },
            ]
        );
        let attributes: Vec<_> = Attributes::of("a x = 'v>' y=\"2\"", 1).collect();
        assert_eq!(attributes, [("x", "v>"), ("y", "2")]);
    }

    #[test]
    fn malformed_markup_is_an_error_at_its_position() {
        for (input, position) in [
            ("<a b></a>", 3),
            ("<a b=1></a>", 5),
            ("<a b=\"1\"c=\"2\"/>", 8),
            ("<a/ >", 2),
            ("< a>", 0),
            ("<a></ a>", 3),
            ("<a b=\"<\"/>", 6),
            ("<!ELEMENT a>", 0),
        ] {
            let err = tokens(input).unwrap_err();
            assert!(
                matches!(err.kind, DecodeErrorKind::Syntax(_)),
                "{input}: {err:?}"
            );
            assert_eq!(err.position, position, "{input}");
        }
    }

    #[test]
    fn every_truncation_of_markup_is_an_unexpected_end() {
        let input = "<?pi x?><!-- c --><a b=\"1\"><![CDATA[x]]><c/></a>";
        for cut in 1..input.len() {
            let head = &input[..cut];
            let ends_a_token = head.ends_with('>');
            match tokens(head) {
                Err(err) => assert_eq!(err.kind, DecodeErrorKind::UnexpectedEof, "{head}"),
                Ok(_) => assert!(ends_a_token, "{head} lexed without an error"),
            }
        }
    }

    #[test]
    fn the_plain_text_fast_path_takes_only_plain_text_before_the_right_end_tag() {
        let mut lexer = Lexer::new("42</n:v><a>1&amp;</a><b>x\r\n</b><c/><d>1</e>");
        assert_eq!(lexer.plain_text_then_end("n:v"), Some("42"));
        assert_eq!(
            lexer.next_token().unwrap(),
            Token::Start(StartTag {
                tag: "a",
                name_len: 1,
                local_start: 0
            })
        );
        assert_eq!(lexer.plain_text_then_end("a"), None);
        assert_eq!(lexer.next_token().unwrap(), Token::Text("1&amp;"));
        assert_eq!(lexer.next_token().unwrap(), Token::End { name: "a" });
        lexer.next_token().unwrap();
        assert_eq!(lexer.plain_text_then_end("b"), None);
        assert_eq!(lexer.next_token().unwrap(), Token::Text("x\r\n"));
        lexer.next_token().unwrap();
        assert_eq!(
            lexer.next_token().unwrap(),
            Token::Start(StartTag {
                tag: "c",
                name_len: 1,
                local_start: 0
            })
        );
        assert_eq!(lexer.plain_text_then_end("c"), Some(""));
        lexer.next_token().unwrap();
        assert_eq!(lexer.plain_text_then_end("d"), None);
        assert_eq!(lexer.next_token().unwrap(), Token::Text("1"));
    }

    #[test]
    fn the_leaf_fast_path_takes_only_the_exact_plain_element() {
        let input = " <a>1</a>\n<p:b>x</p:b><c x=\"1\">2</c><d/><ab>3</ab><a>4&amp;</a>";
        let mut lexer = Lexer::new(input);
        assert_eq!(lexer.plain_leaf("", "a"), Some(("a", "1")));
        assert_eq!(lexer.plain_leaf("", "b"), None, "prefix not given");
        assert_eq!(lexer.plain_leaf("q", "b"), None, "another prefix");
        assert_eq!(lexer.plain_leaf("p", "b"), Some(("p:b", "x")));
        assert_eq!(lexer.plain_leaf("", "c"), None, "attributes");
        lexer.next_token().unwrap();
        lexer.next_token().unwrap();
        lexer.next_token().unwrap();
        assert_eq!(lexer.plain_leaf("", "d"), None, "an empty-element tag");
        lexer.next_token().unwrap();
        lexer.next_token().unwrap();
        assert_eq!(lexer.plain_leaf("", "a"), None, "a longer name");
        let before = lexer.position();
        lexer.next_token().unwrap();
        lexer.next_token().unwrap();
        lexer.next_token().unwrap();
        assert_eq!(lexer.plain_leaf("", "a"), None, "a reference in the text");
        assert_eq!(
            lexer.next_token().unwrap(),
            Token::Start(StartTag {
                tag: "a",
                name_len: 1,
                local_start: 0
            })
        );
        lexer.rewind(before);
        assert_eq!(
            lexer.next_token().unwrap(),
            Token::Start(StartTag {
                tag: "ab",
                name_len: 2,
                local_start: 0
            })
        );
    }

    #[test]
    fn references_resolve_and_line_ends_normalise() {
        assert_eq!(decode_text("plain").unwrap(), Cow::Borrowed("plain"));
        assert_eq!(
            decode_text("a &amp; b &#x41;&#66; c&#13;&#10;d\r\ne\rf").unwrap(),
            "a & b AB c\r\nd\ne\nf"
        );
        assert_eq!(decode_attribute("x\r\ny").unwrap(), Cow::Borrowed("x\r\ny"));
        assert_eq!(
            decode_text("x &bogus; y").unwrap_err(),
            (2, DecodeErrorKind::UnknownEntity("bogus".into()))
        );
        for bad in ["&#0;", "&#xFFFFFFFF;", "&#xD800;", "&#x;", "&#-1;"] {
            assert!(
                matches!(
                    decode_text(bad),
                    Err((0, DecodeErrorKind::UnknownEntity(_)))
                ),
                "{bad}"
            );
        }
        assert!(matches!(
            decode_text("a & b"),
            Err((2, DecodeErrorKind::Syntax(_)))
        ));
    }
}
