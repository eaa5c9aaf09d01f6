//! Fault enums: for each operation with declared faults, an enum of their details. Clients
//! get the typed detail out of the one runtime `Error` (`from_error`); servers send one
//! (`to_fault`). Ports sharing a portType share the enum (see [`Operation::fault_enum`]).

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::attrs::{derives, doc_attr};
use super::codec::read_value_result;
use super::context::Context;
use super::operation::{content_writer, written_part};
use super::shape::{ident, value};
use crate::ir::Operation;

pub(crate) fn emit_faults(context: &Context<'_>) -> TokenStream {
    let mut out = TokenStream::new();
    let mut emitted = HashSet::new();
    let operations = context
        .ir
        .services
        .iter()
        .flat_map(|s| &s.ports)
        .flat_map(|p| &p.operations);
    for operation in operations {
        if let Some(name) = &operation.fault_enum {
            if emitted.insert(name.as_str()) {
                out.extend(fault_enum(context, operation, name));
            }
        }
    }
    out
}

fn fault_enum(context: &Context<'_>, operation: &Operation, name: &str) -> TokenStream {
    let runtime = &context.runtime;
    let ir = context.ir;
    let name = ident(name);
    let mut variants = Vec::new();
    let mut decodes = Vec::new();
    let mut writes = Vec::new();
    for fault in &operation.faults {
        let variant = ident(&fault.rust_name);
        let kind = value(ir, fault.part.ty);
        let ty = kind.rust_type();
        // The detail element: a `type=` part's is named after the part, unqualified.
        let xml_name = &fault.part.xml_name;
        let (namespace, local) = (&xml_name.namespace, &xml_name.local);
        let written = written_part(context, &fault.part);
        let doc = doc_attr(&format!(
            "Fault `{}`: the detail element `{xml_name}`.",
            fault.name
        ));
        variants.push(quote!(#doc #variant(#ty),));
        let namespace = match &namespace {
            Some(ns) => quote!(Some(#ns)),
            None => quote!(None),
        };
        let read = read_value_result(&kind, &quote!(element));
        decodes.push(quote! {
            if element.is(#namespace, #local) {
                return Ok(Some(Self::#variant(#read?)));
            }
        });
        let content = content_writer(&kind, quote!(detail), true);
        writes.push(quote! {
            Self::#variant(detail) => write_document(w, #written, |w| { #content }),
        });
    }
    let doc = doc_attr(&format!(
        "The details of the faults operation `{}` declares. A call answered with one of them \
         fails with `ErrorKind::Fault`; [`{name}::from_error`] decodes its detail. A server \
         answers with one through [`{name}::to_fault`].",
        operation.name
    ));
    let derive = derives(context.derives);
    quote! {
        #doc
        #derive
        #[allow(clippy::large_enum_variant, reason = "fault details are rare; boxing would only make matching on them clumsier")]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The typed detail of `error` when it is a SOAP fault whose detail element is one
            /// of these faults; `Ok(None)` for any other error or detail. An `Err` is a detail
            /// that names one of these faults but does not decode; `error` keeps the fault as
            /// received.
            pub fn from_error(error: &#runtime::Error) -> Result<Option<Self>> {
                match error.fault() {
                    Some(fault) => Self::from_fault(fault),
                    None => Ok(None),
                }
            }

            /// The typed detail of `fault`, as [`from_error`](Self::from_error) reads it.
            pub fn from_fault(fault: &#runtime::SoapFault) -> Result<Option<Self>> {
                fault.decode_detail(|r, element| {
                    #(#decodes)*
                    Ok(None)
                })
            }

            /// A fault with this detail, for server implementations: `Server` (SOAP 1.1) or
            /// `Receiver` (SOAP 1.2) with `string` as its text, the detail element written by
            /// the generated writer.
            pub fn to_fault(&self, version: #runtime::SoapVersion, string: impl Into<String>) -> #runtime::SoapFault {
                #runtime::SoapFault::server(version, string).with_detail(|w| match self {
                    #(#writes)*
                })
            }
        }
    }
}
