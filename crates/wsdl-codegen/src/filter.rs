//! The operation filter: generating a few operations of a large WSDL set, and only the types
//! they use (see [`OperationFilter`]).

use std::fmt;

/// Which operations of a WSDL set to generate ([`crate::LoadOptions::filter`]).
///
/// Names are local names (no namespace, no prefix), matched exactly and case-sensitively, as
/// XML compares them. An empty list selects everything of its kind:
///
/// - `operations`: the operations kept, in every selected port that has them (a portType's
///   operation is bound by each port of a SOAP 1.1 and a SOAP 1.2 binding, say);
/// - `ports`: the `wsdl:port`s kept, by name; a port's binding and service stay with it.
///
/// Ports left without operations, and services left without ports, are dropped. When
/// something was dropped, so is every type and global element that no remaining operation
/// reaches through its body parts, SOAP headers or fault details, transitively through
/// fields, attributes, bases, list items, union members and substitution groups; a type
/// derived from a reachable one stays, since a response may carry it in the base's place
/// (`xsi:type`). Attribute and model groups are expanded into the types that use them, so
/// they go with those. A filter that keeps every operation changes nothing (types no
/// operation uses stay too), as without a filter.
///
/// A name that selects nothing is an error that names it and lists what there is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OperationFilter {
    /// Operation names (`wsdl:operation/@name`); empty for every operation.
    pub operations: Vec<String>,
    /// Port names (`wsdl:port/@name`); empty for every port.
    pub ports: Vec<String>,
}

impl OperationFilter {
    /// Whether the filter selects everything: no operation or port named.
    pub fn is_empty(&self) -> bool {
        self.operations.is_empty() && self.ports.is_empty()
    }

    /// How generated code names its source ([`crate::EmitOptions::source`]): `source`, then
    /// the selection in parentheses unless it is everything (`` `AXLAPI.wsdl` (operations
    /// getPhone, listPhone) ``), so a pruned module says it is one.
    pub fn describe_source(&self, source: &str) -> String {
        if self.is_empty() {
            source.to_owned()
        } else {
            format!("{source} ({self})")
        }
    }
}

impl fmt::Display for OperationFilter {
    /// `operations A, B in ports P`, for messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut written = false;
        if !self.operations.is_empty() {
            write!(f, "operations {}", self.operations.join(", "))?;
            written = true;
        }
        if !self.ports.is_empty() {
            let joiner = if written { " in " } else { "" };
            write!(f, "{joiner}ports {}", self.ports.join(", "))?;
            written = true;
        }
        if !written {
            f.write_str("every operation")?;
        }
        Ok(())
    }
}
