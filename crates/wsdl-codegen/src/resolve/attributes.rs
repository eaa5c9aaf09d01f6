//! Attributes of complex types (inherited, changed or removed by derivation, expanded from
//! attribute groups) and simple types (enumerations, restrictions, lists, unions).

use super::content::numbered;
use super::{
    MAX_GROUP_NESTING, MAX_MEMBERS, Resolver, Scope, is_xml_namespace, xml_namespace_attribute,
};
use crate::builtin::BuiltinType;
use crate::ir::{
    AttributeField, EnumerationType, EnumerationVariant, ListType, RestrictionType, TypeKind,
    TypeRef, UnionType,
};
use crate::naming::{NameScope, pascal_case, snake_case};
use crate::qname::{QName, SOAP_ENCODING_NS};
use crate::raw::{
    AttributeDecl, AttributeUse, AttributeUses, Facets, Form, SimpleTypeDef, SimpleVariety,
};

impl<'a> Resolver<'a> {
    /// Attributes of a type: inherited ones, changed or removed by the type's own.
    pub(super) fn attributes(
        &mut self,
        uses: &'a AttributeUses,
        scope: &Scope,
        inherited: Vec<AttributeField>,
        names: &mut NameScope,
        any_attribute: &mut bool,
    ) -> Vec<AttributeField> {
        let mut out: Vec<AttributeField> = inherited
            .into_iter()
            .map(|mut a| {
                a.inherited = true;
                a
            })
            .collect();
        self.add_attributes(uses, scope, &mut out, names, any_attribute);
        out
    }

    fn add_attributes(
        &mut self,
        uses: &'a AttributeUses,
        scope: &Scope,
        out: &mut Vec<AttributeField>,
        names: &mut NameScope,
        any_attribute: &mut bool,
    ) {
        *any_attribute |= uses.any_attribute.is_some();
        if out.len() >= MAX_MEMBERS {
            return;
        }
        for decl in &uses.attributes {
            let Some(mut field) = self.attribute_field(decl, scope) else {
                continue;
            };
            let existing = out.iter().position(|a| a.xml_name == field.xml_name);
            if decl.usage == AttributeUse::Prohibited {
                if let Some(index) = existing {
                    out.remove(index);
                }
                continue;
            }
            match existing {
                Some(index) => {
                    field.rust_name = out[index].rust_name.clone();
                    out[index] = field;
                }
                None => {
                    let preferred = snake_case(&field.xml_name.local);
                    field.rust_name =
                        names.claim(preferred.clone(), &[format!("{preferred}_attr")]);
                    out.push(field);
                }
            }
        }
        for reference in &uses.groups {
            let name =
                &self.effective_name(reference, |r, n| r.symbols.attribute_groups.contains_key(n));
            let rank = match &scope.redefining {
                Some((redefined, rank)) if redefined == name => rank + 1,
                _ => 0,
            };
            let Some(def) = self
                .symbols
                .attribute_groups
                .get(name)
                .and_then(|defs| defs.get(rank))
            else {
                self.missing_reference(reference.span, "attributeGroup", name);
                continue;
            };
            if self.expanding_groups.contains(name) {
                self.error(
                    reference.span,
                    format!("attributeGroup {name} refers to itself (circular groups)"),
                );
                continue;
            }
            if self.expanding_groups.len() >= MAX_GROUP_NESTING {
                self.error(
                    reference.span,
                    format!("groups nested more than {MAX_GROUP_NESTING} deep at {name}; refused"),
                );
                continue;
            }
            let (attributes, schema) = (&def.item.attributes, def.schema);
            self.expanding_groups.push(name.clone());
            let group_scope = Scope {
                schema,
                ..scope.clone()
            };
            self.add_attributes(attributes, &group_scope, out, names, any_attribute);
            self.expanding_groups.pop();
        }
    }

