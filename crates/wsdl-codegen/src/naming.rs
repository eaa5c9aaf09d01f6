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
//! - type names that would shadow the prelude (`String`, `Option`, …) get a `Type` suffix;
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

/// Type names generated code relies on from the prelude and `std`.
pub(crate) const RESERVED_TYPE_NAMES: &[&str] = &[
    "Box",
    "Clone",
    "Copy",
    "Default",
    "Drop",
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
];

/// Splits an XML name into words.
pub(crate) fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = name.chars().collect();
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
