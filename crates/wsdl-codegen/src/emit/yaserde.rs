//! Opt-in yaserde derives ([`EmitOptions::yaserde`](super::EmitOptions)): a second XML codec
//! for the generated types, behind the generated crate's `yaserde` feature, so tests can check
//! the generated codec against an independent one.
//!
//! A type whose Rust shape is its XML shape derives `YaSerialize`/`YaDeserialize` itself
//! (`#[cfg_attr(feature = "yaserde", …)]` on the type and its fields). A struct holding ATL
//! arrays cannot: its `Vec` field stands for a wrapper element around the items plus a
//! `…NSizeIs` companion element, and yaserde has no attribute for either. Such a struct (and
//! every struct holding one) gets a twin of its wire shape in a `yaserde_wire` module, with
//! conversions both ways. What yaserde cannot express at all (choices, enumerations and other
//! simple types, raw XML, nested groups, boxed recursion, substitution groups, `xsi:nil`)
//! derives nothing, and the module documentation lists it with the reason.

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use super::shape::{Container, Shape, Value, element_shape, ident, size_companion_of, value};
use super::types::simple_value;
use crate::ir::{
    AttributeField, ElementField, Ir, Member, StructType, TypeDef, TypeId, TypeKind, TypeRef,
    TypeRole,
};
use crate::qname::QName;

/// How yaserde handles one type.
#[derive(Clone, Debug, PartialEq)]
enum Support {
    /// The type derives yaserde as it is.
    Direct,
    /// The type holds ATL arrays (itself or through a field): a wire-shaped twin derives
    /// yaserde instead.
    Twin,
    /// yaserde cannot express the type; the reason, for the module documentation.
    Unsupported(String),
}

/// Which types derive yaserde, and how; empty when the option is off.
pub(crate) struct YaserdePlan {
    support: Vec<Support>,
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

    fn of(&self, id: TypeId) -> Option<&Support> {
        self.support.get(id.0 as usize)
    }

