//! Applies [`TypeOverrides`] to the fields of a resolved set (see [`crate::overrides`]).

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::Diagnostics;
use crate::emit::shape::Scalar;
use crate::ir::{FieldContainer, Ir, Member, RustType, StructType, TypeId, TypeKind, TypeRef};
use crate::naming::NameScope;
use crate::overrides::TypeOverrides;
use crate::qname::QName;

/// Gives every struct field a selector matches its rule's Rust type. A match on a field that
/// does not hold a built-in scalar, and a second rule for one field, are errors at the
/// selector.
pub(crate) fn apply(
    ir: &mut Ir,
    overrides: &TypeOverrides,
    type_names: &NameScope,
    diagnostics: &mut Diagnostics,
) {
    if overrides.is_empty() {
        return;
    }
    let mut assignments: Vec<(TypeId, usize, RustType)> = Vec::new();
    for (index, def) in ir.types.iter().enumerate() {
        let TypeKind::Struct(s) = &def.kind else {
            continue;
        };
        let id = TypeId(index as u32);
        for (position, member) in s.members.iter().enumerate() {
            let Member::Element(field) = member else {
                continue;
            };
            if matches!(field.container, FieldContainer::SizeOf { .. }) {
                continue;
            }
            // A field holding an ATL array gets the type for its items.
            let held = match field.container {
                FieldContainer::FlattenedArray => ir.array_wrapper_item(field.ty).map(|i| i.ty),
                _ => Some(field.ty),
            };
            let Some(held) = held else {
                continue;
            };
            let owners = owners(ir, id, field.inherited);
            let mut chosen: Option<(&str, &str)> = None;
            for (selector_index, selector, rust, default) in overrides.selectors() {
                if !owners
                    .iter()
                    .any(|owner| selector.what.matches(owner, &field.xml_name, held))
                {
                    continue;
                }
                let place = format!("{}/{}", def.xml_name, field.xml_name.local);
                let scalar = match held {
                    TypeRef::Builtin(builtin) => Scalar::of(builtin).is_some(),
                    TypeRef::Defined(_) => false,
                };
                if !scalar || field.substitution_head.is_some() {
                    diagnostics.error(
                        Some(selector.location.clone()),
                        format!(
                            "`{}` matches `{place}`, which holds {}: an override replaces a \
                             number or a boolean",
                            selector.text,
                            type_label(ir, held)
                        ),
                    );
                    continue;
                }
                if let Some((other, other_rust)) = chosen {
                    diagnostics.error(
                        Some(selector.location.clone()),
                        format!(
                            "`{}` gives `{place}` the type `{rust}`, which `{other}` already \
                             gives `{other_rust}`",
                            selector.text
                        ),
                    );
                    continue;
                }
                chosen = Some((&selector.text, rust));
                assignments.push((
                    id,
                    position,
                    RustType {
                        path: rust.to_owned(),
                        name: String::new(),
                        default,
                        selector: selector_index,
                    },
                ));
            }
        }
    }
    let names = module_names(
        assignments
            .iter()
            .map(|(.., rust_type)| rust_type.path.as_str()),
        type_names,
    );
    for (id, position, mut rust_type) in assignments {
        rust_type.name = names
            .get(&rust_type.path)
            .cloned()
            .unwrap_or_else(|| rust_type.path.clone());
        if let TypeKind::Struct(s) = &mut ir.types[id.0 as usize].kind {
            if let Some(Member::Element(field)) = s.members.get_mut(position) {
                field.rust_type = Some(Box::new(rust_type));
            }
        }
    }
}

/// How the module names each overriding type: by its last segment where that names nothing
/// else in the module (no type of the module, no other override), else by its whole path.
fn module_names<'a>(
    paths: impl Iterator<Item = &'a str>,
    type_names: &NameScope,
) -> BTreeMap<String, String> {
    let paths: BTreeSet<&str> = paths.collect();
    let last = |path: &'a str| path.rsplit("::").next().unwrap_or(path);
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    for &path in &paths {
        *uses.entry(last(path)).or_default() += 1;
    }
    paths
        .into_iter()
        .map(|path| {
            let name = last(path);
            let unique = uses.get(name) == Some(&1) && !type_names.is_taken(name);
            let written = if unique && path.contains("::") {
                name
            } else {
                path
            };
            (path.to_owned(), written.to_owned())
        })
        .collect()
}

/// The names a field of `id` is selected by: the type's, and for an inherited field its
/// ancestors' too (the field is declared in one of them).
fn owners(ir: &Ir, id: TypeId, inherited: bool) -> Vec<&QName> {
    let mut owners = vec![&ir.ty(id).xml_name];
    if !inherited {
        return owners;
    }
    let mut current = id;
    while let TypeKind::Struct(StructType {
        base: Some(base), ..
    }) = &ir.ty(current).kind
    {
        if owners.contains(&&ir.ty(*base).xml_name) {
            break;
        }
        owners.push(&ir.ty(*base).xml_name);
        current = *base;
    }
    owners
}

fn type_label(ir: &Ir, ty: TypeRef) -> String {
    match ty {
        TypeRef::Builtin(builtin) => format!("`xs:{}`", builtin.xsd_name()),
        TypeRef::Defined(id) => format!("`{}`", ir.ty(id).xml_name),
    }
}
