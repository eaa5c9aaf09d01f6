//! Property-based values for generated types, and the encode → decode round-trip check
//! (feature `arbitrary`).
//!
//! Generated modules implement [`Arbitrary`] for every type they define (behind their own
//! `arbitrary` feature). The default `Arbitrary` of a field's Rust type would produce values
//! that XML cannot carry or that our lexical forms cannot give back (control characters,
//! `NaN`, text that is not well-formed XML, list items with spaces, an enumeration's unknown
//! value equal to a known one), so generated impls call the generators below instead.
//!
//! [`RoundTrip`] drives the check: for each type, values built from seeded random bytes are
//! written with the type's writer, read back with its reader, and compared.

use std::fmt::Debug;

pub use arbitrary::{Arbitrary, Error, Result, Unstructured};

use crate::SoapVersion;
use crate::encoding::SoapEncoding;
use crate::xml::{Element, XmlReader, XmlWriter};

/// At most this many items in a generated `Vec`: documents stay small, failures readable.
const MAX_ITEMS: usize = 4;

/// Optional and repeated values nest at most this deep: recursive types (`Account` →
/// `Contact` → `Account` …) stay finite and the stack shallow.
const MAX_NESTING: usize = 4;

thread_local! {
    /// How many optional or repeated values are being built around the current one.
    static NESTING: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Builds a value one nesting level deeper; `None` past [`MAX_NESTING`].
fn nested<'a, T>(
    u: &mut Unstructured<'a>,
    value: impl FnOnce(&mut Unstructured<'a>) -> Result<T>,
) -> Option<Result<T>> {
    let depth = NESTING.with(std::cell::Cell::get);
    if depth >= MAX_NESTING {
        return None;
    }
    NESTING.with(|n| n.set(depth + 1));
    let built = value(u);
    NESTING.with(|n| n.set(depth));
    Some(built)
}

/// Whether XML 1.0 can carry `c` (its `Char` production; a carriage return survives as
/// `&#13;`).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// XML's whitespace characters.
fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// A string XML 1.0 can carry: arbitrary text without the characters it forbids.
pub fn xml_string(u: &mut Unstructured<'_>) -> Result<String> {
    let text: &str = u.arbitrary()?;
    Ok(text.chars().filter(|&c| is_xml_char(c)).collect())
}

/// A non-empty string without whitespace: an item of an `xs:list`, which is split on
/// whitespace and cannot hold an empty item.
pub fn xml_token(u: &mut Unstructured<'_>) -> Result<String> {
    let text = xml_string(u)?;
    let token: String = text.chars().filter(|&c| !is_xml_space(c)).collect();
    Ok(if token.is_empty() {
        "x".to_owned()
    } else {
        token
    })
}

/// Whether `text` is one item of an `xs:list` (non-empty, no whitespace).
pub fn is_list_item(text: &str) -> bool {
    !text.is_empty() && !text.contains(is_xml_space)
}

/// An `f64` that compares equal to itself (not `NaN`; infinities have lexical forms).
pub fn comparable_f64(u: &mut Unstructured<'_>) -> Result<f64> {
    let value: f64 = u.arbitrary()?;
    Ok(if value.is_nan() { 0.0 } else { value })
}

/// An `f32` that compares equal to itself (not `NaN`).
pub fn comparable_f32(u: &mut Unstructured<'_>) -> Result<f32> {
    let value: f32 = u.arbitrary()?;
    Ok(if value.is_nan() { 0.0 } else { value })
}

/// A value of a type override's type (a Rust type a generated field holds in place of its
/// built-in scalar `W`), converted from an arbitrary `W`.
pub fn scalar_into<'a, W: Arbitrary<'a>, T: From<W>>(u: &mut Unstructured<'a>) -> Result<T> {
    W::arbitrary(u).map(T::from)
}

/// [`scalar_into`] for an override of `f64`, from a [`comparable_f64`].
pub fn comparable_f64_into<T: From<f64>>(u: &mut Unstructured<'_>) -> Result<T> {
    comparable_f64(u).map(T::from)
}

/// [`scalar_into`] for an override of `f32`, from a [`comparable_f32`].
pub fn comparable_f32_into<T: From<f32>>(u: &mut Unstructured<'_>) -> Result<T> {
    comparable_f32(u).map(T::from)
}

/// Well-formed element content for an `xs:anyType` element: escaped text, optionally inside
/// one child element.
pub fn xml_content(u: &mut Unstructured<'_>) -> Result<String> {
    let text = escaped(&xml_string(u)?);
    Ok(if u.arbitrary()? {
        format!("<anyContent>{text}</anyContent>")
    } else {
        text
    })
}

/// One well-formed element for an `xs:any` member, in a namespace of its own and with a
/// local name no schema of the corpus uses, so a decoder cannot take it for a declared child.
pub fn xml_element(u: &mut Unstructured<'_>) -> Result<String> {
    let text = escaped(&xml_string(u)?);
    Ok(format!(
        r#"<arbitraryExtension xmlns="urn:soap-runtime:arbitrary">{text}</arbitraryExtension>"#
    ))
}

/// `text` escaped as element content.
fn escaped(text: &str) -> String {
    let mut w = XmlWriter::with_capacity(text.len());
    w.text(text);
    String::from_utf8_lossy(&w.into_bytes()).into_owned()
}

/// A value for an open enumeration's unknown variant: not one of `known` (it would decode as
/// that variant), without surrounding whitespace (the decoder trims) and, for list items,
/// without any whitespace.
pub fn unlisted_value(u: &mut Unstructured<'_>, known: &[&str]) -> Result<String> {
    let mut value = xml_token(u)?;
    while known.contains(&value.as_str()) {
        value.push('~');
    }
    Ok(value)
}

/// Up to [`MAX_ITEMS`] values from `item`, as long as the data says to go on.
pub fn items<'a, T>(
    u: &mut Unstructured<'a>,
    mut item: impl FnMut(&mut Unstructured<'a>) -> Result<T>,
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    while out.len() < MAX_ITEMS && u.arbitrary::<bool>()? {
        match nested(u, &mut item) {
            Some(built) => out.push(built?),
            None => break,
        }
    }
    Ok(out)
}

/// Like [`items`], leaving out each item that `merges` with the one before it: adjacent runs
/// of a repeated alternative of a choice are written as one run of elements, and read back as
/// one item.
pub fn items_apart<'a, T>(
    u: &mut Unstructured<'a>,
    item: impl FnMut(&mut Unstructured<'a>) -> Result<T>,
    merges: impl Fn(&T, &T) -> bool,
) -> Result<Vec<T>> {
    let mut out = items(u, item)?;
    out.dedup_by(|later, earlier| merges(earlier, later));
    Ok(out)
}

/// Like [`items`], with at least one item: a repeated alternative of a choice must write an
/// element for the decoder to see which alternative it is.
pub fn non_empty_items<'a, T>(
    u: &mut Unstructured<'a>,
    mut item: impl FnMut(&mut Unstructured<'a>) -> Result<T>,
) -> Result<Vec<T>> {
    let mut out = vec![item(u)?];
    while out.len() < MAX_ITEMS && u.arbitrary::<bool>()? {
        match nested(u, &mut item) {
            Some(built) => out.push(built?),
            None => break,
        }
    }
    Ok(out)
}

/// `Some` of `value` or `None`, as the data says (always `None` past the nesting limit).
pub fn optional<'a, T>(
    u: &mut Unstructured<'a>,
    value: impl FnOnce(&mut Unstructured<'a>) -> Result<T>,
) -> Result<Option<T>> {
    if !u.arbitrary::<bool>()? {
        return Ok(None);
    }
    nested(u, value).transpose()
}

/// A value that failed the round trip, with what is needed to reproduce it.
#[derive(Debug)]
pub struct RoundTripFailure {
    /// The Rust type.
    pub type_name: &'static str,
    /// How the value was written: `literal`, `SOAP-encoded` or `SOAP-encoded, multiRef`.
    pub form: &'static str,
    /// The seed of the random bytes the value was built from.
    pub seed: u64,
    /// The generated value.
    pub value: String,
    /// The XML it was written as.
    pub written: String,
    /// The value read back (or the decode error), and that value written again.
    pub read_back: String,
}

impl std::fmt::Display for RoundTripFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}, seed {}):\n  value:     {}\n  written:   {}\n  read back: {}",
            self.type_name, self.form, self.seed, self.value, self.written, self.read_back
        )
    }
}

