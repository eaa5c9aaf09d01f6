//! Client ports: one struct per WSDL port, one `async fn` per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::shape::{Value, WrappedResponse, ident, value};
use super::{Context, doc_attr};
use crate::ir::{Body, MessagePart, Operation, OperationMessage, Port, Service, SoapVersion};
use crate::raw::BodyUse;

pub(crate) fn emit_ports(context: &Context<'_>) -> TokenStream {
    let mut out = TokenStream::new();
    for service in &context.ir.services {
        for port in &service.ports {
            out.extend(
                PortEmitter {
                    context,
                    service,
                    port,
                }
                .emit(),
            );
        }
    }
    out
}

struct PortEmitter<'c, 'a> {
    context: &'c Context<'a>,
    service: &'a Service,
    port: &'a Port,
}

/// How an operation's request is written and its response read.
struct Signature {
    params: Vec<TokenStream>,
    /// Writes the SOAP header blocks, for operations with input headers.
    write_header: Option<TokenStream>,
    write_body: TokenStream,
    output: TokenStream,
    decode: TokenStream,
}

impl<'a> PortEmitter<'_, 'a> {
    fn emit(&self) -> TokenStream {
        let runtime = &self.context.runtime;
        let client = ident(&self.port.client_name);
        let doc = doc_attr(Some(&format!(
            "Client for port `{}` of service `{}` ({}).{}",
            self.port.name,
            self.service.name,
            match self.port.soap_version {
                SoapVersion::Soap11 => "SOAP 1.1",
                SoapVersion::Soap12 => "SOAP 1.2",
            },
            self.port
                .doc
                .as_deref()
                .map(|d| format!("\n\n{d}"))
                .unwrap_or_default()
        )));
        let address = match &self.port.address {
            Some(address) => quote! {
                /// The address the WSDL gives (`soap:address`); servers often publish another.
                pub const WSDL_ADDRESS: &'static str = #address;
            },
            None => quote!(),
        };
        let methods = self
            .port
            .operations
            .iter()
            .map(|operation| self.method(operation));
        quote! {
            #doc
            #[derive(Clone, Debug)]
            pub struct #client {
                client: #runtime::SoapClient,
                endpoint: #runtime::Endpoint,
            }

            impl #client {
                #address

                /// A client that calls the port at `endpoint` through `client`.
                pub fn new(client: #runtime::SoapClient, endpoint: impl Into<String>) -> Self {
                    Self { client, endpoint: #runtime::Endpoint::new(endpoint) }
                }

                /// The endpoint URL calls go to.
                pub fn endpoint(&self) -> &str {
                    self.endpoint.as_str()
                }

                /// The HTTP client calls go through.
                pub fn soap_client(&self) -> &#runtime::SoapClient {
                    &self.client
                }

                #(#methods)*
            }
        }
    }

    fn method(&self, operation: &Operation) -> TokenStream {
        let runtime = &self.context.runtime;
        let name = ident(&operation.rust_name);
        let action = operation.soap_action.clone().unwrap_or_default();
        let mut doc = operation
            .doc
            .clone()
            .map(|d| format!("{d}\n\n"))
            .unwrap_or_default();
        doc.push_str(&format!("Operation `{}`", operation.name));
        if !action.is_empty() {
            doc.push_str(&format!(", SOAPAction `{action}`"));
        }
        doc.push('.');
        if let Some(faults) = &operation.fault_enum {
            doc.push_str(&format!(
                "\n\nA declared fault fails the call with `ErrorKind::Fault`; \
                 [`{faults}::from_error`] decodes its detail."
            ));
        }
        let encoded = operation.input.body_use == BodyUse::Encoded
            || operation
                .output
                .as_ref()
                .is_some_and(|o| o.body_use == BodyUse::Encoded);
        let signature = if encoded {
            None
        } else {
            self.signature(operation)
        };
        let Some(signature) = signature else {
            let reason = if encoded {
                "rpc/encoded (SOAP section 5 encoding) is not supported"
            } else {
                "its response has several body parts, which is not supported"
            };
            doc.push_str(&format!(
                "\n\nNot supported: {reason}; calling it returns an error."
            ));
            let doc = doc_attr(Some(&doc));
            let operation_name = &operation.name;
            return quote! {
                #doc
                pub async fn #name(&self) -> #runtime::Result<()> {
                    Err(#runtime::ErrorKind::Unsupported { operation: #operation_name, reason: #reason }.into())
                }
            };
        };
        let doc = doc_attr(Some(&doc));
        let Signature {
            params,
            write_header,
            write_body,
            output,
            decode,
        } = signature;
        let call = match write_header {
            Some(write_header) => quote! {
                self.client.call_with_header(&OPERATION, &self.endpoint, #write_header, #write_body)
            },
            None => quote!(self.client.call(&OPERATION, &self.endpoint, #write_body)),
        };
        let service = &self.service.name;
        let operation_name = &operation.name;
        let version = match self.port.soap_version {
            SoapVersion::Soap11 => quote!(#runtime::SoapVersion::Soap11),
            SoapVersion::Soap12 => quote!(#runtime::SoapVersion::Soap12),
        };
        let response = match self.response_element(operation) {
            Some(element) => {
                let namespace = match &element.namespace {
                    Some(namespace) => quote!(Some(#namespace)),
                    None => quote!(None),
                };
                let local = &element.local;
                quote!(Some(#runtime::ResponseElement { namespace: #namespace, local_name: #local }))
            }
            None => quote!(None),
        };
        quote! {
            #doc
            pub async fn #name(&self, #(#params),*) -> #runtime::Result<#output> {
                const OPERATION: #runtime::Operation = #runtime::Operation {
                    service: #service,
                    name: #operation_name,
                    action: #action,
                    version: #version,
                    response: #response,
                };
                let response = #call.await?;
                #decode
            }
        }
    }

    fn signature(&self, operation: &Operation) -> Option<Signature> {
        let (mut params, write_body) = self.request(&operation.input);
        let headers = &operation.input.headers;
        params.extend(headers.iter().map(|header| self.param(&header.part)));
        let write_header = (!headers.is_empty()).then(|| {
            let writes = headers.iter().map(|header| {
                let name = self.part_name(&header.part);
                let var = ident(&header.part.rust_name);
                let content =
                    content_writer(&value(self.context.ir, header.part.ty), quote!(#var), true);
                quote!(write_document(w, #name, |w| { #content });)
            });
            quote!(|w| { #(#writes)* })
        });
        let (output, decode) = match &operation.output {
            None => (quote!(()), quote!(let _ = response; Ok(()))),
            Some(output) => self.response(output)?,
        };
        Some(Signature {
            params,
            write_header,
            write_body,
            output,
            decode,
        })
    }

    /// The element a document-style response must start with: the output part's element.
    /// Type parts and rpc wrappers (whose names servers vary) are not checked.
    fn response_element(&self, operation: &Operation) -> Option<&'a crate::qname::QName> {
        let part = match &operation.output.as_ref()?.body {
            Body::Wrapped { part } => part,
            Body::Bare { parts } => match parts.as_slice() {
                [part] => part,
                _ => return None,
            },
            Body::Rpc { .. } => return None,
        };
        Some(&self.context.ir.element(part.element?).xml_name)
    }

    /// The name a part is written under: its element's, or (type parts) the part name.
    fn part_name(&self, part: &MessagePart) -> String {
        match part.element {
            Some(element) => self
                .context
                .prefixes
                .written(&self.context.ir.element(element).xml_name),
            None => part.name.clone(),
        }
    }

    /// A method parameter for a message part: a reference to its value.
    fn param(&self, part: &MessagePart) -> TokenStream {
        let name = ident(&part.rust_name);
        let ty = match value(self.context.ir, part.ty) {
            Value::Text | Value::RawXml => quote!(str),
            other => other.rust_type(),
        };
        quote!(#name: &#ty)
    }

    fn request(&self, message: &OperationMessage) -> (Vec<TokenStream>, TokenStream) {
        let ir = self.context.ir;
        let param = |part: &MessagePart| self.param(part);
        match &message.body {
            Body::Wrapped { part } => {
                let name = self.part_name(part);
                let var = ident(&part.rust_name);
                let content = content_writer(&value(ir, part.ty), quote!(#var), true);
                (
                    vec![param(part)],
                    quote!(|w| write_document(w, #name, |w| { #content })),
                )
            }
            Body::Bare { parts } => {
                let writes = parts.iter().map(|part| {
                    let name = self.part_name(part);
                    let var = ident(&part.rust_name);
                    let content = content_writer(&value(ir, part.ty), quote!(#var), true);
                    quote!(write_document(w, #name, |w| { #content });)
                });
                let body = if parts.is_empty() {
                    quote!(|_| {})
                } else {
                    quote!(|w| { #(#writes)* })
                };
                (parts.iter().map(param).collect(), body)
            }
            Body::Rpc { wrapper, parts, .. } => {
                let wrapper = self.context.prefixes.written(wrapper);
                let writes = parts.iter().map(|part| {
                    let name = self.part_name(part);
                    let var = ident(&part.rust_name);
                    super::codec::write_value(&value(ir, part.ty), quote!(#var), true, &name)
                });
                let content = if parts.is_empty() {
                    quote!(|_| {})
                } else {
                    quote!(|w| { #(#writes)* })
                };
                (
                    parts.iter().map(param).collect(),
                    quote!(|w| write_document(w, #wrapper, #content)),
                )
            }
        }
    }

    fn response(&self, message: &OperationMessage) -> Option<(TokenStream, TokenStream)> {
        let ir = self.context.ir;
        match &message.body {
            Body::Wrapped { part } => {
                let response = WrappedResponse::of(ir, part.ty)?;
                let decode = match &response {
                    WrappedResponse::Unit { wrapper } => {
                        quote!(response.decode(|r, element| #wrapper::read_element(r, element).map(drop)))
                    }
                    WrappedResponse::Single { wrapper, field } => {
                        let field = ident(&field.rust_name);
                        quote!(response.decode(|r, element| Ok(#wrapper::read_element(r, element)?.#field)))
                    }
                    WrappedResponse::Whole { wrapper } => {
                        quote!(response.decode(#wrapper::read_element))
                    }
                };
                Some((response.output_type(ir), decode))
            }
            Body::Bare { parts } => match parts.as_slice() {
                [] => Some((quote!(()), quote!(response.read_body().map(drop)))),
                [part] => {
                    let kind = value(ir, part.ty);
                    let decode = match &kind {
                        Value::Defined { ident, .. } => {
                            quote!(response.decode(#ident::read_element))
                        }
                        _ => {
                            let read = super::codec::read_value_result(&kind, &quote!(element));
                            quote!(response.decode(|r, element| #read))
                        }
                    };
                    Some((kind.rust_type(), decode))
                }
                _ => None,
            },
            Body::Rpc { parts, .. } => {
                if parts.is_empty() {
                    return Some((quote!(()), quote!(response.decode(|_, _| Ok(())))));
                }
                let vars: Vec<_> = parts
                    .iter()
                    .map(|p| quote::format_ident!("part_{}", p.rust_name.trim_start_matches("r#")))
                    .collect();
                let types: Vec<TokenStream> =
                    parts.iter().map(|p| value(ir, p.ty).rust_type()).collect();
                let arms = parts.iter().zip(&vars).map(|(part, var)| {
                    let local = match part.element {
                        Some(e) => ir.element(e).xml_name.local.clone(),
                        None => part.name.clone(),
                    };
                    let read =
                        super::codec::read_value(&value(ir, part.ty), false, &quote!(&child));
                    quote!(#local => #var = Some(#read),)
                });
                let finishes = parts.iter().zip(&vars).map(|(part, var)| {
                    let local = &part.name;
                    quote!(#var.ok_or_else(|| r.missing(element, #local))?)
                });
                let (output, result) = if parts.len() == 1 {
                    (quote!(#(#types)*), quote!(#(#finishes)*))
                } else {
                    (quote!((#(#types),*)), quote!((#(#finishes),*)))
                };
                Some((
                    output,
                    quote! {
                        response.decode(|r, element| {
                            #(let mut #vars = None;)*
                            while let Some(child) = r.next_child(element)? {
                                match child.local_name() {
                                    #(#arms)*
                                    _ => {}
                                }
                            }
                            Ok(#result)
                        })
                    },
                ))
            }
        }
    }
}

/// Writes a value as the content of an element whose start tag is open; `place` is a
/// reference when `is_ref`, else a place expression.
pub(crate) fn content_writer(value: &Value, place: TokenStream, is_ref: bool) -> TokenStream {
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