    fn attribute_field(
        &mut self,
        decl: &'a AttributeDecl,
        scope: &Scope,
    ) -> Option<AttributeField> {
        if let Some(reference) = &decl.reference {
            let name = &self.effective_name(reference, |r, n| r.symbols.attributes.contains_key(n));
            let (ty, doc) = match self.symbols.attributes.get(name) {
                Some(global) => {
                    let (global_decl, schema) = (global.item, global.schema);
                    let global_scope = Scope {
                        schema,
                        hint: pascal_case(&name.local),
                        xml_name: name.clone(),
                        redefining: None,
                    };
                    (
                        self.attribute_type(global_decl, &global_scope, &name.local),
                        global_decl.doc.clone(),
                    )
                }
                None => match xml_namespace_attribute(&name.local) {
                    Some(ty) if is_xml_namespace(name) => (ty, None),
                    _ if name.namespace.as_deref() == Some(SOAP_ENCODING_NS) => {
                        (TypeRef::Builtin(BuiltinType::String), None)
                    }
                    _ => {
                        self.missing_reference(reference.span, "attribute", name);
                        return None;
                    }
                },
            };
            return Some(AttributeField {
                xml_name: name.clone(),
                rust_name: String::new(),
                ty,
                required: decl.usage == AttributeUse::Required,
                default: decl.default.clone(),
                fixed: decl.fixed.clone(),
                inherited: false,
                doc: decl.doc.clone().or(doc),
            });
        }
        let local = decl.name.as_deref()?;
        let schema = self.symbols.schemas[scope.schema];
        let qualified = decl.form.unwrap_or(schema.attribute_form_default) == Form::Qualified;
        let namespace = if qualified {
            self.schema_namespace(scope.schema)
        } else {
            None
        };
        let ty = self.attribute_type(decl, scope, local);
        Some(AttributeField {
            xml_name: QName::with_optional_namespace(namespace, local),
            rust_name: String::new(),
            ty,
            required: decl.usage == AttributeUse::Required,
            default: decl.default.clone(),
            fixed: decl.fixed.clone(),
            inherited: false,
            doc: decl.doc.clone(),
        })
    }

    fn attribute_type(&mut self, decl: &'a AttributeDecl, scope: &Scope, local: &str) -> TypeRef {
        match (&decl.type_name, &decl.inline_type) {
            (Some(type_name), _) => self.resolve_type(type_name, None),
            (None, Some(inline)) => {
                TypeRef::Defined(self.inline_simple_type(inline, scope, &pascal_case(local)))
            }
            (None, None) => TypeRef::Builtin(BuiltinType::AnySimpleType),
        }
    }

    pub(super) fn simple_type(&mut self, def: &'a SimpleTypeDef, scope: &Scope) -> TypeKind {
        match &def.variety {
            SimpleVariety::Restriction {
                base,
                inline_base,
                facets,
            } => {
                let base = match (base, inline_base) {
                    (Some(base), _) => self.resolve_base(base, scope),
                    (None, Some(inline)) => {
                        TypeRef::Defined(self.inline_simple_type(inline, scope, "Base"))
                    }
                    (None, None) => {
                        self.error(
                            def.span,
                            "<xs:restriction> needs a `base` type or an inline <xs:simpleType>",
                        );
                        TypeRef::Builtin(BuiltinType::AnySimpleType)
                    }
                };
                if facets.enumerations.is_empty() {
                    return TypeKind::Restriction(RestrictionType {
                        base,
                        facets: restriction_facets(facets),
                    });
                }
                let mut names = NameScope::default();
                let variants = facets
                    .enumerations
                    .iter()
                    .map(|facet| EnumerationVariant {
                        value: facet.value.clone(),
                        rust_name: names.claim(pascal_case(&facet.value), &[]),
                        doc: facet.doc.clone(),
                    })
                    .collect();
                // Claimed after the values, so a value named `Other` keeps its name.
                let unknown_rust_name =
                    names.claim("Other".to_owned(), &["UnknownValue".to_owned()]);
                TypeKind::Enumeration(EnumerationType {
                    base,
                    variants,
                    unknown_rust_name,
                })
            }
            SimpleVariety::List { item, inline_item } => {
                let item = match (item, inline_item) {
                    (Some(item), _) => self.resolve_type(item, None),
                    (None, Some(inline)) => {
                        TypeRef::Defined(self.inline_simple_type(inline, scope, "Item"))
                    }
                    (None, None) => {
                        self.error(def.span, "<xs:list> needs an `itemType` or an inline type");
                        TypeRef::Builtin(BuiltinType::AnySimpleType)
                    }
                };
                TypeKind::List(ListType { item })
            }
            SimpleVariety::Union {
                members,
                inline_members,
            } => {
                let mut out: Vec<TypeRef> = members
                    .iter()
                    .map(|member| self.resolve_type(member, None))
                    .collect();
                for (index, inline) in inline_members.iter().enumerate() {
                    let suffix = numbered("Member", index as u32 + 1);
                    out.push(TypeRef::Defined(
                        self.inline_simple_type(inline, scope, &suffix),
                    ));
                }
                TypeKind::Union(UnionType { members: out })
            }
        }
    }
}

/// The facets of a restriction the IR keeps (its enumeration becomes the type's variants).
pub(super) fn restriction_facets(facets: &Facets) -> crate::ir::Facets {
    crate::ir::Facets {
        patterns: facets.patterns.clone(),
        bounds: facets.bounds.clone(),
    }
}
