//! XSD lexical forms of the scalar types generated code uses.

/// A Rust scalar with an XSD lexical form: written by [`XmlWriter::scalar_element`] and parsed by
/// [`XmlReader::read_scalar`].
///
/// Implemented for the integer types, `f32`/`f64` (`INF`, `-INF`, `NaN`), `bool` (`true`/`false`
/// written; `true`/`false`/`1`/`0` read) and strings.
///
/// [`XmlWriter::scalar_element`]: super::XmlWriter::scalar_element
/// [`XmlReader::read_scalar`]: super::XmlReader::read_scalar
pub trait XmlScalar: Sized {
    /// The XSD type name used in error messages, e.g. `xs:int`.
    const XSD_TYPE: &'static str;

    /// Appends the lexical form, XML-escaped where the type needs it.
    fn write_lexical(&self, out: &mut Vec<u8>);

    /// Parses the lexical form (whitespace around numbers and booleans is ignored, per the XSD
    /// `whiteSpace="collapse"` facet). Returns `None` for an invalid form; the reader turns that
    /// into a decode error with the element path.
    fn parse_lexical(text: &str) -> Option<Self>;
}

macro_rules! integer_scalar {
    ($($ty:ty => $xsd:literal),* $(,)?) => {$(
        impl XmlScalar for $ty {
            const XSD_TYPE: &'static str = $xsd;

            #[inline]
            fn write_lexical(&self, out: &mut Vec<u8>) {
                let mut buf = itoa::Buffer::new();
                out.extend_from_slice(buf.format(*self).as_bytes());
            }

            #[inline]
            fn parse_lexical(text: &str) -> Option<Self> {
                trim_xml_space(text).parse().ok()
            }
        }
    )*};
}

integer_scalar! {
    i8 => "xs:byte",
    i16 => "xs:short",
    i32 => "xs:int",
    i64 => "xs:long",
    u8 => "xs:unsignedByte",
    u16 => "xs:unsignedShort",
    u32 => "xs:unsignedInt",
    u64 => "xs:unsignedLong",
}

macro_rules! float_scalar {
    ($($ty:ty => $xsd:literal),* $(,)?) => {$(
        impl XmlScalar for $ty {
            const XSD_TYPE: &'static str = $xsd;

            #[inline]
            fn write_lexical(&self, out: &mut Vec<u8>) {
                if self.is_nan() {
                    out.extend_from_slice(b"NaN");
                } else if self.is_infinite() {
                    out.extend_from_slice(if *self > 0.0 { b"INF" } else { b"-INF" });
                } else {
                    let mut buf = ryu::Buffer::new();
                    out.extend_from_slice(buf.format_finite(*self).as_bytes());
                }
            }

            #[inline]
            fn parse_lexical(text: &str) -> Option<Self> {
                let t = trim_xml_space(text);
                match t {
                    "INF" | "+INF" => Some(<$ty>::INFINITY),
                    "-INF" => Some(<$ty>::NEG_INFINITY),
                    "NaN" => Some(<$ty>::NAN),
                    // Rust also accepts `inf`, `nan`, `infinity`: XSD does not.
                    _ if t.bytes().all(|b| matches!(b, b'0'..=b'9' | b'+' | b'-' | b'.' | b'e' | b'E'))
                        && t.bytes().any(|b| b.is_ascii_digit()) => t.parse().ok(),
                    _ => None,
                }
            }
        }
    )*};
}

float_scalar! {
    f32 => "xs:float",
    f64 => "xs:double",
}

impl XmlScalar for bool {
    const XSD_TYPE: &'static str = "xs:boolean";

    #[inline]
    fn write_lexical(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
    }

    #[inline]
    fn parse_lexical(text: &str) -> Option<Self> {
        match trim_xml_space(text) {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        }
    }
}

impl XmlScalar for String {
    const XSD_TYPE: &'static str = "xs:string";

    #[inline]
    fn write_lexical(&self, out: &mut Vec<u8>) {
        escape_text_into(self, out);
    }

