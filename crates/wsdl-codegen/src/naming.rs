//! Rust identifiers from XML names: case conversion, keywords and collisions.
//!
//! The policy, applied once in the resolve step:
//! - types, enum variants, ports: `PascalCase`; fields, methods, parameters: `snake_case`;
//!   words split at separators, lower→upper changes and the end of acronyms, acronyms
//!   lower-cased after their first letter (`gswUserID` → `GswUserId`, `gsw_user_id`);
//! - a name starting with a digit gets a `Value`/`value_` prefix, `-`/`+` at the start read
//!   as `Minus`/`Plus`, a name with no letters or digits becomes `Value`/`value`;
//! - Rust keywords become raw identifiers (`r#type`), except `self`, `Self`, `super` and
//!   `crate`, which cannot be raw and get a trailing underscore;
//! - identifiers are ASCII, so no lint about scripts, confusables or code points ever fires:
//!   Latin letters lose their diacritics (`Größe` → `Grosse`), any other letter or digit that
//!   is not ASCII becomes a word of its code point (`订单` → `U8ba2U5355`, `u8ba2_u5355`), other
//!   signs separate words; the XML name is kept for the codec;
//! - type names that would shadow the prelude (`String`, `Option`, …) or what every generated
//!   module imports from the runtime (`Element`, `XmlReader`, `Result`, …) get a `Type`
//!   suffix;
//! - a name already taken in its scope tries the caller's alternatives in order, then a
//!   numeric suffix from 2 upwards (`Order2`), so the first claimant keeps the plain name.

use std::collections::HashSet;

/// Keywords of Rust 2024 (strict and reserved) that must not be used as plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// Type names generated code relies on: from the prelude and `std`, and the runtime items
/// every generated module imports (`use soap_runtime::xml::{Element, XmlReader, XmlWriter,
/// XmlScalar}; use soap_runtime::{DecodeErrorKind, Result};`), which a type of the same name
/// would clash with (E0255).
pub(crate) const RESERVED_TYPE_NAMES: &[&str] = &[
    "Box",
    "Clone",
    "Copy",
    "DecodeErrorKind",
    "Default",
    "Drop",
    "Element",
    "Eq",
    "Err",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "Vec",
    "XmlReader",
    "XmlScalar",
    "XmlWriter",
];

/// ASCII for the letters of Latin-1 Supplement and Latin Extended-A (U+00C0 to U+017F), one
/// entry per code point: the letter without its diacritic, `""` for the two signs among them.
const LATIN_TO_ASCII: [&str; 192] = [
    // U+00C0
    "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I", //
    "D", "N", "O", "O", "O", "O", "O", "", "O", "U", "U", "U", "U", "Y", "Th", "ss", //
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", //
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y", //
    // U+0100
    "A", "a", "A", "a", "A", "a", "C", "c", "C", "c", "C", "c", "C", "c", "D", "d", //
    "D", "d", "E", "e", "E", "e", "E", "e", "E", "e", "E", "e", "G", "g", "G", "g", //
    "G", "g", "G", "g", "H", "h", "H", "h", "I", "i", "I", "i", "I", "i", "I", "i", //
    "I", "i", "IJ", "ij", "J", "j", "K", "k", "k", "L", "l", "L", "l", "L", "l", "L", //
    "l", "L", "l", "N", "n", "N", "n", "N", "n", "n", "N", "n", "O", "o", "O", "o", //
    "O", "o", "OE", "oe", "R", "r", "R", "r", "R", "r", "S", "s", "S", "s", "S", "s", //
    "S", "s", "T", "t", "T", "t", "T", "t", "U", "u", "U", "u", "U", "u", "U", "u", //
    "U", "u", "U", "u", "W", "w", "Y", "y", "Y", "Z", "z", "Z", "z", "Z", "z", "s", //
];

