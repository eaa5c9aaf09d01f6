//! What comes before the root element: an XML declaration out of place, and the DTD.
//!
//! A DTD is accepted for its internal subset's general entities (the W3C xmldsig schema
//! declares `&dsig;` for its namespace), with bounded expansion: the entities nested at most
//! [`MAX_ENTITY_DEPTH`] deep, their references expanding to at most [`MAX_EXPANSION_BYTES`]
//! in all. Whatever reaches outside the document is refused: external entities, external
//! parameter entities and parameter entity references. An external subset
//! (`<!DOCTYPE schema PUBLIC "…" "http://…/XMLSchema.dtd" [ … ]>`) is never read; the
//! loader notes that it was ignored. These checks run before the XML parser expands anything.

use std::collections::HashMap;

/// Most bytes the entity references of one document may expand to, in all.
pub(crate) const MAX_EXPANSION_BYTES: u64 = 1 << 20;

/// Most entities expanded inside one another.
pub(crate) const MAX_ENTITY_DEPTH: usize = 8;

/// A DTD the loader refuses, at the byte offset of what is refused.
#[derive(Debug)]
pub(crate) struct DtdError {
    pub offset: usize,
    pub message: String,
}

/// A DTD the loader accepts.
#[derive(Debug)]
pub(crate) struct Doctype {
    /// Byte offset of `<!DOCTYPE`.
    pub offset: usize,
    /// The external subset's identifier as written (`PUBLIC "…" "…"`), which is not read.
    pub external_subset: Option<String>,
}

/// Blanks out an XML declaration that follows comments or blank lines instead of starting the
/// document (a licence comment before it, a server that prints a newline first), so the
/// rest parses. Returns its byte offset. The declaration becomes spaces, so every position
/// after it stays where it was.
pub(crate) fn blank_misplaced_declaration(text: &mut String) -> Option<usize> {
    let mut cursor = Cursor { text, pos: 0 };
    loop {
        cursor.skip_spaces();
        if !cursor.rest().starts_with("<!--") {
            break;
        }
        if !cursor.skip_past("-->") {
            return None;
        }
    }
    let at = cursor.pos;
    let rest = cursor.rest();
    let is_declaration = rest.starts_with("<?xml")
        && rest[5..].starts_with(|c: char| c.is_ascii_whitespace() || c == '?');
    if at == 0 || !is_declaration {
        return None;
    }
    let end = at + rest.find("?>")? + 2;
    // Every byte becomes one ASCII byte, so the length and all later offsets are unchanged.
    let blank: String = text[at..end]
        .bytes()
        .map(|b| if b == b'\n' { '\n' } else { ' ' })
        .collect();
    text.replace_range(at..end, &blank);
    Some(at)
}

/// Checks the document's DTD, if it has one, before anything is expanded: `Ok(None)` without
/// a DTD, the DTD when it is safe to parse, an error at what is refused otherwise.
pub(crate) fn check_doctype(text: &str) -> Result<Option<Doctype>, DtdError> {
    let mut cursor = Cursor { text, pos: 0 };
    loop {
        cursor.skip_spaces();
        let closing = if cursor.rest().starts_with("<?") {
            "?>"
        } else if cursor.rest().starts_with("<!--") {
            "-->"
        } else {
            break;
        };
        if !cursor.skip_past(closing) {
            return Ok(None);
        }
    }
    let offset = cursor.pos;
    if !cursor.eat("<!DOCTYPE") {
        return Ok(None);
    }
    cursor.skip_spaces();
    cursor.name();
    cursor.skip_spaces();
    let external_start = cursor.pos;
    if cursor.eat("SYSTEM") || cursor.eat("PUBLIC") {
        cursor.external_id_rest();
    }
    let external_subset =
        (cursor.pos > external_start).then(|| text[external_start..cursor.pos].trim().to_owned());
    cursor.skip_spaces();
    let mut entities = Entities::default();
    if cursor.eat("[") {
        internal_subset(&mut cursor, &mut entities)?;
    }
    cursor.skip_spaces();
    if !cursor.eat(">") {
        // Malformed: the XML parser reports it with its own position.
        return Ok(Some(Doctype {
            offset,
            external_subset,
        }));
    }
    check_expansion(&cursor.text[cursor.pos..], cursor.pos, &entities)?;
    Ok(Some(Doctype {
        offset,
        external_subset,
    }))
}