    #[inline]
    fn parse_lexical(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
}

/// `text` without XML whitespace (not Unicode's) at either end; a byte scan, the whitespace
/// being ASCII.
#[inline]
fn trim_xml_space(text: &str) -> &str {
    let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let bytes = text.as_bytes();
    let start = bytes
        .iter()
        .position(|b| !is_space(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !is_space(b))
        .map_or(start, |i| i + 1);
    text.get(start..end).unwrap_or(text)
}

/// Appends `text` escaped for element content: `&`, `<`, `>` and `\r` (as `&#13;`, so that a
/// carriage return survives the reader's line-end normalisation).
#[inline]
pub(crate) fn escape_text_into(text: &str, out: &mut Vec<u8>) {
    escape_into(text, out, |b| matches!(b, b'&' | b'<' | b'>' | b'\r'));
}

/// Appends `text` escaped for a double-quoted attribute value (also `"`, tab and newlines, which
/// attribute-value normalisation would otherwise turn into spaces).
#[inline]
pub(crate) fn escape_attribute_into(text: &str, out: &mut Vec<u8>) {
    escape_into(text, out, |b| {
        matches!(b, b'&' | b'<' | b'>' | b'"' | b'\r' | b'\n' | b'\t')
    });
}

#[inline]
fn escape_into(text: &str, out: &mut Vec<u8>, needs_escape: impl Fn(u8) -> bool) {
    let bytes = text.as_bytes();
    let mut clean_from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if needs_escape(b) {
            out.extend_from_slice(&bytes[clean_from..i]);
            out.extend_from_slice(match b {
                b'&' => b"&amp;",
                b'<' => b"&lt;",
                b'>' => b"&gt;",
                b'"' => b"&quot;",
                b'\r' => b"&#13;",
                b'\n' => b"&#10;",
                _ => b"&#9;",
            });
            clean_from = i + 1;
        }
    }
    out.extend_from_slice(&bytes[clean_from..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse<T: XmlScalar>(s: &str) -> Option<T> {
        T::parse_lexical(s)
    }

    fn write<T: XmlScalar>(v: T) -> String {
        let mut out = Vec::new();
        v.write_lexical(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn doubles_use_xsd_special_values() {
        assert_eq!(write(f64::INFINITY), "INF");
        assert_eq!(write(f64::NEG_INFINITY), "-INF");
        assert_eq!(write(f64::NAN), "NaN");
        assert_eq!(write(1.5f64), "1.5");
        assert_eq!(parse::<f64>(" -INF "), Some(f64::NEG_INFINITY));
        assert!(parse::<f64>("NaN").is_some_and(f64::is_nan));
        assert_eq!(parse::<f64>("1e3"), Some(1000.0));
        assert_eq!(parse::<f64>(".5"), Some(0.5));
        assert_eq!(parse::<f64>("inf"), None);
        assert_eq!(parse::<f64>("nan"), None);
        assert_eq!(parse::<f64>(""), None);
        assert_eq!(parse::<f64>("1,5"), None);
    }

    #[test]
    fn booleans_accept_digits() {
        assert_eq!(parse::<bool>("1"), Some(true));
        assert_eq!(parse::<bool>("0"), Some(false));
        assert_eq!(parse::<bool>(" true\n"), Some(true));
        assert_eq!(parse::<bool>("TRUE"), None);
        assert_eq!(write(true), "true");
    }

    #[test]
    fn integers_reject_overflow_and_garbage() {
        assert_eq!(parse::<i32>(" +42 "), Some(42));
        assert_eq!(parse::<i32>("2147483648"), None);
        assert_eq!(parse::<u32>("-1"), None);
        assert_eq!(parse::<i64>("12a"), None);
        assert_eq!(write(-17i64), "-17");
    }

    #[test]
    fn escaping() {
        let mut out = Vec::new();
        escape_text_into("a<b>&\"c\r", &mut out);
        assert_eq!(out, b"a&lt;b&gt;&amp;\"c&#13;");
        out.clear();
        escape_attribute_into("x\"y\n", &mut out);
        assert_eq!(out, b"x&quot;y&#10;");
    }
}
