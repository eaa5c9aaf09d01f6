//! The IR's own words for what a schema or a binding states: occurrence, derivation,
//! facets, and a SOAP operation's style, body use and exchange pattern. The parser records
//! the same values as written.

use serde::Serialize;

/// `minOccurs`/`maxOccurs` of a particle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Occurs {
    /// `minOccurs`.
    pub min: u32,
    /// `maxOccurs`; `None` for `unbounded`.
    pub max: Option<u32>,
}

impl Occurs {
    /// Exactly once, the XML Schema default.
    pub const ONCE: Occurs = Occurs {
        min: 1,
        max: Some(1),
    };

    /// Whether more than one occurrence is allowed.
    pub fn is_repeated(self) -> bool {
        self.max != Some(1) && self.max != Some(0)
    }

    /// Whether the particle may be absent.
    pub fn is_optional(self) -> bool {
        self.min == 0
    }

    /// The occurrence range of a particle nested inside a particle with `outer` occurs.
    pub fn nested_in(self, outer: Occurs) -> Occurs {
        Occurs {
            min: self.min.saturating_mul(outer.min),
            max: match (self.max, outer.max) {
                (Some(a), Some(b)) => Some(a.saturating_mul(b)),
                _ => None,
            },
        }
    }
}

/// `extension` or `restriction`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Derivation {
    /// `xs:extension`: the base's content followed by more.
    Extension,
    /// `xs:restriction`: a subset of the base's values.
    Restriction,
}

/// The message exchange pattern, from the order of `input` and `output`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExchangePattern {
    /// `input` then `output`.
    RequestResponse,
    /// `input` only.
    OneWay,
    /// `output` then `input` (not supported by SOAP bindings).
    SolicitResponse,
    /// `output` only (not supported by SOAP bindings).
    Notification,
}

/// `style` of a SOAP binding or operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    /// document style: body parts are elements.
    Document,
    /// rpc style: an operation wrapper element holds one accessor per part.
    Rpc,
}

/// `use` of a `soap:body`, `soap:header` or `soap:fault`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyUse {
    /// The schema describes the XML exactly.
    Literal,
    /// SOAP encoding (section 5) rules apply.
    Encoded,
}

/// The facets of a restriction other than its enumeration (which becomes a
/// [`TypeKind::Enumeration`](super::TypeKind::Enumeration)): documented on the generated
/// type, not enforced.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// `xs:pattern` values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub patterns: Vec<String>,
    /// Every other facet as (name, value) in document order: `length`, `minInclusive`, …
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bounds: Vec<(String, String)>,
}

impl Facets {
    /// Whether no facet is present.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty() && self.bounds.is_empty()
    }
}
