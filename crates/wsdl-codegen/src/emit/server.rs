//! Server traits: one trait per port, and a dispatcher from (SOAPAction or body element,
//! request body) to the trait method and back to a response envelope or fault. Emitted
//! behind the generated crate's `server` feature.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::codec::{read_value, read_value_result};
use super::ports::content_writer;
use super::shape::{WrappedResponse, ident, value};
use super::{Context, doc_attr};
use crate::ir::{Body, MessagePart, Operation, OperationMessage, Port, Service, SoapVersion};
use crate::raw::BodyUse;

pub(crate) fn emit_servers(context: &Context<'_>) -> TokenStream {
    let mut out = TokenStream::new();
    for service in &context.ir.services {
        for port in &service.ports {
            out.extend(
                ServerEmitter {
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

struct ServerEmitter<'c, 'a> {
    context: &'c Context<'a>,
    service: &'a Service,
    port: &'a Port,
}

/// What the dispatcher does for one operation.
struct Served {
    method: TokenStream,
    /// Decodes the request's SOAP header blocks from `request_text` into locals.
    decode_headers: TokenStream,
    /// Decodes the request from `soap_body.reader`/`body_element` into the method's arguments.
    decode: TokenStream,
    args: Vec<TokenStream>,
    /// The closure writing the response body (from `output`, unless the output is `()`).
    encode: TokenStream,
    /// Whether the method returns `()`.
    unit: bool,
}

/// The SOAP headers of a request, as the trait method receives them.
#[derive(Default)]
struct RequestHeaders {
    params: Vec<TokenStream>,
    /// Decodes them into the locals `args` names.
    decode: TokenStream,
    args: Vec<TokenStream>,
}

impl ServerEmitter<'_, '_> {
    fn emit(&self) -> TokenStream {
        let runtime = &self.context.runtime;
        let trait_name = ident(&self.port.server_name);
        let serve = ident(&self.port.serve_fn);
        let version = match self.port.soap_version {
            SoapVersion::Soap11 => quote!(#runtime::SoapVersion::Soap11),
            SoapVersion::Soap12 => quote!(#runtime::SoapVersion::Soap12),
        };
        let mut methods = Vec::new();
        let mut by_action = Vec::new();
        let mut by_element = Vec::new();
        // Operations sharing a SOAPAction or a body element: the first one serves it.
        let mut seen_actions = std::collections::HashSet::new();
        let mut seen_elements = std::collections::HashSet::new();
        let mut arms = Vec::new();
        for (index, operation) in self.port.operations.iter().enumerate() {
            let Some(Served {
                method,
                decode_headers,
                decode,
                args,
                encode,
                unit,
            }) = self.served(operation)
            else {
                continue;
            };
            methods.push(method);
            if let Some(action) = operation.soap_action.as_deref().filter(|a| !a.is_empty()) {
                if seen_actions.insert(action.to_owned()) {
                    by_action.push(quote!(#action => Some(#index),));
                }
            }
            if let Some(element) = self.request_element(&operation.input) {
                if seen_elements.insert(element.clone()) {
                    by_element.push(quote!(#element => Some(#index),));
                }
            }
            let name = ident(&operation.rust_name);
            let call = if unit {
                quote!(server.#name(#(#args),*).await?;)
            } else {
                quote!(let output = server.#name(#(#args),*).await?;)
            };
            arms.push(quote! {
                Some(#index) => {
                    #decode_headers
                    #decode
                    soap_body.reader.finish().map_err(|e| #runtime::SoapFault::invalid_request(VERSION, e.to_string()))?;
                    #call
                    let mut w = XmlWriter::with_style(server.wire_style());
                    #runtime::envelope::write_envelope(&mut w, VERSION, #encode);
                    Ok(w.into_bytes())
                }
            });
        }
        let doc = doc_attr(Some(&format!(
            "The server side of port `{}` of service `{}`: implement it to serve the port (a \
             simulator, a test double), and hand requests to [`{serve}`].",
            self.port.name, self.service.name
        )));
        let serve_doc = doc_attr(Some(&format!(
            "Serves one request for port `{}`: finds the operation by SOAPAction or, failing \
             that, by the body's first element; decodes the request; calls `server`; and returns \
             the HTTP status and the response envelope (a SOAP fault, HTTP 500, for a request it \
             cannot decode or an error the implementation returns).",
            self.port.name
        )));
        let none = quote!(_ => None,);
        let by_action_lookup = if by_action.is_empty() {
            quote!(None)
        } else {
            quote!(match requested_action { #(#by_action)* #none })
        };
        let by_element_lookup = if by_element.is_empty() {
            quote!(None)
        } else {
            quote!(match body_element.local_name() { #(#by_element)* #none })
        };
        // A port whose operations are all unsupported still dispatches (to a fault).
        let unused = if arms.is_empty() {
            quote!(let _ = server;)
        } else {
            quote!()
        };
        let unknown = quote! {
            Err(#runtime::SoapFault::invalid_request(
                VERSION,
                format!("no operation of this port for SOAPAction {requested_action:?} and element <{}>", body_element.local_name()),
            ))
        };
        let dispatch = if arms.is_empty() {
            quote!(let _ = (operation, &mut soap_body); #unknown)
        } else {
            quote!(match operation { #(#arms)* _ => #unknown, })
        };
        let style_doc = doc_attr(Some(&format!(
            "How responses are written: plain document/literal unless overridden (a simulator \
             of ATL Server returns [`{runtime}::xml::WireStyle::atl_server`])."
        )));
        quote! {
            #doc
            #[cfg(feature = "server")]
            pub trait #trait_name: Send + Sync {
                #(#methods)*

                #style_doc
                fn wire_style(&self) -> #runtime::xml::WireStyle {
                    #runtime::xml::WireStyle::default()
                }
            }

            #serve_doc
            #[cfg(feature = "server")]
            pub async fn #serve<S: #trait_name>(server: &S, soap_action: Option<&str>, request_bytes: &[u8]) -> (u16, Vec<u8>) {
                const VERSION: #runtime::SoapVersion = #version;
                #unused
                let result: std::result::Result<Vec<u8>, #runtime::SoapFault> = async {
                    let request_text = std::str::from_utf8(request_bytes)
                        .map_err(|_| #runtime::SoapFault::invalid_request(VERSION, "the request is not UTF-8"))?;
                    let mut soap_body = #runtime::envelope::read_body(request_text, Default::default(), 200)
                        .map_err(|e| #runtime::SoapFault::invalid_request(VERSION, e.to_string()))?;
                    let Some(body_element) = soap_body.content.take() else {
                        return Err(#runtime::SoapFault::invalid_request(VERSION, "the SOAP body is empty"));
                    };
                    let requested_action = soap_action.map(|a| a.trim().trim_matches('"')).unwrap_or_default();
                    let by_action: Option<usize> = #by_action_lookup;
                    let operation = by_action.or(#by_element_lookup);
                    #dispatch
                }
                .await;
                match result {
                    Ok(envelope) => (200, envelope),
                    Err(fault) => {
                        let mut w = XmlWriter::new();
                        #runtime::envelope::write_fault(&mut w, &fault);
                        (fault.http_status, w.into_bytes())
                    }
                }
            }
        }
    }

    /// The local name of the request's first body element, for dispatch without SOAPAction.
    fn request_element(&self, message: &OperationMessage) -> Option<String> {
        match &message.body {
            Body::Wrapped { part } => part
                .element
                .map(|e| self.context.ir.element(e).xml_name.local.clone()),
            Body::Bare { parts } => parts
                .first()
                .and_then(|p| p.element)
                .map(|e| self.context.ir.element(e).xml_name.local.clone()),
            Body::Rpc { wrapper, .. } => Some(wrapper.local.clone()),
        }
    }

    fn written_part(&self, part: &MessagePart) -> String {
        match part.element {
            Some(element) => self
                .context
                .prefixes
                .written(&self.context.ir.element(element).xml_name),
            None => part.name.clone(),
        }
    }

    /// The trait method and dispatch code of an operation; `None` for what the client also
    /// cannot call (encoded bodies, several response parts).
    fn served(&self, operation: &Operation) -> Option<Served> {
        if operation.input.body_use == BodyUse::Encoded
            || operation
                .output
                .as_ref()
                .is_some_and(|o| o.body_use == BodyUse::Encoded)
        {
            return None;
        }
        let runtime = &self.context.runtime;
        let (mut params, decode, mut args) = self.request(&operation.input)?;
        let headers = self.request_headers(operation);
        params.extend(headers.params);
        args.extend(headers.args);
        let (output, encode) = match &operation.output {
            None => (quote!(()), quote!(|_| {})),
            Some(message) => self.response(message)?,
        };
        let unit = output.to_string() == "()";
        let name = ident(&operation.rust_name);
        let faults = operation
            .fault_enum
            .as_deref()
            .map(|faults| format!("\n\nAnswer a declared fault with [`{faults}::to_fault`]."))
            .unwrap_or_default();
        let doc = doc_attr(Some(&format!(
            "Handles operation `{}`{}.{faults}",
            operation.name,
            operation
                .doc
                .as_deref()
                .map(|d| format!(": {d}"))
                .unwrap_or_default()
        )));
        let method = quote! {
            #doc
            fn #name(&self, #(#params),*) -> impl std::future::Future<Output = std::result::Result<#output, #runtime::SoapFault>> + Send;
        };
        Some(Served {
            method,
            decode_headers: headers.decode,
            decode,
            args,
            encode,
            unit,
        })
    }

    /// The request's SOAP headers as method parameters (`Option` unless `wsdl:required`),
    /// decoded from the envelope's `Header` before the body. A required header that is
    /// missing, or a header that does not decode, is a Client fault naming the header.
    fn request_headers(&self, operation: &Operation) -> RequestHeaders {
        let headers = &operation.input.headers;
        if headers.is_empty() {
            return RequestHeaders::default();
        }
        let runtime = &self.context.runtime;
        let ir = self.context.ir;
        let mut out = RequestHeaders::default();
        let mut locals = Vec::new();
        let mut branches = Vec::new();
        let mut finishes = Vec::new();
        for header in headers {
            let part = &header.part;
            // Header and body parts have distinct names, none of the dispatcher's locals.
            let var = ident(&part.rust_name);
            let kind = value(ir, part.ty);
            let ty = kind.rust_type();
            let (namespace, local) = match part.element {
                Some(e) => {
                    let xml_name = &ir.element(e).xml_name;
                    (xml_name.namespace.clone(), xml_name.local.clone())
                }
                None => (None, part.name.clone()),
            };
            let namespace = match namespace {
                Some(ns) => quote!(Some(#ns)),
                None => quote!(None),
            };
            let read = read_value_result(&kind, &quote!(&child));
            let undecodable = format!("SOAP header <{local}>: {{e}}");
            locals.push(quote!(let mut #var = None;));
            branches.push(quote! {
                if #var.is_none() && child.is(#namespace, #local) {
                    #var = Some(#read.map_err(|e| #runtime::SoapFault::invalid_request(VERSION, format!(#undecodable)))?);
                }
            });
            if header.required {
                let missing = format!("the required SOAP header <{local}> is missing");
                finishes.push(quote! {
                    let #var = #var.ok_or_else(|| #runtime::SoapFault::invalid_request(VERSION, #missing))?;
                });
                out.params.push(quote!(#var: #ty));
            } else {
                out.params.push(quote!(#var: Option<#ty>));
            }
            out.args.push(quote!(#var));
        }
        out.decode = quote! {
            #(#locals)*
            let mut header = #runtime::envelope::read_header(request_text, Default::default())
                .map_err(|e| #runtime::SoapFault::invalid_request(VERSION, e.to_string()))?;
            if let Some(header_element) = header.content.take() {
                let r = &mut header.reader;
                while let Some(child) = r.next_child(&header_element)
                    .map_err(|e| #runtime::SoapFault::invalid_request(VERSION, e.to_string()))?
                {
                    #(#branches) else *
                }
            }
            #(#finishes)*
        };
        out
    }

    fn request(
        &self,
        message: &OperationMessage,
    ) -> Option<(Vec<TokenStream>, TokenStream, Vec<TokenStream>)> {
        let runtime = &self.context.runtime;
        let ir = self.context.ir;
        let decode_error =
            quote!(.map_err(|e| #runtime::SoapFault::invalid_request(VERSION, e.to_string())));
        let param = |part: &MessagePart| {
            let name = ident(&part.rust_name);
            let ty = value(ir, part.ty).rust_type();
            quote!(#name: #ty)
        };
        // One part read from the body's first element.
        let single = |part: &MessagePart| {
            let var = ident(&part.rust_name);
            let read = read_value_result(&value(ir, part.ty), &quote!(&body_element));
            let decode = quote! {
                let r = &mut soap_body.reader;
                let #var = #read #decode_error?;
            };
            (vec![param(part)], decode, vec![quote!(#var)])
        };
        match &message.body {
            Body::Wrapped { part } => Some(single(part)),
            Body::Bare { parts } => match parts.as_slice() {
                [] => Some((Vec::new(), quote!(let _ = &body_element;), Vec::new())),
                [part] => Some(single(part)),
                _ => None,
            },
            Body::Rpc { parts, .. } => {
                let vars: Vec<_> = parts
                    .iter()
                    .map(|p| format_ident!("part_{}", p.rust_name.trim_start_matches("r#")))
                    .collect();
                let arms = parts.iter().zip(&vars).map(|(part, var)| {
                    let local = match part.element {
                        Some(e) => ir.element(e).xml_name.local.clone(),
                        None => part.name.clone(),
                    };
                    let read = read_value(&value(ir, part.ty), false, &quote!(&child));
                    quote!(#local => #var = Some(#read),)
                });
                let finishes = parts.iter().zip(&vars).map(|(part, var)| {
                    let local = &part.name;
                    quote!(let #var = #var.ok_or_else(|| r.missing(&body_element, #local))?;)
                });
                let decode = quote! {
                    let (#(#vars,)*) = (|| -> #runtime::Result<_> {
                        let r = &mut soap_body.reader;
                        #(let mut #vars = None;)*
                        while let Some(child) = r.next_child(&body_element)? {
                            match child.local_name() {
                                #(#arms)*
                                _ => {}
                            }
                        }
                        #(#finishes)*
                        Ok((#(#vars,)*))
                    })() #decode_error?;
                };
                Some((
                    parts.iter().map(param).collect(),
                    decode,
                    vars.iter().map(|v| quote!(#v)).collect(),
                ))
            }
        }
    }

    fn response(&self, message: &OperationMessage) -> Option<(TokenStream, TokenStream)> {
        let ir = self.context.ir;
        match &message.body {
            Body::Wrapped { part } => {
                let name = self.written_part(part);
                let response = WrappedResponse::of(ir, part.ty)?;
                let encode = match &response {
                    WrappedResponse::Unit { wrapper } => {
                        quote!(|w| write_document(w, #name, |w| #wrapper {}.write_content(w)))
                    }
                    WrappedResponse::Single { wrapper, field } => {
                        let field = ident(&field.rust_name);
                        quote!(|w| write_document(w, #name, |w| #wrapper { #field: output }.write_content(w)))
                    }
                    WrappedResponse::Whole { .. } => {
                        quote!(|w| write_document(w, #name, |w| output.write_content(w)))
                    }
                };
                Some((response.output_type(ir), encode))
            }
            Body::Bare { parts } => match parts.as_slice() {
                [] => Some((quote!(()), quote!(|_| {}))),
                [part] => {
                    let name = self.written_part(part);
                    let kind = value(ir, part.ty);
                    let content = content_writer(&kind, quote!(output), false);
                    Some((
                        kind.rust_type(),
                        quote!(|w| write_document(w, #name, |w| { #content })),
                    ))
                }
                _ => None,
            },
            Body::Rpc { wrapper, parts, .. } => {
                let wrapper = self.context.prefixes.written(wrapper);
                let types: Vec<TokenStream> =
                    parts.iter().map(|p| value(ir, p.ty).rust_type()).collect();
                let writes: Vec<TokenStream> = parts
                    .iter()
                    .enumerate()
                    .map(|(i, part)| {
                        let name = self.written_part(part);
                        let place = if parts.len() == 1 {
                            quote!(output)
                        } else {
                            let index = syn::Index::from(i);
                            quote!(output.#index)
                        };
                        super::codec::write_value(&value(ir, part.ty), place, false, &name)
                    })
                    .collect();
                let output = match types.len() {
                    0 => quote!(()),
                    1 => quote!(#(#types)*),
                    _ => quote!((#(#types),*)),
                };
                let encode = if parts.is_empty() {
                    quote!(|w| write_document(w, #wrapper, |_| {}))
                } else {
                    quote!(|w| write_document(w, #wrapper, |w| { #(#writes)* }))
                };
                Some((output, encode))
            }
        }
    }
}
