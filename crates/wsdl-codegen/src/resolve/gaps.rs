//! Gaps: references inside schema types and elements that name nothing.
//!
//! A `type=`, `ref=`, `base=`, attribute type, list item or union member naming a type,
//! element, attribute or group that no schema defines is a recovery: the type (or global
//! element) holding the reference is left out, with every type and element that needs it,
//! transitively, and the anonymous types declared inside them; operations whose messages
//! reach one of them are left out when their parts are resolved. Under strict loading the
//! reference is an error and nothing is left out.
//!
//! Left-out types and elements are removed before names are assigned, and every id is
//! renumbered, so the IR never refers to a type that is not there. The operation filter
//! (`selection`) leaves out what the selected operations do not reach the same way.

use std::collections::{HashMap, HashSet};

use super::{Resolver, TypeSlot};
use crate::ir::{
    Body, ElementField, ElementId, GlobalElement, Member, MessagePart, OperationMessage, Service,
    StructType, TypeId, TypeKind, TypeRef, VariantContent,
};
use crate::qname::QName;
use crate::source::Span;

/// What a reference is read for: a type being completed, or a global element being declared.
#[derive(Clone, Copy)]
pub(super) enum Owner {
    Type(TypeId),
    Element(ElementId),
}

/// A reference that names nothing, and what holds it.
pub(super) struct Gap {
    /// The reference.
    pub(super) span: Span,
    /// What it names and, when known, why that is missing (`unknown type {ns}X`).
    pub(super) message: String,
    /// The type or element holding it.
    owner: Owner,
    /// The same, as a diagnostic names it.
    pub(super) owner_name: String,
}

/// The types and elements left out: by a gap, each with the gap that made it so, or by the
/// operation filter because no selected operation reaches them.
#[derive(Default)]
pub(super) struct LeftOut {
    types: HashMap<TypeId, usize>,
    elements: HashMap<ElementId, usize>,
    unreached_types: HashSet<TypeId>,
    unreached_elements: HashSet<ElementId>,
}

impl LeftOut {
    /// Leaves out types and elements that no selected operation reaches.
    pub(super) fn prune(
        &mut self,
        types: impl IntoIterator<Item = TypeId>,
        elements: impl IntoIterator<Item = ElementId>,
    ) {
        self.unreached_types.extend(types);
        self.unreached_elements.extend(elements);
    }

    fn has_type(&self, id: TypeId) -> bool {
        self.types.contains_key(&id) || self.unreached_types.contains(&id)
    }

    fn has_element(&self, id: ElementId) -> bool {
        self.elements.contains_key(&id) || self.unreached_elements.contains(&id)
    }

    fn is_empty(&self) -> bool {
        self.types.is_empty()
            && self.elements.is_empty()
            && self.unreached_types.is_empty()
            && self.unreached_elements.is_empty()
    }
}

/// A type or element that a type needs.
pub(super) enum Need {
    /// The type it derives from: needed as a base, not in a place where the base's other
    /// derived types may stand.
    Base(TypeId),
    Type(TypeId),
    Element(ElementId),
}

impl<'a> Resolver<'a> {
    /// A reference of `kind` to `name`, read for the type or element on top of the owner
    /// stack, that names nothing: a recovery that leaves the owner out.
    pub(super) fn missing_reference(&mut self, span: Span, kind: &str, name: &QName) {
        let message = self.unknown_reference_message(kind, name);
        let Some(&owner) = self.owners.last() else {
            self.error(span, message);
            return;
        };
        let owner_name = self.describe_owner(owner);
        self.recovery(
            span,
            &message,
            &format!(
                "{owner_name} is left out, with every type and operation that needs it; the \
                 rest of the set is generated"
            ),
        );
        if !self.diagnostics.is_strict() {
            self.gaps.push(Gap {
                span,
                message,
                owner,
                owner_name,
            });
        }
    }

    fn describe_owner(&self, owner: Owner) -> String {
        match owner {
            Owner::Type(id) => {
                let slot = &self.slots[id.0 as usize];
                if slot.anonymous {
                    format!("the anonymous type in {}", slot.xml_name)
                } else {
                    format!("type {}", slot.xml_name)
                }
            }
            Owner::Element(id) => format!("element {}", self.elements[id.0 as usize].xml_name),
        }
    }

