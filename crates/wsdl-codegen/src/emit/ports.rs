//! Client ports: one struct per WSDL port, one `async fn` per operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::attrs::{doc_attr, wsdl_doc};
use super::codec::{read_value, read_value_result, with_required, write_value};
use super::context::Context;
use super::operation::{
    body_encoding, content_writer, method_output_type, part_content, part_xsi_type, soap_version,
    write_body_element, written_part,
};
use super::shape::{Value, ident, value};
use crate::ir::{
    Body, MethodOutput, MethodParam, Operation, OperationMessage, OutputHeaders, Port, Service,
    SoapVersion, Unwrap,
};

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

impl PortEmitter<'_, '_> {
    fn emit(&self) -> TokenStream {
        let runtime = &self.context.runtime;
        let client = ident(&self.port.client_name);
        let doc = doc_attr(&format!(
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
                .map(|d| format!("\n\n{}", wsdl_doc(d)))
                .unwrap_or_default()
        ));
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
                transport: #runtime::HttpTransport,
                endpoint: #runtime::Endpoint,
            }

            impl #client {
                #address

                /// A client that calls the port at `endpoint` through `transport`.
                pub fn new(transport: #runtime::HttpTransport, endpoint: impl Into<String>) -> Self {
                    Self { transport, endpoint: #runtime::Endpoint::new(endpoint) }
                }

                /// The endpoint URL calls go to.
                pub fn endpoint(&self) -> &str {
                    self.endpoint.as_str()
                }

                /// The HTTP transport calls go through (shared connection pool and token source).
                pub fn transport(&self) -> &#runtime::HttpTransport {
                    &self.transport
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
            .as_deref()
            .map(|d| format!("{}\n\n", wsdl_doc(d)))
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
        let signature = &operation.method;
        let doc = doc_attr(&doc);
        let params = signature.params.iter().map(|param| self.param(param));
        let write_body = self.request(&operation.input);
        let output = method_output_type(self.context, signature);
        let decode = self.response(operation.output.as_ref(), &signature.output);
        let decode = match &signature.output_headers {
            Some(headers) => {
                let decode = self.with_headers(decode, signature.output.is_unit(), headers);
                quote!({ #decode })
            }
            None => decode,
        };
        let call = match self.write_header(&operation.input) {
            Some(write_header) => quote! {
                self.transport.call_with_header_then(&OPERATION, &self.endpoint, move #write_header, move #write_body, |response| #decode)
            },
            None => quote! {
                self.transport.call_then(&OPERATION, &self.endpoint, move #write_body, |response| #decode)
            },
        };
        let service = &self.service.name;
        let operation_name = &operation.name;
        let version = soap_version(self.context, self.port.soap_version);
        let response = self.response_element(operation);
        // A plain function returning the runtime's future, not an `async fn`: one coroutine
        // per operation is what a large WSDL's crate spends the most compiler memory on
        // after its types. Every parameter is a reference that the future holds.
        quote! {
            #doc
            pub fn #name<'call>(&'call self, #(#params),*) -> impl std::future::Future<Output = #runtime::Result<#output>> + 'call {
                const OPERATION: #runtime::Operation = #runtime::Operation {
                    service: #service,
                    name: #operation_name,
                    action: #action,
                    version: #version,
                    response: #response,
                };
                #call
            }
        }
    }

    /// A method parameter: a reference to the part's value (`&str` for text).
    fn param(&self, param: &MethodParam) -> TokenStream {
        let name = ident(&param.rust_name);
        let ty = match value(self.context.ir, param.ty) {
            Value::Text | Value::RawXml => quote!(str),
            other => other.rust_type(),
        };
        quote!(#name: &'call #ty)
    }

    /// The closure writing the SOAP header blocks, for a request with headers.
    fn write_header(&self, message: &OperationMessage) -> Option<TokenStream> {
        let headers = &message.headers;
        if headers.is_empty() {
            return None;
        }
        let writes = headers.iter().map(|header| {
            let name = written_part(self.context, &header.part);
            let var = ident(&header.part.rust_name);
            let content =
                content_writer(&value(self.context.ir, header.part.ty), quote!(#var), true);
            quote!(write_document(w, #name, |w| { #content });)
        });
        Some(quote!(|w| { #(#writes)* }))
    }

    /// The closure writing the request body from the method's parameters.
    /// `Operation::response`: the element a document-style response must start with, the
    /// output part's element. Type parts and rpc wrappers (whose names servers vary) are not
    /// checked.
    fn response_element(&self, operation: &Operation) -> TokenStream {
        let runtime = &self.context.runtime;
        let part = match operation.output.as_ref().map(|output| &output.body) {
            Some(Body::Wrapped { part }) => Some(part),
            Some(Body::Bare { parts }) if parts.len() == 1 => parts.first(),
            _ => None,
        };
        match part.and_then(|part| part.element) {
            Some(element) => {
                let name = &self.context.ir.element(element).xml_name;
                let namespace = match &name.namespace {
                    Some(namespace) => quote!(Some(#namespace)),
                    None => quote!(None),
                };
                let local = &name.local;
                quote!(Some(#runtime::ResponseElement { namespace: #namespace, local_name: #local }))
            }
            None => quote!(None),
        }
    }

    fn request(&self, message: &OperationMessage) -> TokenStream {
        let ir = self.context.ir;
        let encoding = body_encoding(self.context, message, self.port.soap_version);
        let encoding = encoding.as_ref();
        match &message.body {
            Body::Wrapped { part } => {
                let name = written_part(self.context, part);
                let var = ident(&part.rust_name);
                let content = content_writer(&value(ir, part.ty), quote!(#var), true);
                let content = part_content(self.context, encoding, part, content);
                let write = write_body_element(encoding, &name, content);
                quote!(|w| #write)
            }
            Body::Bare { parts } => {
                let writes = parts.iter().map(|part| {
                    let name = written_part(self.context, part);
                    let var = ident(&part.rust_name);
                    let content = content_writer(&value(ir, part.ty), quote!(#var), true);
                    let content = part_content(self.context, encoding, part, content);
                    let write = write_body_element(encoding, &name, content);
                    quote!(#write;)
                });
                if parts.is_empty() {
                    quote!(|_| {})
                } else {
                    quote!(|w| { #(#writes)* })
                }
            }
            Body::Rpc { wrapper, parts, .. } => {
                let wrapper = self.context.prefixes.written(wrapper);
                let writes = parts.iter().map(|part| {
                    let name = written_part(self.context, part);
                    let var = ident(&part.rust_name);
                    let xsi_type = part_xsi_type(self.context, encoding, part);
                    write_value(
                        &value(ir, part.ty),
                        quote!(#var),
                        true,
                        &name,
                        xsi_type.as_deref(),
                    )
                });
                let content = if parts.is_empty() {
                    quote!(|_| {})
                } else {
                    quote!(|w| { #(#writes)* })
                };
                let write = write_body_element(encoding, &wrapper, content);
                quote!(|w| #write)
            }
        }
    }

    /// The statements decoding a response that carries headers into the output struct: the
    /// body first (`decode_body`, so that a fault is reported as one), then the header blocks,
    /// each matched by its element name (the first one counts), a required one missing being
    /// a decode error naming it.
    fn with_headers(
        &self,
        decode_body: TokenStream,
        unit_body: bool,
        headers: &OutputHeaders,
    ) -> TokenStream {
        let name = ident(&headers.struct_name);
        let mut locals = Vec::new();
        let mut branches = Vec::new();
        let mut fields = Vec::new();
        for field in &headers.fields {
            let var = ident(&field.rust_name);
            let namespace = match &field.xml_name.namespace {
                Some(ns) => quote!(Some(#ns)),
                None => quote!(None),
            };
            let local = &field.xml_name.local;
            let read = read_value_result(&value(self.context.ir, field.ty), &quote!(block));
            locals.push(quote!(let mut #var = None;));
            branches.push(quote! {
                if #var.is_none() && block.is(#namespace, #local) {
                    #var = Some(#read?);
                }
            });
            fields.push(if field.required {
                quote!(#var: #var.ok_or_else(|| response.missing_header(#local))?,)
            } else {
                quote!(#var,)
            });
        }
        let (decode_body, body) = if unit_body {
            (quote!(#decode_body?;), quote!())
        } else {
            (quote!(let body = #decode_body?;), quote!(body,))
        };
        quote! {
            #decode_body
            #(#locals)*
            response.decode_headers(|r, block| {
                #(#branches) else *
                Ok(())
            })?;
            Ok(#name { #body #(#fields)* })
        }
    }

    /// The statements decoding `response` (of `message`) into the method's output.
    fn response(&self, message: Option<&OperationMessage>, output: &MethodOutput) -> TokenStream {
        let ir = self.context.ir;
        let encoded = message.is_some_and(|message| {
            body_encoding(self.context, message, self.port.soap_version).is_some()
        });
        let decode = if encoded {
            quote!(decode_encoded)
        } else {
            quote!(decode)
        };
        match output {
            MethodOutput::OneWay => quote!({
                let _ = response;
                Ok(())
            }),
            MethodOutput::Wrapped { wrapper, unwrap } => {
                let wrapper = ident(&ir.ty(*wrapper).rust_name);
                match unwrap {
                    Unwrap::Nothing => {
                        quote!(response.#decode(|r, element| #wrapper::read_element(r, element).map(drop)))
                    }
                    Unwrap::Field(field) => {
                        let field = ident(field);
                        quote!(response.#decode(|r, element| Ok(#wrapper::read_element(r, element)?.#field)))
                    }
                    Unwrap::Whole => quote!(response.#decode(#wrapper::read_element)),
                }
            }
            MethodOutput::Bare(None) => quote!(response.read_body().map(drop)),
            MethodOutput::Bare(Some(ty)) => {
                let kind = value(ir, *ty);
                match &kind {
                    Value::Defined { ident, .. } => quote!(response.#decode(#ident::read_element)),
                    _ => {
                        let read = read_value_result(&kind, &quote!(element));
                        quote!(response.#decode(|r, element| #read))
                    }
                }
            }
            MethodOutput::Parts(types) if types.is_empty() => {
                quote!(response.#decode(|_, _| Ok(())))
            }
            MethodOutput::Parts(_) => {
                let parts = message.map_or(&[][..], |message| message.body.parts());
                let rpc = message.is_some_and(|message| matches!(message.body, Body::Rpc { .. }));
                let vars: Vec<_> = parts
                    .iter()
                    .map(|p| format_ident!("part_{}", p.rust_name.trim_start_matches("r#")))
                    .collect();
                let arms = parts.iter().zip(&vars).map(|(part, var)| {
                    let local = &part.xml_name.local;
                    let read = read_value(&value(ir, part.ty), false, &quote!(&child));
                    quote!(#local => #var = Some(#read),)
                });
                let parent = if rpc { quote!(element) } else { quote!(body) };
                let required: Vec<(proc_macro2::Ident, String)> = parts
                    .iter()
                    .zip(&vars)
                    .map(|(part, var)| {
                        let local = if rpc {
                            &part.name
                        } else {
                            &part.xml_name.local
                        };
                        (var.clone(), local.clone())
                    })
                    .collect();
                // One part: its value (`required` already makes the `Result`); several: a
                // tuple, once every part came.
                let result = match required.as_slice() {
                    [(var, local)] => quote!(r.required(#var, #parent, #local)),
                    _ => with_required(&required, &parent, quote!(Ok((#(#vars),*)))),
                };
                if !rpc {
                    // A document response of several parts: the body's elements, in order.
                    let decode_parts = if encoded {
                        quote!(decode_encoded_parts)
                    } else {
                        quote!(decode_parts)
                    };
                    return quote! {
                        response.#decode_parts(|r, body, first| {
                            #(let mut #vars = None;)*
                            let mut next = Some(first);
                            while let Some(child) = next {
                                match child.local_name() {
                                    #(#arms)*
                                    _ => {}
                                }
                                next = r.next_child(body)?;
                            }
                            #result
                        })
                    };
                }
                quote! {
                    response.#decode(|r, element| {
                        #(let mut #vars = None;)*
                        while let Some(child) = r.next_child(element)? {
                            match child.local_name() {
                                #(#arms)*
                                _ => {}
                            }
                        }
                        #result
                    })
                }
            }
        }
    }
}
