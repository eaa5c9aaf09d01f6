//! What clients, servers and fault enums share about an operation: the Rust type its method
//! returns, the name a part is written under, the SOAP version constant, and how a value is
//! written as the content of a body or header element.

use proc_macro2::TokenStream;
use quote::quote;

use super::context::Context;
use super::shape::{Value, element_shape, ident, value};
use crate::ir::{Member, MessagePart, MethodOutput, SoapVersion, TypeKind, Unwrap};

/// The Rust type an operation's method returns (without the `Result`).
pub(super) fn output_type(context: &Context<'_>, output: &MethodOutput) -> TokenStream {
    let ir = context.ir;
    match output {
        MethodOutput::OneWay => quote!(()),
        MethodOutput::Wrapped { wrapper, unwrap } => match unwrap {
            Unwrap::Nothing => quote!(()),
            Unwrap::Field(field) => {
                let TypeKind::Struct(s) = &ir.ty(*wrapper).kind else {
                    unreachable!("a wrapped response unwraps a field of a struct");
                };
                let field = s.members.iter().find_map(|member| match member {
                    Member::Element(e) if e.rust_name == *field => Some(e),
                    _ => None,
                });
                let Some(field) = field else {
                    unreachable!("an unwrapped field is a member of its wrapper");
                };
                element_shape(ir, field).rust_type()
            }
            Unwrap::Whole => {
                let wrapper = ident(&ir.ty(*wrapper).rust_name);
                quote!(#wrapper)
            }
        },
        MethodOutput::Bare(None) => quote!(()),
        MethodOutput::Bare(Some(part)) => value(ir, *part).rust_type(),
        MethodOutput::Rpc(parts) => {
            let types = parts.iter().map(|&ty| value(ir, ty).rust_type());
            match parts.len() {
                1 => quote!(#(#types)*),
                _ => quote!((#(#types),*)),
            }
        }
    }
}

/// The name a part is written under: `ns0:local` for an element part, the part name for a
/// `type=` part.
pub(super) fn written_part(context: &Context<'_>, part: &MessagePart) -> String {
    context.prefixes.written(&part.xml_name)
}

/// The runtime's `SoapVersion` constant for a binding's version.
pub(super) fn soap_version(context: &Context<'_>, version: SoapVersion) -> TokenStream {
    let runtime = &context.runtime;
    match version {
        SoapVersion::Soap11 => quote!(#runtime::SoapVersion::Soap11),
        SoapVersion::Soap12 => quote!(#runtime::SoapVersion::Soap12),
    }
}

/// Writes a value as the content of an element whose start tag is open; `place` is a
/// reference when `is_ref`, else a place expression.
pub(super) fn content_writer(value: &Value, place: TokenStream, is_ref: bool) -> TokenStream {
    let reference = if is_ref {
        place.clone()
    } else {
        quote!(&#place)
    };
    match value {
        Value::Scalar(_) => quote!(w.scalar_text(#reference);),
        Value::Text => quote!(w.text(#reference);),
        Value::RawXml => quote!(w.raw(#reference);),
        Value::Defined { simple: true, .. } => quote!(w.text(&#place.as_xml_text());),
        Value::Defined { simple: false, .. } | Value::Substitution(_) => {
            quote!(#place.write_content(w);)
        }
    }
}