/// The values of the entities declared with a literal value, by name. The parser expands a
/// parameter entity's name like a general entity's, so both are kept.
#[derive(Default)]
struct Entities<'t> {
    declared: HashMap<&'t str, Vec<&'t str>>,
}

/// Reads the internal subset up to its `]`, refusing whatever reaches outside.
fn internal_subset<'t>(
    cursor: &mut Cursor<'t>,
    entities: &mut Entities<'t>,
) -> Result<(), DtdError> {
    loop {
        cursor.skip_spaces();
        let at = cursor.pos;
        let rest = cursor.rest();
        if rest.is_empty() || cursor.eat("]") {
            return Ok(());
        }
        if rest.starts_with("<!--") {
            cursor.skip_past("-->");
        } else if rest.starts_with("<?") {
            cursor.skip_past("?>");
        } else if cursor.eat("<!ENTITY") {
            entity_declaration(cursor, at, entities)?;
        } else if ["<!ATTLIST", "<!ELEMENT", "<!NOTATION"]
            .iter()
            .any(|d| rest.starts_with(d))
        {
            cursor.skip_declaration();
        } else if let Some(reference) = rest.strip_prefix('%') {
            let name = reference.split(';').next().unwrap_or_default();
            return Err(DtdError {
                offset: at,
                message: format!(
                    "the DTD uses the parameter entity reference `%{name};`: parameter \
                     entities are not expanded (they can bring in declarations from \
                     elsewhere); refused"
                ),
            });
        } else {
            // Malformed: the XML parser reports it.
            return Ok(());
        }
    }
}

/// `<!ENTITY [%] name (value | external id)>`, after `<!ENTITY`; `at` is its `<`.
fn entity_declaration<'t>(
    cursor: &mut Cursor<'t>,
    at: usize,
    entities: &mut Entities<'t>,
) -> Result<(), DtdError> {
    cursor.skip_spaces();
    let parameter = cursor.eat("%");
    cursor.skip_spaces();
    let name = cursor.name().unwrap_or_default();
    cursor.skip_spaces();
    let kind = if parameter {
        "parameter entity"
    } else {
        "entity"
    };
    let shown = if parameter {
        format!("%{name}")
    } else {
        name.to_owned()
    };
    let external_start = cursor.pos;
    if cursor.eat("SYSTEM") || cursor.eat("PUBLIC") {
        cursor.external_id_rest();
        let id = cursor.text[external_start..cursor.pos].trim();
        return Err(DtdError {
            offset: at,
            message: format!(
                "the DTD declares the external {kind} `{shown}` ({id}): external entities are \
                 never read; refused"
            ),
        });
    }
    if let Some(value) = cursor.quoted() {
        let value_offset = cursor.pos - value.len() - 1;
        if let Some(percent) = value.find('%') {
            let name = value[percent + 1..].split(';').next().unwrap_or_default();
            return Err(DtdError {
                offset: value_offset + percent,
                message: format!(
                    "the value of {kind} `{shown}` uses the parameter entity reference \
                     `%{name};`: parameter entities are not expanded; refused"
                ),
            });
        }
        entities.declared.entry(name).or_default().push(value);
    }
    cursor.skip_declaration();
    Ok(())
}

/// Refuses a document whose entity references would expand too far: nested too deep, in a
/// cycle, or to more than [`MAX_EXPANSION_BYTES`] in all. `body` is the text after the DTD,
/// starting at byte `body_offset` of the document.
fn check_expansion(
    body: &str,
    body_offset: usize,
    entities: &Entities<'_>,
) -> Result<(), DtdError> {
    if entities.declared.is_empty() {
        return Ok(());
    }
    let mut sizes = Sizes {
        entities,
        known: HashMap::new(),
        expanding: Vec::new(),
    };
    let mut total: u64 = 0;
    let mut cursor = Cursor { text: body, pos: 0 };
    while let Some(next) = cursor.rest().find(['<', '&']) {
        cursor.pos += next;
        let rest = cursor.rest();
        if let Some(closing) = [("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", "?>")]
            .iter()
            .find(|(open, _)| rest.starts_with(open))
            .map(|(_, close)| close)
        {
            if !cursor.skip_past(closing) {
                break;
            }
            continue;
        }
        let at = cursor.pos;
        cursor.pos += 1;
        let Some(name) = reference_name(rest) else {
            continue;
        };
        let Some(size) = sizes.of(name, body_offset + at, 1)? else {
            continue;
        };
        total = total.saturating_add(size);
        if total > MAX_EXPANSION_BYTES {
            return Err(DtdError {
                offset: body_offset + at,
                message: format!(
                    "DTD entity expansion refused: the document's entity references expand \
                     to more than {MAX_EXPANSION_BYTES} bytes (`&{name};` alone to {size} \
                     bytes), as an entity expansion bomb does"
                ),
            });
        }
    }
    Ok(())
}

