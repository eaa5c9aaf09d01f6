//! The raw model: WSDL 1.1 and XML Schema as written, names already expanded
//! to [`QName`]s, every construct with the [`Span`] it came from.
//!
//! Nothing here is resolved: references are names, not links. The resolver
//! turns this into the IR.

pub(crate) mod wsdl;
pub(crate) mod xsd;

pub(crate) use wsdl::*;
pub(crate) use xsd::*;

use crate::qname::QName;
use crate::source::Span;

/// A reference by name, with the place it was written.
#[derive(Clone, Debug)]
pub(crate) struct NameRef {
    pub name: QName,
    pub span: Span,
    /// For an unprefixed name inside a schema whose target namespace differs from the
    /// default namespace in scope: the same local name in the target namespace. Some
    /// generators write such names meaning the schema's own types.
    pub unprefixed_fallback: Option<QName>,
}

/// `minOccurs`/`maxOccurs` of a particle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
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
