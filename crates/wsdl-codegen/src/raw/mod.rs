//! The raw model: WSDL 1.1 and XML Schema as written, names already expanded
//! to [`QName`]s, every construct with the [`Span`] it came from.
//!
//! Nothing here is resolved: references are names, not links. The resolver
//! turns this into the IR.

pub(crate) mod wsdl;
pub(crate) mod xsd;

pub(crate) use wsdl::*;
pub(crate) use xsd::*;

// Values the raw model records as written, in the IR's own words.
pub(crate) use crate::ir::{BodyUse, Derivation, ExchangePattern, Occurs, Style};
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
