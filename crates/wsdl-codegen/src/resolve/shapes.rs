//! Field containers: how each element field holds its values in Rust (one, `Option`, `Vec`,
//! the items of a flattened array wrapper, or no field at all for an ATL size companion), and
//! whether its value is boxed, decided once for every emitter.

use crate::builtin::BuiltinType;
use crate::ir::{ElementField, FieldContainer, Ir, Member, TypeKind, TypeRef, VariantContent};

/// Sets the container of every element field and settles its boxing (after recursion).
pub(crate) fn assign_containers(ir: &mut Ir) {
    let containers: Vec<Vec<FieldContainer>> = ir
        .types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(s) => {
                let elements = s.members.iter().filter_map(|m| match m {
                    Member::Element(e) => Some(e),
                    _ => None,
                });
                let own: Vec<FieldContainer> = elements.clone().map(|e| container(ir, e)).collect();
                elements
                    .zip(&own)
                    .map(|(field, container)| {
                        size_companion(ir, field, elements_with(&s.members, &own))
                            .unwrap_or_else(|| container.clone())
                    })
                    .collect()
            }
            // A chosen alternative is there: an optional element holds one value.
            TypeKind::Choice(c) => c
                .variants
                .iter()
                .filter_map(|v| match &v.content {
                    VariantContent::Element(e) => Some(match container(ir, e) {
                        FieldContainer::Optional { .. } => FieldContainer::One,
                        other => other,
                    }),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    for (def, containers) in ir.types.iter_mut().zip(containers) {
        let fields: Vec<&mut ElementField> = match &mut def.kind {
            TypeKind::Struct(s) => s
                .members
                .iter_mut()
                .filter_map(|m| match m {
                    Member::Element(e) => Some(e),
                    _ => None,
                })
                .collect(),
            TypeKind::Choice(c) => c
                .variants
                .iter_mut()
                .filter_map(|v| match &mut v.content {
                    VariantContent::Element(e) => Some(e),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        for (field, container) in fields.into_iter().zip(containers) {
            // A `Vec` holds its items on the heap already; a flattened wrapper's items are
            // not the wrapper the recursion went through.
            field.boxed &= !matches!(
                container,
                FieldContainer::Many | FieldContainer::FlattenedArray
            );
            field.container = container;
        }
    }
}

/// The container of an element field by its own occurrence and type.
fn container(ir: &Ir, field: &ElementField) -> FieldContainer {
    if field.occurs.is_repeated() {
        FieldContainer::Many
    } else if ir.array_wrapper_item(field.ty).is_some() {
        FieldContainer::FlattenedArray
    } else if field.occurs.is_optional() || field.nillable {
        FieldContainer::Optional {
            nil_when_none: field.nillable && !field.occurs.is_optional(),
        }
    } else {
        FieldContainer::One
    }
}

/// The element members of a struct with their containers.
fn elements_with<'a>(
    members: &'a [Member],
    containers: &'a [FieldContainer],
) -> impl Iterator<Item = (&'a ElementField, &'a FieldContainer)> + Clone {
    members
        .iter()
        .filter_map(|m| match m {
            Member::Element(e) => Some(e),
            _ => None,
        })
        .zip(containers)
}

/// [`FieldContainer::SizeOf`] when `field` is an ATL `…NSizeIs` companion the codec computes:
/// an `int`, not repeated, naming (`size_of`) an array of the struct that names it back
/// (`size_is`) and holds a `Vec` or, in SOAP encoding, a SOAP-encoded array.
fn size_companion<'a>(
    ir: &Ir,
    field: &ElementField,
    mut elements: impl Iterator<Item = (&'a ElementField, &'a FieldContainer)>,
) -> Option<FieldContainer> {
    let array = field.size_of.as_deref()?;
    if field.ty != TypeRef::Builtin(BuiltinType::Int) || field.occurs.is_repeated() {
        return None;
    }
    elements.find_map(|(e, container)| {
        let holds_vec = matches!(
            container,
            FieldContainer::Many | FieldContainer::FlattenedArray
        );
        let holds_soap_array = matches!(
            e.ty,
            TypeRef::Defined(id) if matches!(ir.ty(id).kind, TypeKind::SoapArray(_))
        ) && matches!(
            container,
            FieldContainer::One | FieldContainer::Optional { .. }
        );
        let holds_items = holds_vec || holds_soap_array;
        (e.size_is.is_some() && e.xml_name.local == array && holds_items).then(|| {
            FieldContainer::SizeOf {
                array: e.rust_name.clone(),
            }
        })
    })
}
