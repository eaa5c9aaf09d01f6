//! What clients, servers and fault enums share about an operation: the Rust type its method
//! returns, the name a part is written under, the SOAP version constant, the encoding a body
//! is written in, and how a value is written as the content of a body or header element.

use proc_macro2::TokenStream;
use quote::quote;

use super::context::Context;
use super::shape::{Value, element_shape, ident, value};
use crate::ir::{
    Body, BodyUse, Member, MessagePart, MethodOutput, MethodSignature, OperationMessage,
    SoapVersion, TypeKind, Unwrap,
};
use crate::qname::{SOAP_ENCODING_NS, SOAP12_ENCODING_NS};

/// The Rust type an operation's method returns (without the `Result`): its output struct when
/// the response carries headers, else what the body gives.
pub(super) fn method_output_type(
    context: &Context<'_>,
    signature: &MethodSignature,
) -> TokenStream {
    match &signature.output_headers {
        Some(headers) => {
            let name = ident(&headers.struct_name);
            quote!(#name)
        }
        None => output_type(context, &signature.output),
    }
}

/// The Rust type of what a method returns of the response's body.
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
        MethodOutput::Parts(parts) => {
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

/// The runtime's `SoapEncoding` a message's body is written in: `None` for a literal body.
/// The `encodingStyle` decides between SOAP 1.1 and 1.2 encoding; without one, the binding's
/// SOAP version does.
pub(super) fn body_encoding(
    context: &Context<'_>,
    message: &OperationMessage,
    version: SoapVersion,
) -> Option<TokenStream> {
    if message.body_use != BodyUse::Encoded {
        return None;
    }
    let style = match &message.body {
        Body::Rpc { encoding_style, .. } => encoding_style.as_deref(),
        Body::Wrapped { .. } | Body::Bare { .. } => None,
    };
    let names = |uri: &str| style.is_some_and(|style| style.split_whitespace().any(|s| s == uri));
    let soap12 = if names(SOAP12_ENCODING_NS) {
        true
    } else if names(SOAP_ENCODING_NS) {
        false
    } else {
        version == SoapVersion::Soap12
    };
    let runtime = &context.runtime;
    Some(if soap12 {
        quote!(#runtime::encoding::SoapEncoding::Soap12)
    } else {
        quote!(#runtime::encoding::SoapEncoding::Soap11)
    })
}

/// The statement writing the body element `name`, its content written by the closure
/// `content`: in SOAP encoding `encoding` when given.
pub(super) fn write_body_element(
    encoding: Option<&TokenStream>,
    name: &str,
    content: TokenStream,
) -> TokenStream {
    match encoding {
        Some(encoding) => quote!(write_encoded_document(w, #name, #encoding, #content)),
        None => quote!(write_document(w, #name, #content)),
    }
}

/// The `xsi:type` a part carries in an encoded body (`None` in a literal one, and for
/// anonymous types).
pub(super) fn part_xsi_type(
    context: &Context<'_>,
    encoding: Option<&TokenStream>,
    part: &MessagePart,
) -> Option<String> {
    encoding?;
    context.prefixes.type_name(context.ir, part.ty)
}

/// The closure writing a document part's content (`content`, statements over `w`) into its
/// open body element: in an encoded body with the part's `xsi:type` first.
pub(super) fn part_content(
    context: &Context<'_>,
    encoding: Option<&TokenStream>,
    part: &MessagePart,
    content: TokenStream,
) -> TokenStream {
    match part_xsi_type(context, encoding, part) {
        Some(xsi_type) => quote!(|w| {
            w.encoded_xsi_type(#xsi_type);
            #content
        }),
        None => quote!(|w| { #content }),
    }
}
