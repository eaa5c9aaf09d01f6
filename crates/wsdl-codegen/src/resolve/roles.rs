//! Type roles: which types are nested groups, which anonymous array wrappers fold into the
//! fields holding them, and the name of the text field of mixed content (which only types
//! with an element of their own have).

use std::collections::HashSet;

use crate::ir::{Ir, Member, TypeId, TypeKind, TypeRef, TypeRole, VariantContent};
use crate::naming::NameScope;

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
                let mut names = NameScope::default();
                s.members.iter().for_each(|m| names.reserve(m.rust_name()));
                s.attributes
                    .iter()
                    .for_each(|a| names.reserve(&a.rust_name));
                s.text_rust_name = Some(names.claim(
                    "text".to_owned(),
                    &["text_content".to_owned(), "mixed_text".to_owned()],
                ));
            }
        }
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
