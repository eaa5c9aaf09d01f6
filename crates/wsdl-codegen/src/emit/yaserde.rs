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

use super::context::Context;
use super::shape::{Container, ScalarType, Shape, Value, element_shape, ident, simple_value};
use super::yaserde_plan::Support;
use crate::ir::{
    AttributeField, ElementField, FieldContainer, Member, TypeDef, TypeId, TypeKind, TypeRef,
};
use crate::qname::QName;

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

/// The wire-shaped twins of the structs holding ATL arrays, with their conversions, one
/// entry a struct: the items of the module's `yaserde_wire` part.
pub(super) fn wire_items(context: &Context<'_>) -> Vec<TokenStream> {
    let ir = context.ir;
    let mut items = Vec::new();
    for (index, def) in ir.types.iter().enumerate() {
        let id = TypeId(index as u32);
        if context.yaserde.of(id) == Some(&Support::Twin) && ir.is_emitted(id) {
            items.push(TwinEmitter { context, def }.emit());
        }
    }
    items
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
            if let FieldContainer::SizeOf { array } = &field.container {
                let array = ident(array);
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
                } else if is_replaced(&shape.value) {
                    (
                        quote!(array.items.into_iter().map(Into::into).collect()),
                        quote!(value.#rust.iter().copied().map(Into::into).collect()),
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
            // A type override's value goes through its wire scalar (its type is `Copy`).
            if is_replaced(&shape.value) {
                decode.push(match &shape.container {
                    Container::One => quote!(#rust: wire.#rust.into(),),
                    Container::Optional { .. } => quote!(#rust: wire.#rust.map(Into::into),),
                    _ => quote!(#rust: wire.#rust.into_iter().map(Into::into).collect(),),
                });
                encode.push(match &shape.container {
                    Container::One => quote!(#rust: value.#rust.into(),),
                    Container::Optional { .. } => quote!(#rust: value.#rust.map(Into::into),),
                    _ => quote!(#rust: value.#rust.iter().copied().map(Into::into).collect(),),
                });
                continue;
            }
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
            let value = simple_value(self.context.ir, attribute.ty);
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
            Value::Scalar(ScalarType {
                wire,
                replaced_by: Some(_),
            }) => quote!(#wire),
            Value::Defined { ident, .. } if self.context.yaserde.is_twin(ty) => quote!(#ident),
            Value::Defined { ident, .. } => quote!(super::#ident),
            other => other.rust_type(),
        }
    }
}

/// Whether a type override replaces the value's scalar: yaserde then sees the scalar.
pub(super) fn is_replaced(value: &Value) -> bool {
    matches!(
        value,
        Value::Scalar(ScalarType {
            replaced_by: Some(_),
            ..
        })
    )
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
            "\n Structs holding ATL arrays or fields of overridden types derive them through\n \
             their wire-shaped twins in `yaserde_wire`.",
        );
    }
    if !unsupported.is_empty() {
        doc.push_str("\n yaserde cannot express these types, which derive nothing:\n\n");
        doc.push_str(&unsupported.join("\n"));
    }
    doc
}
