//! A type as the emitter sees it: [`TypeEmitter`] (one type of the IR in its context) and the
//! members of a struct as emitted ([`Field`]), with the helpers the declaration, the writer
//! and the reader share.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::attrs::wsdl_doc;
use crate::emit::context::Context;
use crate::emit::shape::{Shape, Value, element_shape, ident, simple_value};
use crate::ir::Occurs;
use crate::ir::{
    AttributeField, ElementField, FieldContainer, GroupField, Member, StructType, TypeDef, TypeId,
};

/// One type of the IR being emitted.
pub(in crate::emit) struct TypeEmitter<'c, 'a> {
    pub context: &'c Context<'a>,
    pub def: &'a TypeDef,
    pub id: TypeId,
}

/// A struct member as emitted: its field, and how it is written and read.
pub(in crate::emit) enum Field<'a> {
    Element {
        field: &'a ElementField,
        shape: Shape,
        name: String,
    },
    /// An ATL size companion: not a Rust field; written as `length`, the number of items of
    /// the array it counts.
    SizeOf {
        name: String,
        length: TokenStream,
    },
    Group {
        group: &'a GroupField,
        ty: proc_macro2::Ident,
    },
    Any {
        rust_name: &'a str,
        occurs: Occurs,
    },
    /// The members of the base type, held whole ([`StructType::base_field`]): always the
    /// first field, read and written by the base's `read_base` and `write_base_…`.
    Base {
        rust_name: &'a str,
        ty: proc_macro2::Ident,
    },
}

impl<'a> TypeEmitter<'_, 'a> {
    pub(super) fn written(&self, field: &ElementField) -> String {
        self.context.prefixes.written(&field.xml_name)
    }

    pub(in crate::emit) fn fields(&self, s: &'a StructType) -> Vec<Field<'a>> {
        let ir = self.context.ir;
        let base = match (s.base, &s.base_field) {
            (Some(base), Some(rust_name)) => Some(Field::Base {
                rust_name,
                ty: ident(&ir.ty(base).rust_name),
            }),
            _ => None,
        };
        let members = s.members.iter().map(|member| match member {
            Member::Element(e) => match &e.container {
                FieldContainer::SizeOf { array } => Field::SizeOf {
                    name: self.written(e),
                    length: array_length(s, array),
                },
                _ => Field::Element {
                    field: e,
                    shape: element_shape(ir, e),
                    name: self.written(e),
                },
            },
            Member::Group(g) => Field::Group {
                group: g,
                ty: ident(&ir.ty(g.ty).rust_name),
            },
            Member::Any(a) => Field::Any {
                rust_name: &a.rust_name,
                occurs: a.occurs,
            },
        });
        base.into_iter().chain(members).collect()
    }
}

/// A field's documentation: the schema's, or the element it holds.
pub(super) fn field_doc(field: &ElementField) -> String {
    match &field.doc {
        Some(doc) => wsdl_doc(doc),
        None => format!("The `{}` element.", field.xml_name.local),
    }
}

/// Local names that fill an element field: its own, or its substitution group's members.
pub(super) fn accepted_names(context: &Context<'_>, field: &ElementField) -> Vec<String> {
    if field.substitutes.is_empty() {
        return vec![field.xml_name.local.clone()];
    }
    let mut names: Vec<String> = field
        .substitutes
        .iter()
        .map(|&e| context.ir.element(e).xml_name.local.clone())
        .collect();
    names.dedup();
    names
}

/// The value an attribute holds.
pub(super) fn attribute_value(context: &Context<'_>, attribute: &AttributeField) -> Value {
    simple_value(context.ir, attribute.ty)
}

/// How many values a nested group field holds.
pub(super) enum GroupContainer {
    One,
    Optional,
    Many,
}

pub(super) fn group_container(occurs: Occurs) -> GroupContainer {
    if occurs.is_repeated() {
        GroupContainer::Many
    } else if occurs.is_optional() {
        GroupContainer::Optional
    } else {
        GroupContainer::One
    }
}

pub(super) fn group_type(ty: &proc_macro2::Ident, occurs: Occurs, boxed: bool) -> TokenStream {
    let inner = if boxed && !occurs.is_repeated() {
        quote!(Box<#ty>)
    } else {
        quote!(#ty)
    };
    match group_container(occurs) {
        GroupContainer::One => inner,
        GroupContainer::Optional => quote!(Option<#inner>),
        GroupContainer::Many => quote!(Vec<#inner>),
    }
}

pub(super) fn any_type(occurs: Occurs) -> TokenStream {
    if occurs.is_repeated() {
        quote!(Vec<String>)
    } else if occurs.is_optional() {
        quote!(Option<String>)
    } else {
        quote!(String)
    }
}

/// The number of items of the array field `array` of `s`, for its ATL size companion: a
/// `Vec`'s length, or a SOAP-encoded array's positions (none when it is absent).
fn array_length(s: &StructType, array: &str) -> TokenStream {
    let field = ident(array);
    let container = s.members.iter().find_map(|m| match m {
        Member::Element(e) if e.rust_name == array => Some(&e.container),
        _ => None,
    });
    match container {
        Some(FieldContainer::One) => quote!(self.#field.0.len()),
        Some(FieldContainer::Optional { .. }) => {
            quote!(self.#field.as_ref().map_or(0, |array| array.0.len()))
        }
        _ => quote!(self.#field.len()),
    }
}

/// The field holding the base's members whole, and the base's type, if the struct has one.
pub(super) fn base_field<'f>(
    fields: &'f [Field<'_>],
) -> Option<(proc_macro2::Ident, &'f proc_macro2::Ident)> {
    fields.iter().find_map(|field| match field {
        Field::Base { rust_name, ty } => Some((ident(rust_name), ty)),
        _ => None,
    })
}