    /// Marks what the gaps leave out: their owners, then whatever needs a left-out type or
    /// element or was declared inside one, until nothing changes.
    pub(super) fn leave_out_gaps(&mut self) {
        let mut left_out = LeftOut::default();
        for (index, gap) in self.gaps.iter().enumerate() {
            match gap.owner {
                Owner::Type(id) => left_out.types.entry(id).or_insert(index),
                Owner::Element(id) => left_out.elements.entry(id).or_insert(index),
            };
        }
        if left_out.types.is_empty() && left_out.elements.is_empty() {
            return;
        }
        let cause = |left_out: &LeftOut, owner: Owner| match owner {
            Owner::Type(id) => left_out.types.get(&id).copied(),
            Owner::Element(id) => left_out.elements.get(&id).copied(),
        };
        loop {
            let mut changed = false;
            for (index, element) in self.elements.iter().enumerate() {
                let id = ElementId(index as u32);
                if left_out.elements.contains_key(&id) {
                    continue;
                }
                let needed = match element.ty {
                    TypeRef::Defined(ty) => cause(&left_out, Owner::Type(ty)),
                    TypeRef::Builtin(_) => None,
                };
                let head = element
                    .substitution_group
                    .and_then(|head| cause(&left_out, Owner::Element(head)));
                if let Some(gap) = needed.or(head) {
                    left_out.elements.insert(id, gap);
                    changed = true;
                }
            }
            for (index, slot) in self.slots.iter().enumerate() {
                let id = TypeId(index as u32);
                if left_out.types.contains_key(&id) {
                    continue;
                }
                let declared_in = slot.declared_in.and_then(|o| cause(&left_out, o));
                let needed = slot.kind.as_ref().and_then(|kind| {
                    needs(kind).into_iter().find_map(|need| match need {
                        Need::Type(t) | Need::Base(t) => cause(&left_out, Owner::Type(t)),
                        Need::Element(e) => cause(&left_out, Owner::Element(e)),
                    })
                });
                if let Some(gap) = declared_in.or(needed) {
                    left_out.types.insert(id, gap);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        self.left_out = left_out;
    }

    /// The gap that left out a part's type or element, if any.
    pub(super) fn left_out_gap(&self, element: Option<ElementId>, ty: TypeRef) -> Option<&Gap> {
        let by_element = element.and_then(|e| self.left_out.elements.get(&e));
        let by_type = match ty {
            TypeRef::Defined(id) => self.left_out.types.get(&id),
            TypeRef::Builtin(_) => None,
        };
        by_element.or(by_type).map(|&gap| &self.gaps[gap])
    }

    /// Removes the left-out types and elements and renumbers every id that remains.
    pub(super) fn remove_left_out(&mut self, services: &mut [Service]) {
        if self.left_out.is_empty() {
            return;
        }
        let type_ids = renumbering(self.slots.len(), |i| {
            self.left_out.has_type(TypeId(i as u32))
        });
        let element_ids = renumbering(self.elements.len(), |i| {
            self.left_out.has_element(ElementId(i as u32))
        });
        let ids = Renumbering {
            types: type_ids,
            elements: element_ids,
        };
        let slots = std::mem::take(&mut self.slots);
        self.slots = slots
            .into_iter()
            .enumerate()
            .filter(|(i, _)| ids.types[*i].is_some())
            .map(|(_, mut slot): (usize, TypeSlot<'a>)| {
                if let Some(kind) = &mut slot.kind {
                    ids.kind(kind);
                }
                slot
            })
            .collect();
        let elements = std::mem::take(&mut self.elements);
        self.elements = elements
            .into_iter()
            .enumerate()
            .filter(|(i, _)| ids.elements[*i].is_some())
            .map(|(_, mut element)| {
                ids.element(&mut element);
                element
            })
            .collect();
        for port in services.iter_mut().flat_map(|s| &mut s.ports) {
            for operation in &mut port.operations {
                ids.message(&mut operation.input);
                if let Some(output) = &mut operation.output {
                    ids.message(output);
                }
                for fault in &mut operation.faults {
                    ids.part(&mut fault.part);
                }
            }
        }
    }
}

/// Every type and element a type needs: what its fields, base, items and members hold. Not
/// the types derived from it, which need it, nor the reverse.
pub(super) fn needs(kind: &TypeKind) -> Vec<Need> {
    let base = match kind {
        TypeKind::Struct(s) => s.base,
        TypeKind::SimpleContent(sc) => sc.base,
        _ => None,
    };
    let mut out: Vec<Need> = base.into_iter().map(Need::Base).collect();
    let mut add = |ty: TypeRef| {
        if let TypeRef::Defined(id) = ty {
            out.push(Need::Type(id));
        }
    };
    let mut elements = Vec::new();
    let mut field = |e: &ElementField, add: &mut dyn FnMut(TypeRef)| {
        add(e.ty);
        elements.extend(e.substitutes.iter().chain(&e.substitution_head).copied());
    };
    match kind {
        TypeKind::Struct(s) => {
            for member in &s.members {
                match member {
                    Member::Element(e) => field(e, &mut add),
                    Member::Group(g) => add(TypeRef::Defined(g.ty)),
                    Member::Any(_) => {}
                }
            }
            s.attributes.iter().for_each(|a| add(a.ty));
        }
        TypeKind::Choice(c) => {
            for variant in &c.variants {
                match &variant.content {
                    VariantContent::Element(e) => field(e, &mut add),
                    VariantContent::Group(g) => add(TypeRef::Defined(g.ty)),
                    VariantContent::Any(_) => {}
                }
            }
        }
        TypeKind::SimpleContent(sc) => {
            add(sc.value);
            sc.attributes.iter().for_each(|a| add(a.ty));
        }
        TypeKind::Enumeration(e) => add(e.base),
        TypeKind::Restriction(r) => add(r.base),
        TypeKind::List(l) => add(l.item),
        TypeKind::Union(u) => u.members.iter().for_each(|&m| add(m)),
        TypeKind::SoapArray(a) => add(a.item),
    }
    out.extend(elements.into_iter().map(Need::Element));
    out
}

/// The new index of each of `len` items once those `removed` are gone.
fn renumbering(len: usize, removed: impl Fn(usize) -> bool) -> Vec<Option<u32>> {
    let mut next = 0;
    (0..len)
        .map(|i| {
            (!removed(i)).then(|| {
                next += 1;
                next - 1
            })
        })
        .collect()
}

/// New ids for the types and elements that remain. Whatever remains needs only what remains
/// (see [`Resolver::leave_out_gaps`], and the operation filter's reach, which is closed under
/// [`needs`]); the types derived from a remaining one may be gone.
struct Renumbering {
    types: Vec<Option<u32>>,
    elements: Vec<Option<u32>>,
}

impl Renumbering {
    fn type_id(&self, id: &mut TypeId) {
        *id =
            TypeId(self.types[id.0 as usize].expect("a remaining type needs only remaining types"));
    }

    fn element_id(&self, id: &mut ElementId) {
        *id = ElementId(
            self.elements[id.0 as usize].expect("a remaining type needs only remaining elements"),
        );
    }

    fn type_ref(&self, ty: &mut TypeRef) {
        if let TypeRef::Defined(id) = ty {
            self.type_id(id);
        }
    }

    fn field(&self, field: &mut ElementField) {
        self.type_ref(&mut field.ty);
        field
            .substitutes
            .iter_mut()
            .for_each(|e| self.element_id(e));
        if let Some(head) = &mut field.substitution_head {
            self.element_id(head);
        }
    }

    fn structure(&self, s: &mut StructType) {
        if let Some(base) = &mut s.base {
            self.type_id(base);
        }
        s.derived.retain_mut(|id| match self.types[id.0 as usize] {
            Some(new) => {
                *id = TypeId(new);
                true
            }
            None => false,
        });
        for member in &mut s.members {
            match member {
                Member::Element(e) => self.field(e),
                Member::Group(g) => self.type_id(&mut g.ty),
                Member::Any(_) => {}
            }
        }
        s.attributes
            .iter_mut()
            .for_each(|a| self.type_ref(&mut a.ty));
    }

    fn kind(&self, kind: &mut TypeKind) {
        match kind {
            TypeKind::Struct(s) => self.structure(s),
            TypeKind::Choice(c) => {
                for variant in &mut c.variants {
                    match &mut variant.content {
                        VariantContent::Element(e) => self.field(e),
                        VariantContent::Group(g) => self.type_id(&mut g.ty),
                        VariantContent::Any(_) => {}
                    }
                }
            }
            TypeKind::SimpleContent(sc) => {
                self.type_ref(&mut sc.value);
                if let Some(base) = &mut sc.base {
                    self.type_id(base);
                }
                sc.attributes
                    .iter_mut()
                    .for_each(|a| self.type_ref(&mut a.ty));
            }
            TypeKind::Enumeration(e) => self.type_ref(&mut e.base),
            TypeKind::Restriction(r) => self.type_ref(&mut r.base),
            TypeKind::List(l) => self.type_ref(&mut l.item),
            TypeKind::Union(u) => u.members.iter_mut().for_each(|m| self.type_ref(m)),
            TypeKind::SoapArray(a) => self.type_ref(&mut a.item),
        }
    }

    fn element(&self, element: &mut GlobalElement) {
        self.type_ref(&mut element.ty);
        if let Some(head) = &mut element.substitution_group {
            self.element_id(head);
        }
    }

    fn part(&self, part: &mut MessagePart) {
        self.type_ref(&mut part.ty);
        if let Some(element) = &mut part.element {
            self.element_id(element);
        }
    }

    fn message(&self, message: &mut OperationMessage) {
        match &mut message.body {
            Body::Wrapped { part } => self.part(part),
            Body::Bare { parts } | Body::Rpc { parts, .. } => {
                parts.iter_mut().for_each(|p| self.part(p))
            }
        }
        message
            .headers
            .iter_mut()
            .for_each(|h| self.part(&mut h.part));
    }
}
