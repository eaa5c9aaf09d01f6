//! Type roles: which types are nested groups, which anonymous array wrappers fold into the
//! fields holding them, the name of the text field of mixed content (which only types with
//! an element of their own have), and which types SOAP-encoded messages hold.

use std::collections::HashSet;

use crate::ir::{BodyUse, Ir, Member, TypeId, TypeKind, TypeRef, TypeRole, VariantContent};

/// Sets every type's [`TypeRole`] and names the text field of mixed element types.
pub(crate) fn assign_roles(ir: &mut Ir) {
    let flattened = flattened_arrays(ir);
    let groups = group_types(ir);
    for (index, def) in ir.types.iter_mut().enumerate() {
        let id = TypeId(index as u32);
        def.role = if flattened.contains(&id) {
            TypeRole::FlattenedArray
        } else if groups.contains(&id) {
            TypeRole::Group
        } else {
            TypeRole::Element
        };
        if let TypeKind::Struct(s) = &mut def.kind {
            if s.mixed && def.role != TypeRole::Group {
                let mut names = super::field_name_scope(s);
                s.text_rust_name = Some(names.claim(
                    "text".to_owned(),
                    &["text_content".to_owned(), "mixed_text".to_owned()],
                ));
            }
        }
    }
}

/// Marks [`TypeDef::encoded`](crate::ir::TypeDef::encoded) every type whose values a
/// SOAP-encoded body or header holds: the parts' types and, transitively, the types of their
/// members, items and alternatives, and the types derived from them (which may stand in).
pub(crate) fn mark_encoded(ir: &mut Ir) {
    let mut stack: Vec<TypeId> = Vec::new();
    let messages = ir
        .services
        .iter()
        .flat_map(|s| &s.ports)
        .flat_map(|p| &p.operations)
        .flat_map(|o| std::iter::once(&o.input).chain(&o.output));
    for message in messages {
        if message.body_use == BodyUse::Encoded {
            stack.extend(message.body.parts().iter().filter_map(|p| defined(p.ty)));
        }
        stack.extend(
            message
                .headers
                .iter()
                .filter(|h| h.header_use == BodyUse::Encoded)
                .filter_map(|h| defined(h.part.ty)),
        );
    }
    let mut encoded = HashSet::new();
    while let Some(id) = stack.pop() {
        if !encoded.insert(id) {
            continue;
        }
        let element_type = |ty: TypeRef| defined(ty);
        match &ir.ty(id).kind {
            TypeKind::Struct(s) => {
                stack.extend(s.base);
                stack.extend(&s.derived);
                stack.extend(s.members.iter().filter_map(|m| match m {
                    Member::Element(e) => element_type(e.ty),
                    Member::Group(g) => Some(g.ty),
                    Member::Any(_) => None,
                }));
                stack.extend(s.attributes.iter().filter_map(|a| defined(a.ty)));
            }
            TypeKind::Choice(c) => {
                stack.extend(c.variants.iter().filter_map(|v| match &v.content {
                    VariantContent::Element(e) => element_type(e.ty),
                    VariantContent::Group(g) => Some(g.ty),
                    VariantContent::Any(_) => None,
                }))
            }
            TypeKind::SimpleContent(sc) => {
                stack.extend(defined(sc.value));
                stack.extend(sc.attributes.iter().filter_map(|a| defined(a.ty)));
            }
            TypeKind::SoapArray(a) => stack.extend(defined(a.item)),
            TypeKind::Enumeration(_)
            | TypeKind::Restriction(_)
            | TypeKind::List(_)
            | TypeKind::Union(_) => {}
        }
    }
    for id in encoded {
        ir.types[id.0 as usize].encoded = true;
    }
}

fn defined(ty: TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Defined(id) => Some(id),
        TypeRef::Builtin(_) => None,
    }
}

/// The types held by a nested group member or choice alternative.
fn group_types(ir: &Ir) -> HashSet<TypeId> {
    let mut groups = HashSet::new();
    for def in &ir.types {
        match &def.kind {
            TypeKind::Struct(s) => groups.extend(s.members.iter().filter_map(|m| match m {
                Member::Group(g) => Some(g.ty),
                _ => None,
            })),
            TypeKind::Choice(c) => {
                groups.extend(c.variants.iter().filter_map(|v| match &v.content {
                    VariantContent::Group(g) => Some(g.ty),
                    _ => None,
                }))
            }
            _ => {}
        }
    }
    groups
}

/// Anonymous array wrappers held by single element fields, which flatten them into a `Vec`
/// of the items; a wrapper also used elsewhere (a message part, a global element) stays.
fn flattened_arrays(ir: &Ir) -> HashSet<TypeId> {
    let used_directly: HashSet<TypeId> = ir
        .elements
        .iter()
        .filter_map(|e| match e.ty {
            TypeRef::Defined(id) => Some(id),
            TypeRef::Builtin(_) => None,
        })
        .collect();
    ir.element_fields()
        .filter(|field| !field.occurs.is_repeated() && ir.array_wrapper_item(field.ty).is_some())
        .filter_map(|field| match field.ty {
            TypeRef::Defined(id) if !used_directly.contains(&id) => Some(id),
            _ => None,
        })
        .collect()
}
