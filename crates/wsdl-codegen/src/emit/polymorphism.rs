//! The types polymorphism adds: a sum type per base type with concrete derived types
//! (`xsi:type` on the wire), and an enum per substitution group a field refers to (each
//! member under its own element name).

use proc_macro2::TokenStream;
use quote::quote;

use super::attrs::derives;
use super::codec::{read_value, write_value};
use super::context::Context;
use super::shape::{ident, value};
use crate::ir::{GlobalElement, SubstitutionEnum, TypeId, TypeKind};

/// Why the generated enums allow `clippy::large_enum_variant`: their variants' sizes depend
/// on the schema, and boxing the common case would cost an allocation per value.
const LARGE_VARIANT_REASON: &str =
    "variant sizes follow the schema; the base (or each element's value) is held inline";

/// The sum type of `base` named `name`: the base inline, every concrete derived type boxed.
/// A derived value is written with `xsi:type`; decoding dispatches on `xsi:type` and falls
/// back to the base for a missing or unknown one (its unknown children are skipped).
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
    let base_write = if base_def.encoded {
        let written = context.prefixes.written(&base_def.xml_name);
        quote!(Self::#base_ident(value) => {
            w.encoded_xsi_type(#written);
            value.write_content(w);
        })
    } else {
        quote!(Self::#base_ident(value) => value.write_content(w),)
    };
    let mut writes = vec![base_write];
    let mut reads = Vec::new();
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
    for derived in ir.polymorphic_variants(base) {
        let def = ir.ty(derived);
        let variant = ident(&def.rust_name);
        let written = context.prefixes.written(&def.xml_name);
        let doc = format!(
            " A [`{}`], written with `xsi:type=\"{written}\"`.",
            def.rust_name
        );
        variants.push(quote!(#[doc = #doc] #variant(Box<#variant>),));
        writes.push(quote! {
            Self::#variant(value) => {
                w.xsi_type(#written);
                value.write_content(w);
            }
        });
        let namespace = match &def.xml_name.namespace {
            Some(ns) => quote!(Some(#ns)),
            None => quote!(None),
        };
        let local = &def.xml_name.local;
        reads.push(quote! {
            Some((#namespace, #local)) => Ok(Self::#variant(Box::new(#variant::read_element(r, element)?))),
        });
        froms.push(quote! {
            impl From<#variant> for #name {
                fn from(value: #variant) -> Self {
                    Self::#variant(Box::new(value))
                }
            }
        });
    }
    let doc = format!(
        " A [`{}`] or a value of a type derived from it: a derived value carries `xsi:type` on \
         the wire.",
        base_def.rust_name
    );
    let derive = derives();
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
                match derived.as_ref().map(|name| (name.namespace.as_deref(), name.local_name.as_str())) {
                    #(#reads)*
                    _ => Ok(Self::#base_ident(#base_ident::read_element(r, element)?)),
                }
            }
        }
    }
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
    let derive = derives();
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
