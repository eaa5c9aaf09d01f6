//! The Rust declarations of types with element content: structs (with a `Debug` that hides
//! secrets where a field is named like one), choice enums and simple-content structs.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::model::{Field, TypeEmitter, any_type, attribute_value, field_doc, group_type};
use crate::emit::attrs::{derives, doc_attr, struct_derives, wsdl_doc};
use crate::emit::redact::{self, DebugField, Holding};
use crate::emit::shape::{Container, element_shape, ident, simple_value};
use crate::emit::yaserde;
use crate::ir::Occurs;
use crate::ir::{AttributeField, ChoiceType, SimpleContentType, StructType, VariantContent};

impl<'a> TypeEmitter<'_, 'a> {
    /// The struct and, when it redacts a secret, its `Debug` impl.
    pub(super) fn struct_declaration(
        &self,
        name: &Ident,
        doc: TokenStream,
        s: &'a StructType,
        fields: &[Field<'a>],
        text: Option<&Ident>,
    ) -> TokenStream {
        let mut declarations = Vec::new();
        for field in fields {
            declarations.push(match field {
                Field::Element { field, shape, .. } => {
                    let rust = ident(&field.rust_name);
                    let ty = shape.rust_type();
                    let doc = doc_attr(&field_doc(field));
                    let yaserde = yaserde::element_attributes(self.context, self.id, field);
                    quote!(#doc #yaserde pub #rust: #ty,)
                }
                Field::SizeOf { .. } => quote!(),
                Field::Group { group, ty } => {
                    let rust = ident(&group.rust_name);
                    let ty = group_type(ty, group.occurs, group.boxed);
                    quote!(#[doc = " A nested group of elements."] pub #rust: #ty,)
                }
                Field::Any { rust_name, occurs } => {
                    let rust = ident(rust_name);
                    let ty = any_type(*occurs);
                    quote!(#[doc = " Elements of any name, as raw XML."] pub #rust: #ty,)
                }
                Field::Base { rust_name, ty } => {
                    let rust = ident(rust_name);
                    let doc = format!(
                        " The members of the base type [`{ty}`], which come first on the wire."
                    );
                    quote!(#[doc = #doc] pub #rust: #ty,)
                }
            });
        }
        for attribute in &s.attributes {
            declarations.push(self.attribute_declaration(attribute));
        }
        if let Some(text) = text {
            declarations.push(quote! {
                /// Mixed content: the text directly inside the element, in runs split by the
                /// child elements, in document order (runs of only whitespace are dropped).
                /// Written back before the children, where they read back as one run: where
                /// each run stood among the children is not kept.
                pub #text: Vec<String>,
            });
        }
        let mut debug_fields = self.debug_fields(fields, &s.attributes);
        if let Some(text) = text {
            debug_fields.push(DebugField {
                rust_name: text.clone(),
                secret: None,
            });
        }
        let redacts = debug_fields.iter().any(|f| f.secret.is_some());
        let (derive, debug) = if redacts {
            let runtime = &self.context.runtime;
            (
                struct_derives(self.context.derives, false, s.default),
                redact::debug_impl(runtime, name, &debug_fields),
            )
        } else {
            (
                struct_derives(self.context.derives, true, s.default),
                quote!(),
            )
        };
        let yaserde = yaserde::type_attributes(self.context, self.id);
        quote! {
            #doc
            #derive
            #yaserde
            pub struct #name { #(#declarations)* }
            #debug
        }
    }

    /// `new`, for a struct without `Default` some of whose fields have one: it takes the
    /// fields without one ([`StructType::constructor`]) and sets the others to their defaults.
    pub(super) fn constructor(
        &self,
        name: &Ident,
        s: &'a StructType,
        fields: &[Field<'a>],
        text: Option<&Ident>,
    ) -> TokenStream {
        let Some(taken) = &s.constructor else {
            return quote!();
        };
        let mut members: Vec<(Ident, TokenStream)> = Vec::new();
        for field in fields {
            match field {
                Field::Element { field, shape, .. } => {
                    members.push((ident(&field.rust_name), shape.rust_type()));
                }
                Field::SizeOf { .. } => {}
                Field::Group { group, ty } => members.push((
                    ident(&group.rust_name),
                    group_type(ty, group.occurs, group.boxed),
                )),
                Field::Any { rust_name, occurs } => {
                    members.push((ident(rust_name), any_type(*occurs)));
                }
                Field::Base { rust_name, ty } => members.push((ident(rust_name), quote!(#ty))),
            }
        }
        for attribute in &s.attributes {
            let ty = attribute_value(self.context, attribute).rust_type();
            let ty = if attribute.required {
                ty
            } else {
                quote!(Option<#ty>)
            };
            members.push((ident(&attribute.rust_name), ty));
        }
        let is_taken = |rust: &Ident| taken.iter().any(|name| ident(name) == *rust);
        let parameters = members
            .iter()
            .filter(|(rust, _)| is_taken(rust))
            .map(|(rust, ty)| quote!(#rust: #ty));
        let initializers = members.iter().map(|(rust, _)| {
            if is_taken(rust) {
                quote!(#rust,)
            } else {
                quote!(#rust: Default::default(),)
            }
        });
        let text = text.map(|text| quote!(#text: Vec::new(),));
        // One attribute a line, so the documentation reads as `///` lines.
        let doc = [
            format!(" A `{name}` from the fields that have no default value; the others start at"),
            " their defaults (0, `false`, empty, `None`), which is what is sent unless you set"
                .to_owned(),
            format!(" them: `{name} {{ field: value, ..{name}::new(..) }}`."),
        ];
        let doc = doc.iter().map(|line| quote!(#[doc = #line]));
        // Clippy's limit is 7; a request with more fields without defaults is rare.
        let allow = (taken.len() > 7).then(|| {
            quote!(#[allow(clippy::too_many_arguments, reason = "one parameter per field without a default value")])
        });
        quote! {
            #(#doc)*
            #allow
            pub fn new(#(#parameters),*) -> Self {
                Self { #(#initializers)* #text }
            }
        }
    }

    /// The struct's fields as `Debug` prints them, in declaration order.
    fn debug_fields(&self, fields: &[Field<'a>], attributes: &[AttributeField]) -> Vec<DebugField> {
        let members = fields.iter().filter_map(|field| match field {
            Field::Element { field, shape, .. } => Some(DebugField {
                rust_name: ident(&field.rust_name),
                secret: redact::is_secret_name(&field.xml_name.local).then_some(
                    match shape.container {
                        Container::One => Holding::One,
                        Container::Optional { .. } => Holding::Optional,
                        Container::Many | Container::FlatArray { .. } => Holding::Many,
                    },
                ),
            }),
            Field::SizeOf { .. } => None,
            Field::Group { group, .. } => Some(DebugField {
                rust_name: ident(&group.rust_name),
                secret: None,
            }),
            Field::Any { rust_name, .. } | Field::Base { rust_name, .. } => Some(DebugField {
                rust_name: ident(rust_name),
                secret: None,
            }),
        });
        let attributes = attributes.iter().map(|attribute| DebugField {
            rust_name: ident(&attribute.rust_name),
            secret: redact::is_secret_name(&attribute.xml_name.local).then_some(
                if attribute.required {
                    Holding::One
                } else {
                    Holding::Optional
                },
            ),
        });
        members.chain(attributes).collect()
    }

    fn attribute_declaration(&self, attribute: &AttributeField) -> TokenStream {
        let rust = ident(&attribute.rust_name);
        let ty = attribute_value(self.context, attribute).rust_type();
        let doc = doc_attr(&match &attribute.doc {
            Some(doc) => wsdl_doc(doc),
            None => format!("The attribute `{}`.", attribute.xml_name.local),
        });
        let yaserde = yaserde::attribute_attributes(self.context, self.id, attribute);
        if attribute.required {
            quote!(#doc #yaserde pub #rust: #ty,)
        } else {
            quote!(#doc #yaserde pub #rust: Option<#ty>,)
        }
    }

    /// The enum of a choice: one variant per alternative.
    pub(super) fn choice_declaration(
        &self,
        name: &Ident,
        doc: TokenStream,
        c: &'a ChoiceType,
    ) -> TokenStream {
        let ir = self.context.ir;
        let variants = c.variants.iter().map(|variant| {
            let vname = ident(&variant.rust_name);
            match &variant.content {
                VariantContent::Element(e) => {
                    let ty = element_shape(self.context.ir, e).rust_type();
                    let doc = doc_attr(&field_doc(e));
                    quote!(#doc #vname(#ty),)
                }
                VariantContent::Group(g) => {
                    let ty = ident(&ir.ty(g.ty).rust_name);
                    let held = group_type(&ty, g.occurs, g.boxed);
                    let doc = doc_attr(&format!(
                        "The alternative [`{}`] (a group of elements).",
                        ir.ty(g.ty).rust_name
                    ));
                    quote!(#doc #vname(#held),)
                }
                VariantContent::Any(a) => {
                    let ty = any_type(Occurs {
                        min: 1,
                        max: a.occurs.max,
                    });
                    quote!(#[doc = " An element of any name, as raw XML."] #vname(#ty),)
                }
            }
        });
        let derive = derives(self.context.derives);
        quote! {
            #doc
            #derive
            pub enum #name { #(#variants)* }
        }
    }

    /// The struct of a simple-content type: its text value and its attributes.
    pub(super) fn simple_content_declaration(
        &self,
        name: &Ident,
        doc: TokenStream,
        sc: &'a SimpleContentType,
    ) -> TokenStream {
        let value_ty = simple_value(self.context.ir, sc.value).rust_type();
        let attributes = sc.attributes.iter().map(|a| self.attribute_declaration(a));
        let derive = derives(self.context.derives);
        let yaserde = yaserde::type_attributes(self.context, self.id);
        let yaserde_text = yaserde::text_attributes(self.context, self.id);
        quote! {
            #doc
            #derive
            #yaserde
            pub struct #name {
                #[doc = " The text content."]
                #yaserde_text
                pub value: #value_ty,
                #(#attributes)*
            }
        }
    }
}