    fn is_twin(&self, ty: TypeRef) -> bool {
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
        if size_companion_of(ir, s, field).is_some() {
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

/// `#[cfg_attr(feature = "yaserde", derive(…), yaserde(…))]` for a type deriving yaserde
/// itself; nothing otherwise.
pub(super) fn type_attributes(context: &Context<'_>, id: TypeId) -> TokenStream {
    if context.yaserde.of(id) != Some(&Support::Direct) {
        return quote!();
    }
    let arguments = type_arguments(context, context.ir.ty(id));
    quote! {
        #[cfg_attr(feature = "yaserde", derive(yaserde::YaSerialize, yaserde::YaDeserialize), yaserde(#arguments))]
    }
}

/// `#[cfg_attr(feature = "yaserde", yaserde(rename = …, prefix = …))]` for an element field
/// of a type deriving yaserde itself.
pub(super) fn element_attributes(
    context: &Context<'_>,
    id: TypeId,
    field: &ElementField,
) -> TokenStream {
    gated(context, id, name_arguments(context, &field.xml_name))
}

/// The field attributes of an XML attribute of a type deriving yaserde itself.
pub(super) fn attribute_attributes(
    context: &Context<'_>,
    id: TypeId,
    attribute: &AttributeField,
) -> TokenStream {
    let name = name_arguments(context, &attribute.xml_name);
    gated(context, id, quote!(attribute = true, #name))
}

/// The field attributes of the text of a simple-content type deriving yaserde itself.
pub(super) fn text_attributes(context: &Context<'_>, id: TypeId) -> TokenStream {
    gated(context, id, quote!(text = true))
}

fn gated(context: &Context<'_>, id: TypeId, arguments: TokenStream) -> TokenStream {
    if context.yaserde.of(id) == Some(&Support::Direct) {
        quote!(#[cfg_attr(feature = "yaserde", yaserde(#arguments))])
    } else {
        quote!()
    }
}

/// `rename = "local", prefix = "ns0"` (no prefix in no namespace).
fn name_arguments(context: &Context<'_>, name: &QName) -> TokenStream {
    let local = &name.local;
    match context.prefixes.declared_prefix(name.namespace.as_deref()) {
        Some(prefix) => quote!(rename = #local, prefix = #prefix),
        None => quote!(rename = #local),
    }
}

/// A type's own name (used when it is the document element) and every namespace of the
/// module, so its fields' prefixes resolve.
fn type_arguments(context: &Context<'_>, def: &TypeDef) -> TokenStream {
    // Anonymous types are named after where they were declared (`Order/lines`): not an
    // element name, so yaserde keeps the Rust name.
    let name = if def.xml_name.local.contains('/') {
        quote!()
    } else {
        let name = name_arguments(context, &def.xml_name);
        quote!(#name,)
    };
    let namespaces = context
        .prefixes
        .declared
        .iter()
        .map(|(prefix, namespace)| quote!(#prefix = #namespace));
    quote!(#name namespaces = { #(#namespaces),* })
}

/// `#[cfg(feature = "yaserde")] pub mod yaserde_wire { … }`: the wire-shaped twins of the
/// structs holding ATL arrays, with their conversions; nothing when there are none.
pub(super) fn wire_module(context: &Context<'_>) -> TokenStream {
    let ir = context.ir;
    let mut items = TokenStream::new();
    for (index, def) in ir.types.iter().enumerate() {
        let id = TypeId(index as u32);
        if context.yaserde.of(id) == Some(&Support::Twin) && ir.is_emitted(id) {
            items.extend(TwinEmitter { context, def }.emit());
        }
    }
    if items.is_empty() {
        return quote!();
    }
    quote! {
        /// The wire shape of the structs holding ATL arrays, for yaserde: each array keeps its
        /// wrapper element and its `…NSizeIs` companion, which the structs of this module fold
        /// into a `Vec`. `From` converts both ways.
        #[cfg(feature = "yaserde")]
        pub mod yaserde_wire {
            #items
        }
    }
}

/// The twin of one struct.
struct TwinEmitter<'c, 'a> {
    context: &'c Context<'a>,
    def: &'a TypeDef,
}

impl TwinEmitter<'_, '_> {
    fn emit(&self) -> TokenStream {
        let TypeKind::Struct(s) = &self.def.kind else {
            return quote!();
        };
        let ir = self.context.ir;
        let name = ident(&self.def.rust_name);
        let mut fields = Vec::new();
        let mut wrappers = Vec::new();
        let mut decode = Vec::new();
        let mut encode = Vec::new();
        for member in &s.members {
            let Member::Element(field) = member else {
                continue;
            };
            let rust = ident(&field.rust_name);
            let attributes = name_arguments(self.context, &field.xml_name);
            if let Some(array) = size_companion_of(ir, s, field) {
                let array = ident(&array.rust_name);
                let doc = format!(
                    " The `{}` element: the array's length.",
                    field.xml_name.local
                );
                fields.push(quote!(#[doc = #doc] #[yaserde(#attributes)] pub #rust: i32,));
                encode.push(quote!(#rust: i32::try_from(value.#array.len()).unwrap_or(i32::MAX),));
                continue;
            }
            let shape = element_shape(ir, field);
            let doc = format!(" The `{}` element.", field.xml_name.local);
            if let (Container::FlatArray { item, .. }, TypeRef::Defined(wrapper_id)) =
                (&shape.container, field.ty)
            {
                // The IR's (unique) name of the anonymous wrapper type.
                let wrapper = ident(&ir.ty(wrapper_id).rust_name);
                let item_ty = self.value_type(&shape.value, item.ty);
                let item_attributes = name_arguments(self.context, &item.xml_name);
                let wrapper_doc = format!(
                    " The `{}` array wrapper: its `{}` items.",
                    field.xml_name.local, item.xml_name.local
                );
                let type_arguments = type_arguments(self.context, ir.ty(wrapper_id));
                wrappers.push(quote! {
                    #[doc = #wrapper_doc]
                    #[derive(Clone, Debug, PartialEq, yaserde::YaSerialize, yaserde::YaDeserialize)]
                    #[yaserde(#type_arguments)]
                    pub struct #wrapper {
                        #[doc = " The items."]
                        #[yaserde(#item_attributes)]
                        pub items: Vec<#item_ty>,
                    }
                });
                fields.push(
                    quote!(#[doc = #doc] #[yaserde(#attributes)] pub #rust: Option<#wrapper>,),
                );
                let (items_in, items_out) = if self.context.yaserde.is_twin(item.ty) {
                    (
                        quote!(array.items.into_iter().map(Into::into).collect()),
                        quote!(value.#rust.iter().map(Into::into).collect()),
                    )
                } else {
                    (quote!(array.items), quote!(value.#rust.clone()))
                };
                decode.push(quote!(#rust: wire.#rust.map(|array| #items_in).unwrap_or_default(),));
                encode.push(quote!(#rust: (!value.#rust.is_empty()).then(|| #wrapper { items: #items_out }),));
                continue;
            }
            let ty = self.field_type(&shape, field.ty);
            fields.push(quote!(#[doc = #doc] #[yaserde(#attributes)] pub #rust: #ty,));
            let twin = self.context.yaserde.is_twin(field.ty);
            let copy = matches!(shape.value, Value::Scalar(_));
            decode.push(match (&shape.container, twin) {
                (_, false) => quote!(#rust: wire.#rust,),
                (Container::One, true) => quote!(#rust: wire.#rust.into(),),
                (Container::Optional { .. }, true) => quote!(#rust: wire.#rust.map(Into::into),),
                (_, true) => quote!(#rust: wire.#rust.into_iter().map(Into::into).collect(),),
            });
            encode.push(match (&shape.container, twin) {
                (Container::One, true) => quote!(#rust: (&value.#rust).into(),),
                (Container::Optional { .. }, true) => {
                    quote!(#rust: value.#rust.as_ref().map(Into::into),)
                }
                (_, true) => quote!(#rust: value.#rust.iter().map(Into::into).collect(),),
                (Container::One | Container::Optional { .. }, false) if copy => {
                    quote!(#rust: value.#rust,)
                }
                (_, false) => quote!(#rust: value.#rust.clone(),),
            });
        }
        for attribute in &s.attributes {
            let rust = ident(&attribute.rust_name);
            let value = simple_value(self.context, attribute.ty);
            let mut ty = value.rust_type();
            if !attribute.required {
                ty = quote!(Option<#ty>);
            }
            let doc = format!(" The attribute `{}`.", attribute.xml_name.local);
            let attributes = name_arguments(self.context, &attribute.xml_name);
            fields.push(
                quote!(#[doc = #doc] #[yaserde(attribute = true, #attributes)] pub #rust: #ty,),
            );
            decode.push(quote!(#rust: wire.#rust,));
            encode.push(if matches!(value, Value::Scalar(_)) {
                quote!(#rust: value.#rust,)
            } else {
                quote!(#rust: value.#rust.clone(),)
            });
        }
        let doc = format!(
            " The wire shape of [`super::{}`], for yaserde.",
            self.def.rust_name
        );
        let type_arguments = type_arguments(self.context, self.def);
        quote! {
            #[doc = #doc]
            #[derive(Clone, Debug, PartialEq, yaserde::YaSerialize, yaserde::YaDeserialize)]
            #[yaserde(#type_arguments)]
            pub struct #name { #(#fields)* }

            #(#wrappers)*

            impl From<#name> for super::#name {
                fn from(wire: #name) -> Self {
                    Self { #(#decode)* }
                }
            }

            impl From<&super::#name> for #name {
                fn from(value: &super::#name) -> Self {
                    Self { #(#encode)* }
                }
            }
        }
    }

    /// The Rust type of a twin's field: twins by their own name, other defined types from
    /// the parent module.
    fn field_type(&self, shape: &Shape, ty: TypeRef) -> TokenStream {
        let value = self.value_type(&shape.value, ty);
        match shape.container {
            Container::One => value,
            Container::Optional { .. } => quote!(Option<#value>),
            Container::Many | Container::FlatArray { .. } => quote!(Vec<#value>),
        }
    }

    fn value_type(&self, value: &Value, ty: TypeRef) -> TokenStream {
        match value {
            Value::Defined { ident, .. } if self.context.yaserde.is_twin(ty) => quote!(#ident),
            Value::Defined { ident, .. } => quote!(super::#ident),
            other => other.rust_type(),
        }
    }
}

/// The module documentation's yaserde section: how the types derive yaserde, and what yaserde
/// cannot express, and why; empty when the option is off.
pub(super) fn doc_section(context: &Context<'_>) -> String {
    if context.yaserde.support.is_empty() {
        return String::new();
    }
    let emitted = context
        .ir
        .types
        .iter()
        .enumerate()
        .map(|(index, def)| (TypeId(index as u32), def))
        .filter(|(id, _)| context.ir.is_emitted(*id));
    let mut twins = false;
    let mut unsupported = Vec::new();
    for (id, def) in emitted {
        match context.yaserde.of(id) {
            Some(Support::Twin) => twins = true,
            Some(Support::Unsupported(reason)) => {
                unsupported.push(format!(" - `{}`: {reason}.", def.rust_name));
            }
            _ => {}
        }
    }
    let mut doc = String::from(
        "\n\n With the `yaserde` feature, the types also derive `yaserde::YaSerialize` and\n \
         `yaserde::YaDeserialize`: a second XML codec to check the generated one against.",
    );
    if twins {
        doc.push_str(
            "\n Structs holding ATL arrays derive them through their wire-shaped twins in\n \
             `yaserde_wire`.",
        );
    }
    if !unsupported.is_empty() {
        doc.push_str("\n yaserde cannot express these types, which derive nothing:\n\n");
        doc.push_str(&unsupported.join("\n"));
    }
    doc
}