/// The name of the general entity reference `&name;` at the start of `text`; `None` for a
/// character reference or anything else.
fn reference_name(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('&')?;
    let end = inner.find(';')?;
    let name = &inner[..end];
    (!name.is_empty() && !name.starts_with('#') && !name.contains(char::is_whitespace))
        .then_some(name)
}

/// Expanded sizes of entities, computed once each.
struct Sizes<'e, 't> {
    entities: &'e Entities<'t>,
    known: HashMap<&'t str, u64>,
    /// The entities being expanded, outermost first.
    expanding: Vec<&'t str>,
}

impl<'t> Sizes<'_, 't> {
    /// The size `&name;` expands to; `None` for a name the DTD does not declare (predefined,
    /// or unknown, which the XML parser reports). `at` is the offset of the reference in the
    /// document that leads here, where errors are shown.
    fn of(&mut self, name: &str, at: usize, depth: usize) -> Result<Option<u64>, DtdError> {
        let Some((&key, declarations)) = self.entities.declared.get_key_value(name) else {
            return Ok(None);
        };
        if let Some(&size) = self.known.get(key) {
            return Ok(Some(size));
        }
        if self.expanding.contains(&key) {
            return Err(DtdError {
                offset: at,
                message: format!(
                    "DTD entity expansion refused: entity `{name}` refers to itself ({} → \
                     {name})",
                    self.expanding.join(" → ")
                ),
            });
        }
        if depth > MAX_ENTITY_DEPTH {
            return Err(DtdError {
                offset: at,
                message: format!(
                    "DTD entity expansion refused: entities nested more than \
                     {MAX_ENTITY_DEPTH} deep ({} → {name}), as in an entity expansion bomb",
                    self.expanding.join(" → ")
                ),
            });
        }
        self.expanding.push(key);
        let mut largest: u64 = 0;
        for &value in declarations {
            let mut size: u64 = 0;
            let mut rest = value;
            while let Some(amp) = rest.find('&') {
                size = size.saturating_add(amp as u64);
                rest = &rest[amp..];
                match reference_name(rest) {
                    Some(inner) => {
                        let inner_size = self.of(inner, at, depth + 1)?.unwrap_or(1);
                        size = size.saturating_add(inner_size);
                        rest = &rest[inner.len() + 2..];
                    }
                    None => {
                        size = size.saturating_add(1);
                        rest = &rest[1..];
                    }
                }
            }
            largest = largest.max(size.saturating_add(rest.len() as u64));
        }
        self.expanding.pop();
        self.known.insert(key, largest);
        Ok(Some(largest))
    }
}