/// Encode → decode round trips of generated types: every value built from seeded random
/// bytes must decode to itself.
pub struct RoundTrip {
    cases: u64,
    namespaces: &'static [(&'static str, &'static str)],
    types: usize,
    values: usize,
    failures: Vec<RoundTripFailure>,
}

/// How a SOAP-encoded round trip writes its values.
#[derive(Clone, Copy, PartialEq, Eq)]
enum EncodedForm {
    /// Every value in place, with its `xsi:type`.
    Inline,
    /// Values with element content in shared `multiRef` elements, reached by `href`.
    MultiRef,
}

/// The root element values are written under; it declares the module's prefixes.
const ROOT: &str = "roundTrip";
/// The element each value is written as.
const VALUE: &str = "value";

impl RoundTrip {
    /// `cases` values per type; `namespaces` are the generated module's `NAMESPACES` (the
    /// prefixes its writers use).
    pub fn new(cases: u64, namespaces: &'static [(&'static str, &'static str)]) -> Self {
        RoundTrip {
            cases,
            namespaces,
            types: 0,
            values: 0,
            failures: Vec::new(),
        }
    }

    /// Checks a type with an element of its own (`write_element`, `read_element`).
    pub fn element<T>(
        &mut self,
        type_name: &'static str,
        write: impl Fn(&T, &mut XmlWriter, &str),
        read: impl for<'x> Fn(&mut XmlReader<'x>, &Element<'x>) -> crate::Result<T>,
    ) where
        T: for<'u> Arbitrary<'u> + PartialEq + Debug,
    {
        self.check(
            type_name,
            |value: &T, w| write(value, w, VALUE),
            |r, element| read(r, element),
        );
    }

