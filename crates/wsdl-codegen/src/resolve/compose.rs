//! Composition of extensions: a struct that extends another holds the base's members as one
//! field (`base`, a value of the base struct) rather than repeating each of them, and its own
//! members after it.
//!
//! Repeating the members makes a chain of d extensions, each adding one member, emit
//! d(d+1)/2 fields, with their writers and readers: a 1,000-level chain is half a million.
//! Held whole, each level emits its own members once.
//!
//! An extension is composed when its content can be read as the base's children followed by
//! its own (XSD puts an extension's particle after the base's): neither type is mixed or an
//! `xs:all`, the base's content has no `xs:any` (which would take the derived type's
//! children for its own), no ATL size companion links members across the two, the derived
//! type does not redeclare one of the base's attributes, and the type is not SOAP-encoded
//! (whose writers give every value its `xsi:type`). Other extensions keep the base's members
//! as their own, as before.

use std::collections::HashSet;

use crate::ir::{AttributeField, Derivation, Ir, Member, TypeId, TypeKind};

/// Decides, for every struct that extends another, whether it holds the base's members in a
/// field ([`crate::ir::StructType::base_field`]), and if so drops the inherited members and
/// attributes from its own.
pub(crate) fn compose_extensions(ir: &mut Ir) {
    for index in 0..ir.types.len() {
        let id = TypeId(index as u32);
        if !composable(ir, id) {
            continue;
        }
        let def = &mut ir.types[index];
        let TypeKind::Struct(s) = &mut def.kind else {
            continue;
        };
        s.members.retain(|member| !is_inherited(member));
        s.attributes.retain(|attribute| !attribute.inherited);
        let mut names = super::field_name_scope(s);
        s.base_field = Some(names.claim(
            "base".to_owned(),
            &["base_members".to_owned(), "base_type".to_owned()],
        ));
    }
}

fn composable(ir: &Ir, id: TypeId) -> bool {
    let def = ir.ty(id);
    let TypeKind::Struct(s) = &def.kind else {
        return false;
    };
    let (Some(base), Some(Derivation::Extension)) = (s.base, s.derivation) else {
        return false;
    };
    let base_def = ir.ty(base);
    let TypeKind::Struct(b) = &base_def.kind else {
        return false;
    };
    if def.encoded || s.mixed || b.mixed || s.unordered || b.unordered {
        return false;
    }
    let (base_members, base_attributes) = chain_content(ir, base);
    let inherited_members = s.members.iter().filter(|m| is_inherited(m)).count();
    if base_members.iter().any(|m| matches!(m, Member::Any(_)))
        || inherited_members != base_members.len()
    {
        return false;
    }
    let sized = |m: &Member| match m {
        Member::Element(e) => e.size_is.is_some() || e.size_of.is_some(),
        _ => false,
    };
    if s.members.iter().any(sized) {
        return false;
    }
    let base_attributes: HashSet<_> = base_attributes.into_iter().map(|a| &a.xml_name).collect();
    let inherited_attributes = s.attributes.iter().filter(|a| a.inherited).count();
    inherited_attributes == base_attributes.len()
        && s.attributes
            .iter()
            .filter(|a| !a.inherited)
            .all(|a| !base_attributes.contains(&a.xml_name))
}

fn is_inherited(member: &Member) -> bool {
    match member {
        Member::Element(e) => e.inherited,
        Member::Group(g) => g.inherited,
        Member::Any(a) => a.inherited,
    }
}

/// Struct `id`'s members and attributes, with those of the bases it holds in a field (its
/// lists already hold the others'): the members in content order, the bases' first.
fn chain_content(ir: &Ir, id: TypeId) -> (Vec<&Member>, Vec<&AttributeField>) {
    let mut chain = vec![id];
    while let Some((base, _)) = ir.composed_base(*chain.last().expect("not empty")) {
        chain.push(base);
    }
    let mut members = Vec::new();
    let mut attributes = Vec::new();
    for &id in chain.iter().rev() {
        if let TypeKind::Struct(s) = &ir.ty(id).kind {
            members.extend(&s.members);
            attributes.extend(&s.attributes);
        }
    }
    (members, attributes)
}
