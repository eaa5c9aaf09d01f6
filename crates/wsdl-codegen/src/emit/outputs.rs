//! Output structs: what the method of an operation whose response carries SOAP headers
//! returns, the body's output with the header blocks (see [`crate::ir::OutputHeaders`]).

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::attrs::{derives, doc_attr};
use super::context::Context;
use super::operation::output_type;
use super::shape::{ident, value};
use crate::ir::{Operation, OutputHeaders};

pub(crate) fn emit_output_structs(context: &Context<'_>) -> TokenStream {
    let mut out = TokenStream::new();
    let mut emitted = HashSet::new();
    let operations = context
        .ir
        .services
        .iter()
        .flat_map(|s| &s.ports)
        .flat_map(|p| &p.operations);
    for operation in operations {
        if let Some(headers) = &operation.method.output_headers {
            if emitted.insert(headers.struct_name.as_str()) {
                out.extend(output_struct(context, operation, headers));
            }
        }
    }
    out
}

fn output_struct(
    context: &Context<'_>,
    operation: &Operation,
    headers: &OutputHeaders,
) -> TokenStream {
    let name = ident(&headers.struct_name);
    let doc = doc_attr(&format!(
        "What operation `{}` returns: the response's body and its SOAP headers.",
        operation.name
    ));
    let body = (!operation.method.output.is_unit()).then(|| {
        let ty = output_type(context, &operation.method.output);
        quote! {
            /// The response's body.
            pub body: #ty,
        }
    });
    let fields = headers.fields.iter().map(|field| {
        let name = ident(&field.rust_name);
        let ty = value(context.ir, field.ty).rust_type();
        let (ty, doc) = if field.required {
            (ty, format!("SOAP header `{}` (required).", field.xml_name))
        } else {
            (
                quote!(Option<#ty>),
                format!(
                    "SOAP header `{}`; `None` when the response does not carry it.",
                    field.xml_name
                ),
            )
        };
        let doc = doc_attr(&doc);
        quote! {
            #doc
            pub #name: #ty,
        }
    });
    let derives = derives(context.derives);
    quote! {
        #doc
        #derives
        pub struct #name {
            #body
            #(#fields)*
        }
    }
}