/// An XML name with every character that is not ASCII replaced: a Latin letter by its
/// letter without diacritics, anything else by a word of its own, `u` and its code point in
/// hex, set apart by spaces so it splits as a word.
fn to_ascii(name: &str) -> std::borrow::Cow<'_, str> {
    if name.is_ascii() {
        return std::borrow::Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len() * 2);
    for c in name.chars() {
        let code = c as u32;
        if c.is_ascii() {
            out.push(c);
        } else if let Some(latin) = code
            .checked_sub(0xC0)
            .and_then(|i| LATIN_TO_ASCII.get(i as usize))
            .filter(|latin| !latin.is_empty())
        {
            out.push_str(latin);
        } else if c.is_alphanumeric() {
            out.push_str(&format!(" u{code:x} "));
        } else {
            // Punctuation and signs separate words, as ASCII punctuation does.
            out.push(' ');
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Splits an XML name into words.
pub(crate) fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = to_ascii(name).chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if i == 0 && (c == '-' || c == '+') && chars.len() > 1 {
                words.push(if c == '-' { "minus" } else { "plus" }.to_owned());
            }
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        if c.is_uppercase() && !current.is_empty() {
            let prev = chars[i - 1];
            let next_is_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || prev.is_numeric() || (prev.is_uppercase() && next_is_lower) {
                words.push(std::mem::take(&mut current));
            }
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// `PascalCase` for types and variants, not yet checked against keywords or collisions.
pub(crate) fn pascal_case(name: &str) -> String {
    let mut out: String = words(name).iter().map(|w| capitalize(w)).collect();
    if out.is_empty() {
        out.push_str("Value");
    } else if out.starts_with(|c: char| c.is_numeric()) {
        out.insert_str(0, "Value");
    }
    out
}

/// `snake_case` for fields, methods and parameters, not yet checked against keywords.
pub(crate) fn snake_case(name: &str) -> String {
    let mut out = words(name)
        .iter()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    if out.is_empty() {
        out.push_str("value");
    } else if out.starts_with(|c: char| c.is_numeric()) {
        out.insert_str(0, "value_");
    }
    out
}

/// Makes a converted name usable as an identifier (keywords).
fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Names taken in one scope (a module's types, a struct's fields, an enum's variants, …).
#[derive(Debug, Default)]
pub(crate) struct NameScope {
    taken: HashSet<String>,
    /// The next numeric suffix to try per base name (keeps many collisions linear).
    next_suffix: std::collections::HashMap<String, u32>,
}

impl NameScope {
    /// A scope where the given names are already taken.
    pub fn with_reserved(names: &[&str]) -> Self {
        NameScope {
            taken: names.iter().map(|n| (*n).to_owned()).collect(),
            next_suffix: std::collections::HashMap::new(),
        }
    }

    /// Claims the first free name among `preferred` and `alternatives` (each escaped), or
    /// `preferred` with the next free numeric suffix.
    pub fn claim(&mut self, preferred: String, alternatives: &[String]) -> String {
        for candidate in std::iter::once(&preferred).chain(alternatives) {
            let candidate = escape_keyword(candidate.clone());
            if self.taken.insert(unraw(&candidate).to_owned()) {
                return candidate;
            }
        }
        let base = preferred.trim_end_matches('_').to_owned();
        let start = self.next_suffix.get(&base).copied().unwrap_or(2);
        for n in start.. {
            let candidate = escape_keyword(format!("{base}{}{n}", separator(&base)));
            if self.taken.insert(unraw(&candidate).to_owned()) {
                self.next_suffix.insert(base, n + 1);
                return candidate;
            }
        }
        unreachable!("u32 suffixes exhausted")
    }

    /// Claims a `PascalCase` name for an XML name.
    pub fn claim_pascal(&mut self, xml_name: &str) -> String {
        self.claim(pascal_case(xml_name), &[])
    }

    /// Claims a `snake_case` name for an XML name.
    pub fn claim_snake(&mut self, xml_name: &str) -> String {
        self.claim(snake_case(xml_name), &[])
    }

    /// Marks a name as taken (for names carried over, such as inherited fields).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(unraw(name).to_owned());
    }

    /// Whether `name` is taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(unraw(name))
    }
}

/// `snake_case` names get `_2`, `PascalCase` names `2`.
fn separator(base: &str) -> &'static str {
    if base.contains('_') || base.starts_with(|c: char| c.is_lowercase()) {
        "_"
    } else {
        ""
    }
}

fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// A short PascalCase word for a namespace URI, to tell apart types of the same local name.
pub(crate) fn namespace_hint(namespace: &str) -> Option<String> {
    let trimmed = namespace.trim_end_matches(['/', '#']);
    trimmed
        .rsplit(['/', ':', '#'])
        .map(|segment| segment.trim_end_matches(".xsd").trim_end_matches(".wsdl"))
        .find(|segment| {
            let generic = segment.starts_with("www.")
                || matches!(
                    *segment,
                    "http" | "https" | "urn" | "schemas" | "xsd" | "wsdl"
                );
            let version = segment.starts_with(['v', 'V'])
                && segment[1..].chars().all(|c| c.is_ascii_digit() || c == '.');
            segment.chars().any(char::is_alphabetic) && !generic && !version
        })
        .map(|segment| {
            // Host names read better by their first label (`tempuri.org` → `Tempuri`).
            let segment = if segment.contains('.') && !segment.contains(' ') {
                segment.split('.').next().unwrap_or(segment)
            } else {
                segment
            };
            pascal_case(segment)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_conversion() {
        assert_eq!(pascal_case("gswUserID"), "GswUserId");
        assert_eq!(snake_case("gswUserID"), "gsw_user_id");
        assert_eq!(snake_case("objectArrayNSizeIs"), "object_array_n_size_is");
        assert_eq!(pascal_case("XMLParser"), "XmlParser");
        assert_eq!(
            snake_case("WFMLocatorService800Soap"),
            "wfm_locator_service800_soap"
        );
        assert_eq!(pascal_case("ArrayOfstring"), "ArrayOfstring");
        assert_eq!(pascal_case("my-value.type"), "MyValueType");
        assert_eq!(pascal_case("1"), "Value1");
        assert_eq!(pascal_case("-1"), "Minus1");
        assert_eq!(pascal_case(""), "Value");
        assert_eq!(pascal_case("a b"), "AB");
        assert_eq!(snake_case("Item2Count"), "item2_count");
    }

    #[test]
    fn keywords_and_collisions() {
        let mut fields = NameScope::default();
        assert_eq!(fields.claim_snake("type"), "r#type");
        assert_eq!(fields.claim_snake("self"), "self_");
        assert_eq!(fields.claim_snake("Type"), "type_2");
        assert_eq!(fields.claim_snake("fooBar"), "foo_bar");
        assert_eq!(fields.claim_snake("foo_bar"), "foo_bar_2");
        let mut types = NameScope::with_reserved(RESERVED_TYPE_NAMES);
        assert_eq!(types.claim_pascal("Self"), "Self_");
        assert_eq!(
            types.claim(pascal_case("string"), &["StringType".to_owned()]),
            "StringType"
        );
        assert_eq!(types.claim_pascal("Order"), "Order");
        assert_eq!(types.claim_pascal("order"), "Order2");
    }

    #[test]
    fn identifiers_are_ascii() {
        assert_eq!(pascal_case("Größe"), "Grosse");
        assert_eq!(snake_case("Größe"), "grosse");
        assert_eq!(snake_case("ŁódźŻółw"), "lodz_zolw");
        assert_eq!(pascal_case("订单"), "U8ba2U5355");
        assert_eq!(snake_case("订单Id"), "u8ba2_u5355_id");
        assert_eq!(pascal_case("Ωmega"), "U3a9Mega");
        assert_eq!(snake_case("price€"), "price");
        assert!(LATIN_TO_ASCII[0xD7 - 0xC0].is_empty() && LATIN_TO_ASCII[0xF7 - 0xC0].is_empty());
        assert_eq!(LATIN_TO_ASCII[0x17F - 0xC0], "s");
    }

    #[test]
    fn runtime_imports_are_reserved() {
        let mut types = NameScope::with_reserved(RESERVED_TYPE_NAMES);
        for name in [
            "Element",
            "XmlReader",
            "XmlWriter",
            "XmlScalar",
            "DecodeErrorKind",
            "Result",
        ] {
            assert_eq!(
                types.claim(pascal_case(name), &[format!("{name}Type")]),
                format!("{name}Type")
            );
        }
    }

    #[test]
    fn namespace_hints() {
        assert_eq!(
            namespace_hint("http://tempuri.org/").as_deref(),
            Some("Tempuri")
        );
        assert_eq!(
            namespace_hint("http://www.onvif.org/ver10/schema").as_deref(),
            Some("Schema")
        );
        assert_eq!(
            namespace_hint("urn:WFMConfigService850").as_deref(),
            Some("WfmConfigService850")
        );
        assert_eq!(
            namespace_hint("http://example.com/v2/").as_deref(),
            Some("Example")
        );
    }
}
