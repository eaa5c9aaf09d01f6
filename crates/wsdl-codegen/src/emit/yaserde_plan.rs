//! Which types derive yaserde, and how: directly, through a wire-shaped twin, or not at all
//! (with the reason, for the module documentation). See the `yaserde` module.

use super::shape::{Container, Value, element_shape, value};
use crate::ir::{
    AttributeField, FieldContainer, Ir, Member, StructType, TypeId, TypeKind, TypeRef, TypeRole,
};

/// How yaserde handles one type.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Support {
    /// The type derives yaserde as it is.
    Direct,
    /// The type holds ATL arrays or fields of overridden types (itself or through a field):
    /// a wire-shaped twin derives yaserde instead.
    Twin,
    /// yaserde cannot express the type; the reason, for the module documentation.
    Unsupported(String),
}

/// Which types derive yaserde, and how; empty when the option is off.
pub(super) struct YaserdePlan {
    pub(super) support: Vec<Support>,
}

impl YaserdePlan {
    /// The plan for `ir`.
    pub fn new(ir: &Ir, enabled: bool) -> Self {
        if !enabled {
            return YaserdePlan {
                support: Vec::new(),
            };
        }
        // A type's support depends on its fields' types, recursion included: start from
        // `Direct` everywhere and lower types until nothing changes (support only ever moves
        // from `Direct` to `Twin` to `Unsupported`, so this ends).
        let mut support = vec![Support::Direct; ir.types.len()];
        loop {
            let mut changed = false;
            for index in 0..ir.types.len() {
                let id = TypeId(index as u32);
                let assessed = assess(ir, id, &support);
                if assessed != support[index] {
                    support[index] = assessed;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        YaserdePlan { support }
    }

    pub(super) fn of(&self, id: TypeId) -> Option<&Support> {
        self.support.get(id.0 as usize)
    }

    pub(super) fn is_twin(&self, ty: TypeRef) -> bool {
        matches!(ty, TypeRef::Defined(id) if self.of(id) == Some(&Support::Twin))
    }
}

/// The support of one type given the current support of the types it holds.
fn assess(ir: &Ir, id: TypeId, support: &[Support]) -> Support {
    let assessed = match &ir.ty(id).kind {
        TypeKind::Struct(_) if ir.ty(id).role == TypeRole::Group => {
            Err("a nested sequence or choice, without an element of its own".to_owned())
        }
        TypeKind::Struct(s) => assess_struct(ir, s, support),
        TypeKind::SimpleContent(sc) => match value(ir, sc.value) {
            Value::Defined { simple: true, .. } => {
                Err("its text has a simple type yaserde cannot express".to_owned())
            }
            _ => scalar_attributes(ir, &sc.attributes).map(|()| Support::Direct),
        },
        TypeKind::Choice(_) => Err(
            "an `xs:choice` enum (yaserde enums hold one element per variant, not runs)".to_owned(),
        ),
        TypeKind::Enumeration(_) => {
            Err("an enumeration with a variant for unknown values".to_owned())
        }
        TypeKind::Restriction(_) => Err("a newtype over a restricted simple type".to_owned()),
        TypeKind::List(_) => Err("an `xs:list` newtype".to_owned()),
        TypeKind::Union(_) => Err("an `xs:union` enum".to_owned()),
        TypeKind::SoapArray(_) => Err("a SOAP-encoded array".to_owned()),
    };
    assessed.unwrap_or_else(Support::Unsupported)
}

/// A struct: `Direct` when every field maps as it is, `Twin` when ATL arrays (its own or a
/// field type's) need their wire shape; the reason when a field cannot map.
fn assess_struct(ir: &Ir, s: &StructType, support: &[Support]) -> Result<Support, String> {
    if let Some(field) = &s.base_field {
        return Err(format!(
            "`{field}` holds the base type's members, which yaserde would read as one child \
             element"
        ));
    }
    scalar_attributes(ir, &s.attributes)?;
    distinct_visitor_names(s)?;
    let mut result = Support::Direct;
    for member in &s.members {
        let field = match member {
            Member::Element(field) => field,
            Member::Group(g) => {
                return Err(format!("`{}` is a nested sequence or choice", g.rust_name));
            }
            Member::Any(a) => {
                return Err(format!(
                    "`{}` holds `xs:any` content as raw XML",
                    a.rust_name
                ));
            }
        };
        if let FieldContainer::SizeOf { .. } = field.container {
            result = Support::Twin;
            continue;
        }
        let name = &field.rust_name;
        if !field.substitutes.is_empty() {
            return Err(format!("`{name}` heads a substitution group"));
        }
        let shape = element_shape(ir, field);
        if shape.boxed {
            return Err(format!("`{name}` is boxed (the types recurse through it)"));
        }
        match shape.value {
            Value::RawXml => {
                return Err(format!("`{name}` holds `xs:anyType` content as raw XML"));
            }
            Value::Substitution(_) => {
                return Err(format!(
                    "`{name}` holds any element of a substitution group"
                ));
            }
            _ => {}
        }
        if super::yaserde::is_replaced(&shape.value) {
            result = Support::Twin;
        }
        let held = match &shape.container {
            Container::Optional { .. } if field.nillable => {
                return Err(format!(
                    "`{name}` is nillable (yaserde does not read `xsi:nil`)"
                ));
            }
            Container::FlatArray { item, .. } => {
                result = Support::Twin;
                item.ty
            }
            _ => field.ty,
        };
        if let TypeRef::Defined(held) = held {
            if let TypeKind::Struct(StructType {
                sum_rust_name: Some(_),
                ..
            }) = &ir.ty(held).kind
            {
                return Err(format!(
                    "`{name}` holds `{}` or a type derived from it (told apart by `xsi:type`)",
                    ir.ty(held).rust_name
                ));
            }
            match &support[held.0 as usize] {
                Support::Unsupported(_) => {
                    return Err(format!(
                        "`{name}` holds `{}`, which yaserde cannot express",
                        ir.ty(held).rust_name
                    ));
                }
                Support::Twin => result = Support::Twin,
                Support::Direct => {}
            }
        }
    }
    Ok(result)
}

/// yaserde's derive names a helper type after each field's XML name in UpperCamelCase, so
/// two names that differ only in case or punctuation (`self` and `Self`) clash. Names are
/// compared as yaserde would at worst: letters and digits only, lower-cased.
fn distinct_visitor_names(s: &StructType) -> Result<(), String> {
    let elements = s.members.iter().filter_map(|m| match m {
        Member::Element(e) => Some(&e.xml_name),
        _ => None,
    });
    let mut seen = std::collections::HashMap::new();
    for name in elements.chain(s.attributes.iter().map(|a| &a.xml_name)) {
        let key: String = name
            .local
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if let Some(previous) = seen.insert(key, &name.local) {
            if *previous != name.local {
                return Err(format!(
                    "its XML names `{previous}` and `{}` differ only in case or punctuation, \
                     which yaserde's derive does not tell apart",
                    name.local
                ));
            }
        }
    }
    Ok(())
}

/// Attributes map when their values are scalars or text; yaserde has no form for the
/// generated simple types (enumerations with an unknown-value variant, newtypes).
fn scalar_attributes(ir: &Ir, attributes: &[AttributeField]) -> Result<(), String> {
    attributes.iter().try_for_each(|a| match value(ir, a.ty) {
        Value::Defined { simple: true, .. } => Err(format!(
            "attribute `{}` has a simple type yaserde cannot express",
            a.xml_name.local
        )),
        _ => Ok(()),
    })
}