    /// Checks a type that SOAP-encoded messages hold, in SOAP encoding: written in encoded
    /// mode (`xsi:type` on every value), then read back as written and, through references,
    /// with every value that has element content moved into a shared `multiRef` (as Axis 1
    /// writes).
    pub fn encoded_element<T>(
        &mut self,
        type_name: &'static str,
        write: impl Fn(&T, &mut XmlWriter, &str),
        read: impl for<'x> Fn(&mut XmlReader<'x>, &Element<'x>) -> crate::Result<T>,
    ) where
        T: for<'u> Arbitrary<'u> + PartialEq + Debug,
    {
        for form in [EncodedForm::Inline, EncodedForm::MultiRef] {
            self.check_in(
                type_name,
                Some(form),
                |value: &T, w| write(value, w, VALUE),
                |r, element| read(r, element),
            );
        }
    }

    /// Checks a group (a nested sequence or choice): its run of children is written inside
    /// the value element and read back with `read_run`.
    pub fn group<T>(
        &mut self,
        type_name: &'static str,
        write: impl Fn(&T, &mut XmlWriter),
        read: impl for<'x> Fn(
            &mut XmlReader<'x>,
            &Element<'x>,
            Element<'x>,
        ) -> crate::Result<(T, Option<Element<'x>>)>,
    ) where
        T: for<'u> Arbitrary<'u> + PartialEq + Debug,
    {
        self.check(
            type_name,
            |value: &T, w| {
                w.start_element(VALUE);
                write(value, w);
                w.end_element(VALUE);
            },
            |r, element| {
                let first = r
                    .next_child(element)?
                    .ok_or_else(|| r.missing(element, "the group's first child"))?;
                let (value, rest) = read(r, element, first)?;
                match rest {
                    None => Ok(value),
                    Some(child) => Err(r.error(crate::DecodeErrorKind::Invalid(format!(
                        "<{}> left after the group",
                        child.local_name()
                    )))),
                }
            },
        );
    }

    fn check<T>(
        &mut self,
        type_name: &'static str,
        write: impl Fn(&T, &mut XmlWriter),
        read: impl for<'x> Fn(&mut XmlReader<'x>, &Element<'x>) -> crate::Result<T>,
    ) where
        T: for<'u> Arbitrary<'u> + PartialEq + Debug,
    {
        self.check_in(type_name, None, write, read);
    }

