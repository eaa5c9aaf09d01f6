//! Which structs derive `Default`, and which take their fields in a constructor instead (the
//! rule is documented on [`StructType::default`]).
//!
//! A struct's default depends on the defaults of the structs it holds, recursion included.
//! The answer is the least fixed point: no struct has a default until all its fields are shown
//! to have one, so a struct that holds itself (boxed, required) never gets a `Default` that
//! would recurse forever, while one that holds itself in an `Option` or a `Vec` does.

use crate::ir::{
    AttributeField, ElementField, FieldContainer, Ir, Member, StructType, TypeId, TypeKind, TypeRef,
};

/// Sets [`StructType::default`] on every struct whose fields all have a default, and
/// [`StructType::constructor`] on every other struct with some fields that have one.
pub(crate) fn mark_defaults(ir: &mut Ir) {
    let mut has_default = vec![false; ir.types.len()];
    loop {
        let mut changed = false;
        for index in 0..ir.types.len() {
            if has_default[index] {
                continue;
            }
            if let TypeKind::Struct(s) = &ir.types[index].kind {
                if struct_has_default(ir, TypeId(index as u32), s, &has_default) {
                    has_default[index] = true;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let constructors: Vec<Option<Vec<String>>> = ir
        .types
        .iter()
        .zip(&has_default)
        .map(|(def, &derives)| match &def.kind {
            TypeKind::Struct(s) if !derives => constructor(ir, s, &has_default),
            _ => None,
        })
        .collect();
    for ((def, has_default), constructor) in ir.types.iter_mut().zip(has_default).zip(constructors)
    {
        if let TypeKind::Struct(s) = &mut def.kind {
            s.default = has_default;
            s.constructor = constructor;
        }
    }
}

/// The Rust names of the fields a struct without `Default` takes in `new`: those without a
/// default, when some others have one (otherwise the struct literal names exactly the same)
/// and there is at least one (an abstract struct whose fields all have defaults gets none).
fn constructor(ir: &Ir, s: &StructType, has_default: &[bool]) -> Option<Vec<String>> {
    let mut taken = Vec::new();
    let mut defaulted = 0;
    if let (Some(base), Some(field)) = (s.base, &s.base_field) {
        if has_default[base.0 as usize] {
            defaulted += 1;
        } else {
            taken.push(field.clone());
        }
    }
    for member in &s.members {
        let (name, default) = match member {
            Member::Element(field) if matches!(field.container, FieldContainer::SizeOf { .. }) => {
                continue;
            }
            Member::Element(field) => (
                &field.rust_name,
                element_has_default(ir, field, has_default),
            ),
            Member::Group(group) => (
                &group.rust_name,
                group.occurs.is_optional()
                    || group.occurs.is_repeated()
                    || has_default[group.ty.0 as usize],
            ),
            Member::Any(any) => (&any.rust_name, true),
        };
        if default {
            defaulted += 1;
        } else {
            taken.push(name.clone());
        }
    }
    for attribute in &s.attributes {
        if attribute_has_default(ir, attribute, has_default) {
            defaulted += 1;
        } else {
            taken.push(attribute.rust_name.clone());
        }
    }
    // Mixed content's text runs start empty.
    if s.text_rust_name.is_some() {
        defaulted += 1;
    }
    (defaulted > 0 && !taken.is_empty()).then_some(taken)
}

fn struct_has_default(ir: &Ir, id: TypeId, s: &StructType, has_default: &[bool]) -> bool {
    // An abstract type's value never goes on the wire as it is, but the members it gives a
    // type that holds them in a field ([`StructType::base_field`]) do.
    if s.is_abstract && !ir.is_composed_base(id) {
        return false;
    }
    if let (Some(base), Some(_)) = (s.base, &s.base_field) {
        if !has_default[base.0 as usize] {
            return false;
        }
    }
    let members = s.members.iter().all(|member| match member {
        Member::Element(field) => element_has_default(ir, field, has_default),
        Member::Group(group) => {
            group.occurs.is_optional()
                || group.occurs.is_repeated()
                || has_default[group.ty.0 as usize]
        }
        // Raw XML: an empty `String`, `None` or an empty `Vec`.
        Member::Any(_) => true,
    });
    members
        && s.attributes
            .iter()
            .all(|attribute| attribute_has_default(ir, attribute, has_default))
}

/// Whether an element field has a default value (see [`StructType::default`]).
fn element_has_default(ir: &Ir, field: &ElementField, has_default: &[bool]) -> bool {
    match field.container {
        FieldContainer::Optional { .. }
        | FieldContainer::Many
        | FieldContainer::FlattenedArray
        | FieldContainer::SizeOf { .. } => true,
        FieldContainer::One => {
            if field.default.is_some() || field.fixed.is_some() {
                return false;
            }
            if field.substitution_head.is_some() {
                return false;
            }
            match &field.rust_type {
                Some(rust_type) => rust_type.default,
                None => type_has_default(ir, field.ty, has_default),
            }
        }
    }
}

fn attribute_has_default(ir: &Ir, attribute: &AttributeField, has_default: &[bool]) -> bool {
    !attribute.required
        || (attribute.default.is_none()
            && attribute.fixed.is_none()
            && type_has_default(ir, attribute.ty, has_default))
}

/// Whether a value of `ty`, held once, has a default: built-in types map to numbers,
/// booleans and strings (all with one); defined types only when they are structs known to
/// derive `Default` and not held through a polymorphic sum type.
fn type_has_default(ir: &Ir, ty: TypeRef, has_default: &[bool]) -> bool {
    match ty {
        TypeRef::Builtin(_) => true,
        TypeRef::Defined(id) => match &ir.ty(id).kind {
            TypeKind::Struct(s) => s.sum_rust_name.is_none() && has_default[id.0 as usize],
            _ => false,
        },
    }
}
