//! Server traits: one trait per port, and a dispatcher from (SOAPAction or body element,
//! request body) to the trait method and back to a response envelope or fault. Emitted
//! in a part of the module of its own, behind the generated crate's `server` feature.
//!
//! A dispatcher selects the operation through a private enum of the port's routed operations
//! ([`crate::ir::ServerRoute`]) and decodes the request through the runtime's
//! `dispatch::ServerRequest`, which turns every decoding failure into the invalid-request
//! fault.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::attrs::{doc_attr, wsdl_doc};
use super::codec::{read_value, read_value_result, write_value};
use super::context::Context;
use super::operation::{
    body_encoding, content_writer, method_output_type, part_content, part_xsi_type, soap_version,
    write_body_element, written_part,
};
use super::shape::{Value, ident, value};
use crate::ir::{
    Body, MethodOutput, MethodSignature, Operation, OperationMessage, OutputHeaders, ParamSource,
    Port, ServerRoute, Service, Unwrap,
};

/// The server items of each port, one entry a port.
pub(crate) fn emit_servers(context: &Context<'_>) -> Vec<TokenStream> {
    let mut out = Vec::new();
    for service in &context.ir.services {
        for port in &service.ports {
            out.push(
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

/// The name of the dispatcher's request (`dispatch::ServerRequest`), which no part takes.
fn request() -> Ident {
    format_ident!("soap_request")
}

impl<'a> ServerEmitter<'_, 'a> {
    /// The operations servers implement, with their signatures.
    fn served(&self) -> impl Iterator<Item = (&'a Operation, &'a MethodSignature)> + use<'a> {
        self.port
            .operations
            .iter()
            .filter(|operation| operation.method.served)
            .map(|operation| (operation, &operation.method))
    }

    fn emit(&self) -> TokenStream {
        let runtime = &self.context.runtime;
        let trait_name = ident(&self.port.server_name);
        let serve = ident(&self.port.serve_fn);
        let methods = self
            .served()
            .map(|(operation, signature)| self.trait_method(operation, signature));
        let doc = doc_attr(&format!(
            "The server side of port `{}` of service `{}`: implement it to serve the port (a \
             simulator, a test double), and hand requests to [`{serve}`].",
            self.port.name, self.service.name
        ));
        let serve_doc = doc_attr(&format!(
            "Serves one request for port `{}`: finds the operation by SOAPAction or, failing \
             that, by the body's first element; decodes the request; calls `server`; and returns \
             the HTTP status and the response envelope (a SOAP fault, HTTP 500, for a request it \
             cannot decode or an error the implementation returns).",
            self.port.name
        ));
        let style_doc = doc_attr(&format!(
            "How responses are written: plain document/literal unless overridden (a simulator \
             of ATL Server returns [`{runtime}::xml::WireStyle::atl_server`])."
        ));
        let request = request();
        let version = soap_version(self.context, self.port.soap_version);
        let (operation_enum, dispatch) = match &self.port.operation_enum {
            Some(name) => (self.operation_enum(name), self.dispatch(name)),
            // No operation to route to: every request is answered with a fault.
            None => (
                quote!(),
                quote! {
                    let _ = server;
                    Err(#request.unknown_operation())
                },
            ),
        };
        let binding = match self.port.operation_enum {
            Some(_) => quote!(let mut #request),
            None => quote!(let #request),
        };
        quote! {
            #doc
            pub trait #trait_name: Send + Sync {
                #(#methods)*

                #style_doc
                fn wire_style(&self) -> #runtime::xml::WireStyle {
                    #runtime::xml::WireStyle::default()
                }
            }

            #operation_enum

            #serve_doc
            pub async fn #serve<S: #trait_name>(server: &S, soap_action: Option<&str>, request_bytes: &[u8]) -> (u16, Vec<u8>) {
                let result: std::result::Result<Vec<u8>, #runtime::SoapFault> = async {
                    #binding = #runtime::dispatch::ServerRequest::read(#version, soap_action, request_bytes)?;
                    #dispatch
                }
                .await;
                #runtime::dispatch::reply(result)
            }
        }
    }

    /// The routed operations, each with its route.
    fn routed(
        &self,
    ) -> impl Iterator<Item = (&'a Operation, &'a MethodSignature, &'a ServerRoute)> + use<'a> {
        self.served().filter_map(|(operation, signature)| {
            Some((operation, signature, signature.route.as_ref()?))
        })
    }

    /// The enum of the routed operations, with their lookups by SOAPAction and body element.
    fn operation_enum(&self, name: &str) -> TokenStream {
        let name = ident(name);
        let mut variants = Vec::new();
        let mut by_action = Vec::new();
        let mut by_element = Vec::new();
        for (operation, _, route) in self.routed() {
            let variant = ident(&route.variant);
            let doc = format!(" Operation `{}`.", operation.name);
            variants.push(quote!(#[doc = #doc] #variant,));
            if let Some(action) = &route.action {
                by_action.push(quote!(#action => Some(Self::#variant),));
            }
            if let Some(element) = &route.body_element {
                by_element.push(quote!(#element => Some(Self::#variant),));
            }
        }
        let by_action = (!by_action.is_empty()).then(|| {
            quote! {
                /// The operation a SOAPAction names.
                fn by_action(action: &str) -> Option<Self> {
                    match action {
                        #(#by_action)*
                        _ => None,
                    }
                }
            }
        });
        let by_element = (!by_element.is_empty()).then(|| {
            quote! {
                /// The operation whose request's body element has this local name.
                fn by_body_element(local_name: &str) -> Option<Self> {
                    match local_name {
                        #(#by_element)*
                        _ => None,
                    }
                }
            }
        });
        let doc = doc_attr(&format!(
            "The operations [`{}`] routes requests to.",
            self.port.serve_fn
        ));
        quote! {
            #doc
            #[derive(Clone, Copy, Debug)]
            enum #name {
                #(#variants)*
            }

            impl #name {
                #by_action
                #by_element
            }
        }
    }

    /// The dispatch: the operation the request selects, and its handling.
    fn dispatch(&self, enum_name: &str) -> TokenStream {
        let request = request();
        let enum_name = ident(enum_name);
        let routes: Vec<&ServerRoute> = self.routed().map(|(_, _, route)| route).collect();
        let has_actions = routes.iter().any(|route| route.action.is_some());
        let has_elements = routes.iter().any(|route| route.body_element.is_some());
        let by_action = quote!(#enum_name::by_action(#request.action()));
        let by_element = quote!(#enum_name::by_body_element(#request.body_element_name()));
        let lookup = match (has_actions, has_elements) {
            (true, true) => quote!(#by_action.or_else(|| #by_element)),
            (true, false) => by_action,
            (false, _) => by_element,
        };
        let arms = self.routed().map(|(operation, signature, route)| {
            let variant = ident(&route.variant);
            let handle = self.handle(operation, signature);
            quote!(Some(#enum_name::#variant) => { #handle })
        });
        quote! {
            match #lookup {
                #(#arms)*
                None => Err(#request.unknown_operation()),
            }
        }
    }

    /// The trait method of an operation.
    fn trait_method(&self, operation: &Operation, signature: &MethodSignature) -> TokenStream {
        let runtime = &self.context.runtime;
        let ir = self.context.ir;
        let params = signature.params.iter().map(|param| {
            let name = ident(&param.rust_name);
            let ty = value(ir, param.ty).rust_type();
            match param.source {
                ParamSource::Body | ParamSource::Header { required: true } => quote!(#name: #ty),
                ParamSource::Header { required: false } => quote!(#name: Option<#ty>),
            }
        });
        let output = method_output_type(self.context, signature);
        let name = ident(&operation.rust_name);
        let faults = operation
            .fault_enum
            .as_deref()
            .map(|faults| format!("\n\nAnswer a declared fault with [`{faults}::to_fault`]."))
            .unwrap_or_default();
        let doc = doc_attr(&format!(
            "Handles operation `{}`{}.{faults}",
            operation.name,
            operation
                .doc
                .as_deref()
                .map(|d| format!(": {}", wsdl_doc(d)))
                .unwrap_or_default()
        ));
        quote! {
            #doc
            fn #name(&self, #(#params),*) -> impl std::future::Future<Output = std::result::Result<#output, #runtime::SoapFault>> + Send;
        }
    }

    /// Handles a request for `operation`: decodes its headers and body, calls the server
    /// and writes the response.
    fn handle(&self, operation: &Operation, signature: &MethodSignature) -> TokenStream {
        let request = request();
        let decode_headers = self.decode_headers(&operation.input);
        let (decode_body, body_args) = self.decode_body(&operation.input);
        let header_args = operation
            .input
            .headers
            .iter()
            .map(|header| ident(&header.part.rust_name));
        let name = ident(&operation.rust_name);
        let call = quote!(server.#name(#(#body_args,)* #(#header_args),*).await?);
        let Some(headers) = &signature.output_headers else {
            let call = if signature.output.is_unit() {
                quote!(#call;)
            } else {
                quote!(let output = #call;)
            };
            let encode = self.encode(operation.output.as_ref(), &signature.output, quote!(output));
            return quote! {
                #decode_headers
                #decode_body
                #call
                Ok(#request.respond(server.wire_style(), #encode))
            };
        };
        let encode = self.encode(
            operation.output.as_ref(),
            &signature.output,
            quote!(output.body),
        );
        let write_headers = self.write_headers(headers);
        quote! {
            #decode_headers
            #decode_body
            let output = #call;
            Ok(#request.respond_with_header(server.wire_style(), #write_headers, #encode))
        }
    }

    /// The closure writing the output struct's header fields into `soap:Header` (an absent
    /// optional one is left out).
    fn write_headers(&self, headers: &OutputHeaders) -> TokenStream {
        let writes = headers.fields.iter().map(|field| {
            let var = ident(&field.rust_name);
            let name = self.context.prefixes.written(&field.xml_name);
            let kind = value(self.context.ir, field.ty);
            if field.required {
                let content = content_writer(&kind, quote!(output.#var), false);
                quote!(write_document(w, #name, |w| { #content });)
            } else {
                let content = content_writer(&kind, quote!(#var), true);
                quote! {
                    if let Some(#var) = &output.#var {
                        write_document(w, #name, |w| { #content });
                    }
                }
            }
        });
        quote!(|w| { #(#writes)* })
    }

    /// Decodes the request's SOAP headers into locals named after their parts, each `None`
    /// until its block is seen; a required one that is missing is a fault naming it.
    fn decode_headers(&self, message: &OperationMessage) -> TokenStream {
        let headers = &message.headers;
        if headers.is_empty() {
            return quote!();
        }
        let request = request();
        let mut locals = Vec::new();
        let mut branches = Vec::new();
        let mut finishes = Vec::new();
        for header in headers {
            let part = &header.part;
            // Header and body parts have distinct names, none of the dispatcher's locals.
            let var = ident(&part.rust_name);
            let namespace = match &part.xml_name.namespace {
                Some(ns) => quote!(Some(#ns)),
                None => quote!(None),
            };
            let local = &part.xml_name.local;
            let read = read_value_result(&value(self.context.ir, part.ty), &quote!(child));
            locals.push(quote!(let mut #var = None;));
            branches.push(quote! {
                if #var.is_none() && child.is(#namespace, #local) {
                    #var = Some(#read?);
                }
            });
            if header.required {
                finishes.push(quote! {
                    let #var = #var.ok_or_else(|| #request.missing_header(#local))?;
                });
            }
        }
        quote! {
            #(#locals)*
            #request.decode_headers(|r, child| {
                #(#branches) else *
                Ok(())
            })?;
            #(#finishes)*
        }
    }

    /// Decodes the request's body; returns the statements and the arguments they bind.
    fn decode_body(&self, message: &OperationMessage) -> (TokenStream, Vec<Ident>) {
        let request = request();
        let ir = self.context.ir;
        let decode_body = if body_encoding(self.context, message, self.port.soap_version).is_some()
        {
            quote!(decode_encoded_body)
        } else {
            quote!(decode_body)
        };
        match &message.body {
            Body::Rpc { parts, .. } if parts.is_empty() => {
                (quote!(#request.#decode_body(|_, _| Ok(()))?;), Vec::new())
            }
            Body::Rpc { parts, .. } => {
                let vars: Vec<Ident> = parts
                    .iter()
                    .map(|p| format_ident!("part_{}", p.rust_name.trim_start_matches("r#")))
                    .collect();
                let arms = parts.iter().zip(&vars).map(|(part, var)| {
                    let local = &part.xml_name.local;
                    let read = read_value(&value(ir, part.ty), false, &quote!(&child));
                    quote!(#local => #var = Some(#read),)
                });
                let finishes = parts.iter().zip(&vars).map(|(part, var)| {
                    let local = &part.name;
                    quote!(let #var = r.required(#var, body_element, #local)?;)
                });
                let decode = quote! {
                    let (#(#vars,)*) = #request.#decode_body(|r, body_element| {
                        #(let mut #vars = None;)*
                        while let Some(child) = r.next_child(body_element)? {
                            match child.local_name() {
                                #(#arms)*
                                _ => {}
                            }
                        }
                        #(#finishes)*
                        Ok((#(#vars,)*))
                    })?;
                };
                (decode, vars)
            }
            // A served document request has at most one part (see `MethodSignature::served`).
            Body::Wrapped { .. } | Body::Bare { .. } => match message.body.parts() {
                [part, ..] => {
                    let var = ident(&part.rust_name);
                    let read = match value(ir, part.ty) {
                        Value::Defined { ident, .. } => quote!(#ident::read_element),
                        other => {
                            let read = read_value_result(&other, &quote!(body_element));
                            quote!(|r, body_element| #read)
                        }
                    };
                    (quote!(let #var = #request.#decode_body(#read)?;), vec![var])
                }
                [] => (quote!(#request.#decode_body(|_, _| Ok(()))?;), Vec::new()),
            },
        }
    }

    /// The closure writing the response body from the method's output of it, the place
    /// `output_place`.
    fn encode(
        &self,
        message: Option<&OperationMessage>,
        output: &MethodOutput,
        output_place: TokenStream,
    ) -> TokenStream {
        let ir = self.context.ir;
        let Some(message) = message else {
            return quote!(|_| {});
        };
        let encoding = body_encoding(self.context, message, self.port.soap_version);
        let encoding = encoding.as_ref();
        let write = |name: &str, content: TokenStream| {
            let write = write_body_element(encoding, name, content);
            quote!(|w| #write)
        };
        // The only part of a wrapped or bare response: its content in its body element.
        let write_part = |content: TokenStream| match message.body.parts().first() {
            Some(part) => write(
                &written_part(self.context, part),
                part_content(self.context, encoding, part, content),
            ),
            None => quote!(|_| {}),
        };
        match output {
            MethodOutput::OneWay | MethodOutput::Bare(None) => quote!(|_| {}),
            MethodOutput::Wrapped { wrapper, unwrap } => {
                let wrapper = ident(&ir.ty(*wrapper).rust_name);
                match unwrap {
                    Unwrap::Nothing => write_part(quote!(#wrapper {}.write_content(w);)),
                    Unwrap::Field(field) => {
                        let field = ident(field);
                        write_part(quote!(#wrapper { #field: #output_place }.write_content(w);))
                    }
                    Unwrap::Whole => write_part(quote!(#output_place.write_content(w);)),
                }
            }
            MethodOutput::Bare(Some(ty)) => {
                write_part(content_writer(&value(ir, *ty), output_place.clone(), false))
            }
            MethodOutput::Parts(types) => {
                let parts = message.body.parts();
                let place = |i: usize| {
                    if parts.len() == 1 {
                        output_place.clone()
                    } else {
                        let index = syn::Index::from(i);
                        quote!(#output_place.#index)
                    }
                };
                let Body::Rpc { wrapper, .. } = &message.body else {
                    // A document response of several parts: one body element each.
                    let writes = parts.iter().enumerate().map(|(i, part)| {
                        let name = written_part(self.context, part);
                        let content = content_writer(&value(ir, part.ty), place(i), false);
                        let content = part_content(self.context, encoding, part, content);
                        let write = write_body_element(encoding, &name, content);
                        quote!(#write;)
                    });
                    return quote!(|w| { #(#writes)* });
                };
                let wrapper = self.context.prefixes.written(wrapper);
                if types.is_empty() {
                    return write(&wrapper, quote!(|_| {}));
                }
                let writes = parts.iter().enumerate().map(|(i, part)| {
                    let name = written_part(self.context, part);
                    let place = place(i);
                    let xsi_type = part_xsi_type(self.context, encoding, part);
                    write_value(
                        &value(ir, part.ty),
                        place,
                        false,
                        &name,
                        xsi_type.as_deref(),
                    )
                });
                write(&wrapper, quote!(|w| { #(#writes)* }))
            }
        }
    }
}