    /// [`check`](Self::check) in literal XML, or in a SOAP-encoded form.
    fn check_in<T>(
        &mut self,
        type_name: &'static str,
        encoded: Option<EncodedForm>,
        write: impl Fn(&T, &mut XmlWriter),
        read: impl for<'x> Fn(&mut XmlReader<'x>, &Element<'x>) -> crate::Result<T>,
    ) where
        T: for<'u> Arbitrary<'u> + PartialEq + Debug,
    {
        if encoded != Some(EncodedForm::MultiRef) {
            self.types += 1;
        }
        let encode = |value: &T| {
            let mut w = XmlWriter::new();
            match encoded {
                None => {
                    w.start_element(ROOT);
                    for (prefix, namespace) in self.namespaces {
                        w.namespace_declaration(Some(prefix), namespace);
                    }
                }
                Some(_) => {
                    w.start_encoded_document(ROOT, self.namespaces, SoapEncoding::Soap11);
                    w.namespace_declaration(Some("soap"), SoapVersion::Soap11.envelope_namespace());
                }
            }
            write(value, &mut w);
            w.end_document(ROOT);
            let xml = String::from_utf8_lossy(&w.into_bytes()).into_owned();
            match encoded {
                Some(EncodedForm::MultiRef) => {
                    crate::xml::multi_ref::multi_referenced(&xml).unwrap_or(xml)
                }
                _ => xml,
            }
        };
        let decode = |xml: &str| -> crate::Result<T> {
            let mut r = XmlReader::new(xml);
            if encoded.is_some() {
                r.follow_references();
            }
            let root = r.root()?;
            let element = r
                .next_child(&root)?
                .ok_or_else(|| r.missing(&root, VALUE))?;
            let value = read(&mut r, &element)?;
            r.finish()?;
            Ok(value)
        };
        for case in 0..self.cases {
            let seed = seed_of(type_name, case);
            let bytes = random_bytes(seed);
            let Ok(value) = T::arbitrary(&mut Unstructured::new(&bytes)) else {
                continue;
            };
            self.values += 1;
            let written = encode(&value);
            let read_back = match decode(&written) {
                Ok(back) if back == value => continue,
                Ok(back) => format!("{back:?}\n  rewritten: {}", encode(&back)),
                Err(error) => format!("error: {error}"),
            };
            self.failures.push(RoundTripFailure {
                type_name,
                form: match encoded {
                    None => "literal",
                    Some(EncodedForm::Inline) => "SOAP-encoded",
                    Some(EncodedForm::MultiRef) => "SOAP-encoded, multiRef",
                },
                seed,
                value: format!("{value:?}"),
                written,
                read_back,
            });
            // One failure per type is enough to go on.
            return;
        }
    }

    /// Types checked so far.
    pub fn types(&self) -> usize {
        self.types
    }

    /// Values that went through a round trip so far.
    pub fn values(&self) -> usize {
        self.values
    }

    /// The values that did not survive.
    pub fn failures(&self) -> &[RoundTripFailure] {
        &self.failures
    }
}

/// A seed per type and case, stable across runs and platforms (FNV-1a of the name).
fn seed_of(type_name: &str, case: u64) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in type_name.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    hash ^ case.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Up to 1 KiB of bytes from a seed (SplitMix64): the raw material of one value.
pub fn random_bytes(seed: u64) -> Vec<u8> {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let len = 16 + (next() % 1008) as usize;
    let mut bytes = Vec::with_capacity(len + 8);
    while bytes.len() < len {
        bytes.extend_from_slice(&next().to_le_bytes());
    }
    bytes.truncate(len);
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_text_is_xml_and_tokens_have_no_space() {
        for seed in 0..200 {
            let bytes = random_bytes(seed);
            let mut u = Unstructured::new(&bytes);
            let text = xml_string(&mut u).unwrap_or_default();
            assert!(text.chars().all(is_xml_char), "{text:?}");
            let token = xml_token(&mut u).unwrap_or_else(|_| "x".to_owned());
            assert!(is_list_item(&token), "{token:?}");
        }
    }

    #[test]
    fn unlisted_values_avoid_known_ones() {
        let bytes = [0u8; 4];
        let mut u = Unstructured::new(&bytes);
        // Empty data gives the fallback token, which is then known: it must move away.
        let value = unlisted_value(&mut u, &["x", "x~"]).unwrap_or_default();
        assert_eq!(value, "x~~");
    }

    #[test]
    fn a_string_survives_and_a_lossy_type_is_reported() {
        /// Text written trimmed: a value with surrounding spaces does not come back.
        #[derive(Debug, PartialEq)]
        struct Trimmed(String);
        impl<'u> Arbitrary<'u> for Trimmed {
            fn arbitrary(u: &mut Unstructured<'u>) -> Result<Self> {
                Ok(Trimmed(format!(" {} ", xml_token(u)?)))
            }
        }
        let mut check = RoundTrip::new(8, &[]);
        check.element::<String>(
            "String",
            |value, w, name| w.text_element(name, value),
            |r, element| r.read_string(element),
        );
        assert!(check.failures().is_empty(), "{:?}", check.failures());
        check.element::<Trimmed>(
            "Trimmed",
            |value, w, name| w.text_element(name, value.0.trim()),
            |r, element| r.read_string(element).map(Trimmed),
        );
        assert_eq!(check.types(), 2);
        assert_eq!(check.failures().len(), 1);
        let failure = &check.failures()[0];
        assert_eq!(failure.type_name, "Trimmed");
        assert!(failure.written.contains("<value>"), "{failure}");
    }
}