/// A position in a text being scanned.
struct Cursor<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Cursor<'t> {
    fn rest(&self) -> &'t str {
        &self.text[self.pos..]
    }

    fn eat(&mut self, literal: &str) -> bool {
        let found = self.rest().starts_with(literal);
        if found {
            self.pos += literal.len();
        }
        found
    }

    fn skip_spaces(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n']).len();
    }

    /// Moves past the next `end`; to the end of the text (and `false`) when there is none.
    fn skip_past(&mut self, end: &str) -> bool {
        match self.rest().find(end) {
            Some(at) => {
                self.pos += at + end.len();
                true
            }
            None => {
                self.pos = self.text.len();
                false
            }
        }
    }

    fn name(&mut self) -> Option<&'t str> {
        let rest = self.rest();
        let end = rest
            .find(|c: char| c.is_ascii_whitespace() || matches!(c, '>' | '[' | '"' | '\''))
            .unwrap_or(rest.len());
        self.pos += end;
        (end > 0).then(|| &rest[..end])
    }

    /// A quoted literal; the cursor moves past its closing quote.
    fn quoted(&mut self) -> Option<&'t str> {
        let rest = self.rest();
        let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
        let end = rest[1..].find(quote)?;
        self.pos += end + 2;
        Some(&rest[1..end + 1])
    }

    /// The literals after `SYSTEM` or `PUBLIC`.
    fn external_id_rest(&mut self) {
        for _ in 0..2 {
            let before = self.pos;
            self.skip_spaces();
            if self.quoted().is_none() {
                self.pos = before;
                return;
            }
        }
    }

    /// Moves past the `>` that closes a markup declaration, skipping quoted literals.
    fn skip_declaration(&mut self) {
        while let Some(next) = self.rest().find(['>', '"', '\'']) {
            self.pos += next;
            if self.eat(">") {
                return;
            }
            if self.quoted().is_none() {
                self.pos = self.text.len();
                return;
            }
        }
        self.pos = self.text.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declaration_after_a_comment_is_blanked_in_place() {
        let mut text = "<!-- licence -->\n<?xml version=\"1.0\"?>\n<a/>".to_owned();
        assert_eq!(blank_misplaced_declaration(&mut text), Some(17));
        assert_eq!(text, format!("<!-- licence -->\n{}\n<a/>", " ".repeat(21)));
        // A server that prints blank lines first (an ASMX file served through PHP).
        let mut after_blank_lines = "\r\n\n<?xml version='1.0'?><a/>".to_owned();
        assert_eq!(blank_misplaced_declaration(&mut after_blank_lines), Some(3));
        assert!(after_blank_lines.starts_with("\r\n\n    "));
        let mut at_start = "<?xml version=\"1.0\"?><a/>".to_owned();
        assert_eq!(blank_misplaced_declaration(&mut at_start), None);
        let mut processing_instruction = "\n<?xml-stylesheet href=\"a\"?><a/>".to_owned();
        assert_eq!(
            blank_misplaced_declaration(&mut processing_instruction),
            None
        );
    }

    #[test]
    fn internal_entities_are_accepted_and_the_external_subset_noted() {
        let text = "<?xml version='1.0'?>\n<!DOCTYPE schema PUBLIC \"-//W3C//DTD XMLSchema \
                    200102//EN\" \"http://www.w3.org/2001/XMLSchema.dtd\" [\n<!ATTLIST schema \
                    xmlns:ds CDATA #FIXED 'urn:x'>\n<!ENTITY dsig 'urn:x'>\n<!ENTITY % p ''>\n]>\
                    \n<schema a='&dsig;'/>";
        let doctype = check_doctype(text).expect("accepted").expect("a DTD");
        assert_eq!(doctype.offset, 22);
        assert_eq!(
            doctype.external_subset.as_deref(),
            Some(
                "PUBLIC \"-//W3C//DTD XMLSchema 200102//EN\" \"http://www.w3.org/2001/XMLSchema.dtd\""
            )
        );
        assert!(check_doctype("<a/>").expect("no DTD").is_none());
    }

    #[test]
    fn what_reaches_outside_or_expands_too_far_is_refused() {
        let refused = |text: &str| check_doctype(text).expect_err(text).message;
        assert!(
            refused("<!DOCTYPE a [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><a>&x;</a>")
                .contains("external entity `x` (SYSTEM 'file:///etc/passwd')")
        );
        assert!(
            refused("<!DOCTYPE a [<!ENTITY % x SYSTEM 'http://e/x'>]><a/>")
                .contains("external parameter entity `%x`")
        );
        assert!(refused("<!DOCTYPE a [<!ENTITY % x ''> %x;]><a/>").contains("`%x;`"));
        assert!(
            refused("<!DOCTYPE a [<!ENTITY x '&y;'><!ENTITY y '&x;'>]><a>&x;</a>")
                .contains("refers to itself (x → y → x)")
        );
        let mut chain = String::from("<!DOCTYPE a [<!ENTITY e0 'x'>");
        for level in 1..=10 {
            chain.push_str(&format!("<!ENTITY e{level} '&e{};'>", level - 1));
        }
        chain.push_str("]><a>&e10;</a>");
        assert!(refused(&chain).contains("nested more than 8 deep"));
        // Wide rather than deep: 2000 references to a 1 KiB entity.
        let wide = format!(
            "<!DOCTYPE a [<!ENTITY k '{}'>]><a>{}</a>",
            "k".repeat(1024),
            "&k;".repeat(2000)
        );
        let error = check_doctype(&wide).expect_err("too much expansion");
        assert!(error.message.contains("expand to more than 1048576 bytes"));
        // References in comments and CDATA are not expanded.
        let quoted = format!(
            "<!DOCTYPE a [<!ENTITY k '{}'>]><a><!-- {} --><![CDATA[{}]]>&k;</a>",
            "k".repeat(1024),
            "&k;".repeat(2000),
            "&k;".repeat(2000)
        );
        assert!(check_doctype(&quoted).is_ok());
    }
}
