//! The types polymorphism adds: a sum type per base type with concrete derived types
//! (`xsi:type` on the wire), and an enum per substitution group a field refers to (each
//! member under its own element name).

use proc_macro2::TokenStream;
use quote::quote;

use super::attrs::derives;
use super::codec::{read_value, write_value};
use super::context::Context;
use super::shape::{ident, value};
use crate::ir::{GlobalElement, StructType, SubstitutionEnum, SumVariant, TypeId, TypeKind};

/// Why the generated enums allow `clippy::large_enum_variant`: their variants' sizes depend
/// on the schema, and boxing the common case would cost an allocation per value.
const LARGE_VARIANT_REASON: &str =
    "variant sizes follow the schema; the base (or each element's value) is held inline";

/// The sum type of `base` named `name`: the base inline, and each type derived directly from
/// it ([`Ir::sum_variants`]): boxed, or when other types derive from it in turn, as that
/// type's own sum type, inline. A derived value is written with `xsi:type`; decoding dispatches on
/// `xsi:type` and falls back to the base for a missing or unknown one (its unknown children
/// are skipped).
pub(super) fn sum_type(context: &Context<'_>, base: TypeId, name: &str) -> TokenStream {
    let ir = context.ir;
    let base_def = ir.ty(base);
    let base_ident = ident(&base_def.rust_name);
    let is_abstract = matches!(&base_def.kind, TypeKind::Struct(s) if s.is_abstract);
    let name = ident(name);
    let base_doc = if is_abstract {
        format!(
            " A value whose `xsi:type` names no type known here, or is missing: the members of \
             the abstract base [`{}`] only.",
            base_def.rust_name
        )
    } else {
        format!(
            " A [`{}`] itself, written without `xsi:type` (also what a value of a derived type \
             this module does not know decodes to).",
            base_def.rust_name
        )
    };
    let mut variants = vec![quote!(#[doc = #base_doc] #base_ident(#base_ident),)];
    // In SOAP encoding every value names its type, the base's too.
    let base_written = context.prefixes.written(&base_def.xml_name);
    let base_write = if base_def.encoded {
        quote!(Self::#base_ident(value) => {
            w.encoded_xsi_type(#base_written);
            value.write_content(w);
        })
    } else {
        quote!(Self::#base_ident(value) => value.write_content(w),)
    };
    let mut writes = vec![base_write];
    let mut reads = Vec::new();
    let mut knows = vec![type_name_pattern(base_def)];
    let mut knows_nested = Vec::new();
    let mut froms = Vec::new();
    if !is_abstract {
        froms.push(quote! {
            impl From<#base_ident> for #name {
                fn from(value: #base_ident) -> Self {
                    Self::#base_ident(value)
                }
            }
        });
    }
    for variant in ir.sum_variants(base) {
        let derived = match variant {
            SumVariant::Struct(id) | SumVariant::Sum(id) => id,
        };
        let def = ir.ty(derived);
        let variant_ident = ident(&def.rust_name);
        let written = context.prefixes.written(&def.xml_name);
        let pattern = type_name_pattern(def);
        match variant {
            SumVariant::Struct(_) => {
                let doc = format!(
                    " A [`{}`], written with `xsi:type=\"{written}\"`.",
                    def.rust_name
                );
                variants.push(quote!(#[doc = #doc] #variant_ident(Box<#variant_ident>),));
                writes.push(quote! {
                    Self::#variant_ident(value) => {
                        w.xsi_type(#written);
                        value.write_content(w);
                    }
                });
                reads.push(quote! {
                    Some(#pattern) => Ok(Self::#variant_ident(Box::new(#variant_ident::read_element(r, element)?))),
                });
                knows.push(pattern);
                froms.push(quote! {
                    impl From<#variant_ident> for #name {
                        fn from(value: #variant_ident) -> Self {
                            Self::#variant_ident(Box::new(value))
                        }
                    }
                });
            }
            SumVariant::Sum(_) => {
                let TypeKind::Struct(StructType {
                    sum_rust_name: Some(sum),
                    is_abstract,
                    ..
                }) = &def.kind
                else {
                    unreachable!("a nested variant is a struct with a sum type")
                };
                let sum = ident(sum);
                let doc = format!(
                    " A [`{}`] or a value of a type derived from it ([`{sum}`]), written with its \
                     `xsi:type`.",
                    def.rust_name
                );
                // Inline: a chain of sum types each boxing the next is a type nested as deep
                // as the chain, past what the compiler's drop check follows.
                variants.push(quote!(#[doc = #doc] #variant_ident(#sum),));
                writes.push(quote!(Self::#variant_ident(value) => value.write_typed_content(w),));
                reads.push(quote! {
                    Some(name) if #sum::knows(name) => Ok(Self::#variant_ident(#sum::read_typed(r, element, Some(name))?)),
                });
                knows_nested.push(quote!(#sum::knows(name)));
                froms.push(quote! {
                    impl From<#sum> for #name {
                        fn from(value: #sum) -> Self {
                            Self::#variant_ident(value)
                        }
                    }
                });
                if !is_abstract {
                    froms.push(quote! {
                        impl From<#variant_ident> for #name {
                            fn from(value: #variant_ident) -> Self {
                                Self::#variant_ident(#sum::from(value))
                            }
                        }
                    });
                }
            }
        }
    }
    // Held in the sum type of the type it derives from, the base itself names its type too.
    let nested = matches!(
        &base_def.kind,
        TypeKind::Struct(StructType { base: Some(parent), .. })
            if matches!(&ir.ty(*parent).kind, TypeKind::Struct(p) if p.sum_rust_name.is_some())
    );
    let nested_helpers = nested.then(|| {
        quote! {
            /// As [`write_content`](Self::write_content), with the `xsi:type` of the base
            /// too: for this value held in the sum type of a type its base derives from.
            fn write_typed_content(&self, w: &mut XmlWriter) {
                match self {
                    Self::#base_ident(value) => {
                        w.xsi_type(#base_written);
                        value.write_content(w);
                    }
                    other => other.write_content(w),
                }
            }

            /// Whether `name` (namespace, local name) is the base's type or one derived
            /// from it.
            fn knows(name: (Option<&str>, &str)) -> bool {
                matches!(name, #(#knows)|*) #(|| #knows_nested)*
            }
        }
    });
    let doc = format!(
        " A [`{}`] or a value of a type derived from it: a derived value carries `xsi:type` on \
         the wire.",
        base_def.rust_name
    );
    let derive = derives(context.derives);
    quote! {
        #[doc = #doc]
        #[allow(clippy::large_enum_variant, reason = #LARGE_VARIANT_REASON)]
        #derive
        pub enum #name { #(#variants)* }

        #(#froms)*

        impl #name {
            /// Writes the `xsi:type` of a derived value, then its attributes and children; the
            /// element's start tag is open.
            pub fn write_content(&self, w: &mut XmlWriter) {
                match self { #(#writes)* }
            }

            /// Writes `self` as the element `name`.
            pub fn write_element(&self, w: &mut XmlWriter, name: &str) {
                w.start_element(name);
                self.write_content(w);
                w.end_element(name);
            }

            /// Decodes `element` as the type its `xsi:type` names; without one, or with a
            /// type not derived from the base, as the base.
            pub fn read_element<'a>(r: &mut XmlReader<'a>, element: &Element<'a>) -> Result<Self> {
                let derived = r.xsi_type(element)?;
                Self::read_typed(r, element, derived.as_ref().map(|name| (name.namespace.as_deref(), name.local_name.as_str())))
            }

            /// Decodes `element` as the type `name` (its `xsi:type`: namespace, local name).
            fn read_typed<'a>(r: &mut XmlReader<'a>, element: &Element<'a>, name: Option<(Option<&str>, &str)>) -> Result<Self> {
                match name {
                    #(#reads)*
                    _ => Ok(Self::#base_ident(#base_ident::read_element(r, element)?)),
                }
            }

            #nested_helpers
        }
    }
}

/// The pattern matching a type's name as `(namespace, local name)`.
fn type_name_pattern(def: &crate::ir::TypeDef) -> TokenStream {
    let namespace = match &def.xml_name.namespace {
        Some(ns) => quote!(Some(#ns)),
        None => quote!(None),
    };
    let local = &def.xml_name.local;
    quote!((#namespace, #local))
}

/// The enum of the elements that may stand for `head_element`, the head of a substitution
/// group: each member written under its own name, and read back by its local name.
pub(super) fn substitution_enum(
    context: &Context<'_>,
    head_element: &GlobalElement,
    substitution: &SubstitutionEnum,
) -> TokenStream {
    let ir = context.ir;
    let name = ident(&substitution.rust_name);
    let mut variants = Vec::new();
    let mut writes = Vec::new();
    let mut reads = Vec::new();
    for member in &substitution.variants {
        let variant = ident(&member.rust_name);
        let element = ir.element(member.element);
        let kind = value(ir, element.ty);
        let ty = kind.rust_type();
        let written = context.prefixes.written(&element.xml_name);
        let doc = format!(" The element `{written}`.");
        variants.push(quote!(#[doc = #doc] #variant(#ty),));
        let write = write_value(&kind, quote!(value), true, &written, None);
        writes.push(quote!(Self::#variant(value) => { #write }));
        if member.decodable {
            let local = &element.xml_name.local;
            let read = read_value(&kind, false, &quote!(element));
            reads.push(quote!(#local => Ok(Self::#variant(#read)),));
        }
    }
    let head_name = &head_element.xml_name;
    let doc = format!(
        " An element of the substitution group headed by `{head_name}`: the head (unless \
         abstract) or a member, each written under its own name."
    );
    // A format string for the generated code: the head's `{namespace}` braces are escaped.
    let invalid = format!(
        "<{{other}}> is not an element of the substitution group of {}",
        head_name.to_string().replace('{', "{{").replace('}', "}}")
    );
    let derive = derives(context.derives);
    quote! {
        #[doc = #doc]
        #[allow(clippy::large_enum_variant, reason = #LARGE_VARIANT_REASON)]
        #derive
        pub enum #name { #(#variants)* }

        impl #name {
            /// Writes the element this value stands for.
            pub fn write_element(&self, w: &mut XmlWriter) {
                match self { #(#writes)* }
            }

            /// Decodes `element`, one of the group's elements (by local name).
            pub fn read_element<'a>(r: &mut XmlReader<'a>, element: &Element<'a>) -> Result<Self> {
                match element.local_name() {
                    #(#reads)*
                    other => Err(r.error(DecodeErrorKind::Invalid(format!(#invalid)))),
                }
            }
        }
    }
}
