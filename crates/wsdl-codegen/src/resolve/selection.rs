//! The operation filter (see [`OperationFilter`]): the services keep the selected operations,
//! and when that drops any, only the types and global elements the remaining operations reach
//! stay. They are removed with the types that gaps leave out ([`Resolver::remove_left_out`]),
//! so ids are renumbered once.

use std::collections::{BTreeSet, HashSet};

use super::Resolver;
use super::gaps::{Need, needs};
use crate::filter::OperationFilter;
use crate::ir::{ElementId, MessagePart, Operation, Service, TypeId, TypeKind, TypeRef};

/// How many names an error lists before it says how many more there are.
const LISTED_NAMES: usize = 12;

impl Resolver<'_> {
    /// Keeps the operations and ports `filter` selects, and marks what they do not reach as
    /// left out. A selector that matches nothing is an error.
    pub(super) fn select_operations(
        &mut self,
        services: &mut Vec<Service>,
        filter: &OperationFilter,
    ) {
        if filter.is_empty() {
            return;
        }
        let before = operation_count(services);
        if !filter.ports.is_empty() {
            let existing: BTreeSet<&str> = services
                .iter()
                .flat_map(|s| &s.ports)
                .map(|p| p.name.as_str())
                .collect();
            let unknown = unmatched(&filter.ports, &existing);
            if !unknown.is_empty() {
                self.diagnostics.error(
                    None,
                    format!(
                        "the operation filter selects {}, which no SOAP port of the set is \
                         named; its ports: {}",
                        quoted("port", &unknown, &existing),
                        listing(&existing)
                    ),
                );
                return;
            }
            for service in services.iter_mut() {
                service.ports.retain(|p| filter.ports.contains(&p.name));
            }
        }
        if !filter.operations.is_empty() {
            let existing: BTreeSet<&str> = services
                .iter()
                .flat_map(|s| &s.ports)
                .flat_map(|p| &p.operations)
                .map(|o| o.name.as_str())
                .collect();
            let unknown = unmatched(&filter.operations, &existing);
            if !unknown.is_empty() {
                let place = if filter.ports.is_empty() {
                    "no port of the set has".to_owned()
                } else {
                    format!("no selected port ({}) has", filter.ports.join(", "))
                };
                self.diagnostics.error(
                    None,
                    format!(
                        "the operation filter selects {}, which {place}; its operations: {}",
                        quoted("operation", &unknown, &existing),
                        listing(&existing)
                    ),
                );
                return;
            }
            for port in services.iter_mut().flat_map(|s| &mut s.ports) {
                port.operations
                    .retain(|o| filter.operations.contains(&o.name));
            }
        }
        for service in services.iter_mut() {
            service.ports.retain(|p| !p.operations.is_empty());
        }
        services.retain(|s| !s.ports.is_empty());
        let kept = operation_count(services);
        if kept == before {
            // Everything selected: the set is generated as without a filter.
            return;
        }
        let (types, elements) = self.reachable(services);
        let types_before = self.slots.len();
        let elements_before = self.elements.len();
        self.left_out.prune(
            (0..types_before as u32)
                .map(TypeId)
                .filter(|id| !types.contains(id)),
            (0..elements_before as u32)
                .map(ElementId)
                .filter(|id| !elements.contains(id)),
        );
        self.diagnostics.note(
            None,
            format!(
                "the operation filter ({filter}) keeps {kept} of {before} operations, {} of \
                 {types_before} types and {} of {elements_before} global elements",
                types.len(),
                elements.len()
            ),
        );
    }

    /// The types and global elements that `services`' operations reach (see
    /// [`OperationFilter`]): what their parts need, transitively, with the substitution group
    /// head of a reached element and the types derived from a struct reached where a value
    /// of it is declared (a part, field, item, …), since any of them may stand there. A type
    /// reached only as the base of another does not bring its other derived types: they
    /// cannot appear where only that other one is declared. (Otherwise the request base
    /// that every request type of an AXL-like set extends would bring every request.)
    fn reachable(&self, services: &[Service]) -> (HashSet<TypeId>, HashSet<ElementId>) {
        let mut types = HashSet::new();
        // The types reached where a value of theirs is declared.
        let mut declared = HashSet::new();
        let mut elements = HashSet::new();
        let mut queue: Vec<Need> = Vec::new();
        let parts = services
            .iter()
            .flat_map(|s| &s.ports)
            .flat_map(|p| &p.operations)
            .flat_map(operation_parts);
        for part in parts {
            if let TypeRef::Defined(id) = part.ty {
                queue.push(Need::Type(id));
            }
            queue.extend(part.element.map(Need::Element));
        }
        while let Some(need) = queue.pop() {
            match need {
                Need::Type(id) | Need::Base(id) => {
                    let kind = self.slots[id.0 as usize].kind.as_ref();
                    if types.insert(id) {
                        queue.extend(kind.map(needs).unwrap_or_default());
                    }
                    if matches!(need, Need::Type(_)) && declared.insert(id) {
                        if let Some(TypeKind::Struct(s)) = kind {
                            queue.extend(s.derived.iter().copied().map(Need::Type));
                        }
                    }
                }
                Need::Element(id) => {
                    if !elements.insert(id) {
                        continue;
                    }
                    let element = &self.elements[id.0 as usize];
                    if let TypeRef::Defined(ty) = element.ty {
                        queue.push(Need::Type(ty));
                    }
                    queue.extend(element.substitution_group.map(Need::Element));
                }
            }
        }
        (types, elements)
    }
}

/// Every part of an operation: the request's and the response's body parts and headers, and
/// the faults' details.
pub(super) fn operation_parts(operation: &Operation) -> impl Iterator<Item = &MessagePart> {
    let messages = std::iter::once(&operation.input).chain(&operation.output);
    messages
        .flat_map(|m| {
            m.body
                .parts()
                .iter()
                .chain(m.headers.iter().map(|h| &h.part))
        })
        .chain(operation.faults.iter().map(|f| &f.part))
}

fn operation_count(services: &[Service]) -> usize {
    services
        .iter()
        .flat_map(|s| &s.ports)
        .map(|p| p.operations.len())
        .sum()
}

/// The names of `selected` that are not in `existing`, in the order given.
fn unmatched<'a>(selected: &'a [String], existing: &BTreeSet<&str>) -> Vec<&'a str> {
    selected
        .iter()
        .map(String::as_str)
        .filter(|name| !existing.contains(name))
        .collect()
}

/// `port `A`` or `ports `A`, `B``; a name that differs from an existing one only in case
/// says so, since names match case-sensitively.
fn quoted(kind: &str, names: &[&str], existing: &BTreeSet<&str>) -> String {
    let plural = if names.len() == 1 { "" } else { "s" };
    let names: Vec<String> = names
        .iter()
        .map(
            |name| match existing.iter().find(|e| e.eq_ignore_ascii_case(name)) {
                Some(near) => format!("`{name}` (names match case-sensitively: `{near}`?)"),
                None => format!("`{name}`"),
            },
        )
        .collect();
    format!("{kind}{plural} {}", names.join(", "))
}

/// The first names in order, then how many more there are; `none` for no name.
fn listing(names: &BTreeSet<&str>) -> String {
    if names.is_empty() {
        return "none".to_owned();
    }
    let mut text = names
        .iter()
        .copied()
        .take(LISTED_NAMES)
        .collect::<Vec<_>>()
        .join(", ");
    let more = names.len().saturating_sub(LISTED_NAMES);
    if more > 0 {
        text.push_str(&format!(" and {more} more"));
    }
    text
}
