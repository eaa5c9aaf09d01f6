//! Services, ports and operations: bindings joined with their portTypes and messages.

use std::collections::HashSet;

use super::Resolver;
use crate::builtin::BuiltinType;
use crate::ir::{
    Body, HeaderPart, Member, MessagePart, MethodSignature, Operation, OperationFault,
    OperationMessage, Port, Service, SoapVersion, TypeKind, TypeRef,
};
use crate::naming::NameScope;
use crate::qname::{QName, SOAP_HTTP_TRANSPORT};
use crate::raw::{
    BindingMessage, BindingProtocol, BodyUse, Definitions, ExchangePattern, NameRef, Part,
    PortTypeOperation, Style,
};
use crate::source::Span;

/// Names that generated code binds while message parts are in scope: `w` (the writer of a
/// client's request closure) and the dispatchers' locals, with the locals of earlier
/// dispatchers (still reserved, so that part names stay as they were). Parts get other names.
const GENERATED_LOCALS: &[&str] = &[
    "body_element",
    "by_action",
    "child",
    "header",
    "header_element",
    "operation",
    "request_bytes",
    "request_text",
    "requested_action",
    "server",
    "soap_action",
    "soap_body",
    "soap_request",
    "w",
];

/// A reference an operation needs that names nothing (a message, a part's element or type,
/// or a reference inside a type a part needs): the operation is left out, the rest of the
/// set is generated.
struct Missing {
    /// The reference.
    span: Span,
    /// What it names and, when known, why that is missing.
    message: String,
}

/// Transport URIs of SOAP over HTTP (SOAP 1.1 binding, and the SOAP 1.2 HTTP binding).
const HTTP_TRANSPORTS: &[&str] = &[
    SOAP_HTTP_TRANSPORT,
    "http://www.w3.org/2003/05/soap/bindings/HTTP/",
];

impl<'a> Resolver<'a> {
    pub(super) fn services(&mut self) -> Vec<crate::ir::Service> {
        let mut services = Vec::new();
        let mut names = NameScope::default();
        let mut bound: HashSet<QName> = HashSet::new();
        for definitions in &self.set.definitions {
            for service in &definitions.services {
                let mut ports = Vec::new();
                for port in &service.ports {
                    let Some(binding) = self.port_binding(port) else {
                        continue;
                    };
                    bound.insert(binding.clone());
                    if let Some(port) =
                        self.port(&port.name, &binding, port.address.clone(), port.doc.clone())
                    {
                        ports.push(port);
                    }
                }
                services.push(Service {
                    name: service.name.clone(),
                    rust_name: names.claim_pascal(&service.name),
                    doc: service.doc.clone().or_else(|| definitions.doc.clone()),
                    ports,
                });
            }
        }
        // A binding that no port uses still describes a callable API (UDDI's WSDLs, for one,
        // have no service): it gets a port of its own, without an address.
        for definitions in &self.set.definitions {
            for binding in &definitions.bindings {
                let name = QName::with_optional_namespace(
                    definitions.target_namespace.as_deref(),
                    &binding.name,
                );
                if bound.contains(&name)
                    || !matches!(
                        binding.protocol,
                        BindingProtocol::Soap11 | BindingProtocol::Soap12
                    )
                {
                    continue;
                }
                self.note(
                    binding.span,
                    format!(
                        "binding `{}` is not used by any service port; a port named after it, \
                         without an address, is generated",
                        binding.name
                    ),
                );
                if let Some(port) = self.port(&binding.name, &name, None, None) {
                    services.push(Service {
                        name: binding.name.clone(),
                        rust_name: names.claim_pascal(&binding.name),
                        doc: definitions.doc.clone(),
                        ports: vec![port],
                    });
                }
            }
        }
        services
    }

    /// The binding a port uses. Published WSDLs sometimes name a binding that does not
    /// exist (ONVIF's analytics and recording services do). When the name is that of a
    /// portType with exactly one binding, that binding is used, with a warning. Otherwise
    /// the port is skipped with a warning: its binding, if no other port uses it, still gets
    /// a port without an address.
    fn port_binding(&mut self, port: &crate::raw::Port) -> Option<QName> {
        let name = &port.binding.name;
        if self.symbols.bindings.contains_key(name) {
            return Some(name.clone());
        }
        let of_port_type: Vec<&QName> = self
            .symbols
            .bindings
            .iter()
            .filter(|(_, (b, _))| &b.port_type.name == name)
            .map(|(n, _)| n)
            .collect();
        if let [only] = of_port_type.as_slice() {
            let binding = (*only).clone();
            self.warning(
                port.binding.span,
                format!(
                    "port `{}` refers to {name}, which is a portType, not a binding; using its \
                     only binding {binding}",
                    port.name
                ),
            );
            return Some(binding);
        }
        let message = format!(
            "port `{}` refers to unknown binding {name}; the port is skipped",
            port.name
        );
        self.warning(port.binding.span, message);
        None
    }

    fn port(
        &mut self,
        port_name: &str,
        binding_name: &QName,
        address: Option<String>,
        doc: Option<String>,
    ) -> Option<Port> {
        let &(binding, binding_definitions) = self.symbols.bindings.get(binding_name)?;
        let soap_version = match &binding.protocol {
            BindingProtocol::Soap11 => SoapVersion::Soap11,
            BindingProtocol::Soap12 => SoapVersion::Soap12,
            BindingProtocol::Http => {
                self.note(
                    binding.span,
                    format!(
                        "port `{port_name}` uses the HTTP GET/POST binding `{}`; only SOAP \
                         ports are generated, so it is skipped",
                        binding.name
                    ),
                );
                return None;
            }
            BindingProtocol::Other(namespace) => {
                self.note(
                    binding.span,
                    format!(
                        "port `{port_name}` uses binding `{}`, which is not a SOAP binding \
                         ({}); skipped",
                        binding.name,
                        namespace.as_deref().unwrap_or("no binding extension")
                    ),
                );
                return None;
            }
        };
        if let Some(transport) = binding
            .transport
            .as_deref()
            .filter(|t| !HTTP_TRANSPORTS.contains(t))
        {
            self.note(
                binding.span,
                format!(
                    "port `{port_name}` uses binding `{}` over the transport {transport}, which \
                     is not HTTP; skipped",
                    binding.name
                ),
            );
            return None;
        }
        let Some(&port_type) = self.symbols.port_types.get(&binding.port_type.name) else {
            let message = format!(
                "binding `{}` refers to unknown portType {}",
                binding.name, binding.port_type.name
            );
            self.error(binding.port_type.span, message);
            return None;
        };
        let mut seen = std::collections::HashMap::new();
        for operation in &binding.operations {
            if let Some(first) = seen.insert(operation.name.as_str(), operation.span) {
                let first = self.locate(first);
                self.error(
                    operation.span,
                    format!(
                        "duplicate operation `{}` in binding `{}`, first at {first} (overloaded \
                         operations are not supported)",
                        operation.name, binding.name
                    ),
                );
            }
            if !port_type
                .operations
                .iter()
                .any(|o| o.name == operation.name)
            {
                self.warning(
                    operation.span,
                    format!(
                        "binding `{}` binds operation `{}`, which portType `{}` does not declare; \
                         ignored",
                        binding.name, operation.name, port_type.name
                    ),
                );
            }
        }
        // Generated clients also have `new`, `endpoint` and `transport`.
        let mut method_names = NameScope::with_reserved(&["new", "endpoint", "transport"]);
        let mut operations = Vec::new();
        for operation in &port_type.operations {
            let Some(bound) = binding.operations.iter().find(|b| b.name == operation.name) else {
                self.warning(
                    operation.span,
                    format!(
                        "operation `{}` of portType `{}` is not in binding `{}`; skipped",
                        operation.name, port_type.name, binding.name
                    ),
                );
                continue;
            };
            if matches!(
                operation.pattern,
                ExchangePattern::Notification | ExchangePattern::SolicitResponse
            ) {
                self.warning(
                    operation.span,
                    format!(
                        "operation `{}` is a {} operation (output before input), which SOAP \
                         over HTTP cannot carry; skipped",
                        operation.name,
                        match operation.pattern {
                            ExchangePattern::Notification => "notification",
                            _ => "solicit-response",
                        }
                    ),
                );
                continue;
            }
            let style = bound.style.or(binding.style).unwrap_or(Style::Document);
            let input = operation.input.as_ref().map(|message| {
                self.operation_message(
                    message,
                    bound.input.as_ref(),
                    style,
                    operation,
                    false,
                    binding_definitions,
                )
            });
            let input = match input {
                Some(Ok(input)) => input,
                Some(Err(missing)) => {
                    self.leave_out(operation, port_name, missing);
                    continue;
                }
                None => continue,
            };
            let input_wrapped = matches!(input.body, Body::Wrapped { .. });
            let output = match &operation.output {
                Some(message) => {
                    let mut output = match self.operation_message(
                        message,
                        bound.output.as_ref(),
                        style,
                        operation,
                        true,
                        binding_definitions,
                    ) {
                        Ok(output) => output,
                        Err(missing) => {
                            self.leave_out(operation, port_name, missing);
                            continue;
                        }
                    };
                    // Wrapped responses pair with wrapped requests only.
                    if !input_wrapped {
                        if let Body::Wrapped { part } = output.body {
                            output.body = Body::Bare { parts: vec![part] };
                        }
                    }
                    Some(output)
                }
                None => None,
            };
            for fault in &bound.faults {
                if !operation.faults.iter().any(|f| f.name == fault.name) {
                    self.warning(
                        fault.span,
                        format!(
                            "binding `{}` declares fault `{}` for operation `{}`, which the \
                             portType does not declare; ignored",
                            binding.name, fault.name, operation.name
                        ),
                    );
                }
            }
            let faults = match self.operation_faults(operation) {
                Ok(faults) => faults,
                Err(missing) => {
                    self.leave_out(operation, port_name, missing);
                    continue;
                }
            };
            operations.push(Operation {
                name: operation.name.clone(),
                rust_name: method_names.claim_snake(&operation.name),
                doc: operation.doc.clone(),
                soap_action: bound.soap_action.clone(),
                style,
                pattern: operation.pattern,
                input,
                output,
                faults,
                fault_enum: None,
                // Settled once every type is complete (`methods::describe_methods`).
                method: MethodSignature::default(),
            });
        }
        Some(Port {
            name: port_name.to_owned(),
            client_name: String::new(),
            server_name: String::new(),
            serve_fn: String::new(),
            operation_enum: None,
            binding: QName::with_optional_namespace(
                binding_definitions.target_namespace.as_deref(),
                &binding.name,
            ),
            soap_version,
            transport: binding.transport.clone(),
            address,
            doc: doc.or_else(|| port_type.doc.clone()),
            operations,
        })
    }

    /// Reports an operation left out for a reference that names nothing.
    fn leave_out(&mut self, operation: &PortTypeOperation, port_name: &str, missing: Missing) {
        let at = self.locate(missing.span);
        self.recovery(
            operation.span,
            &format!(
                "operation `{}` refers to what is not defined: {} (at {at})",
                operation.name, missing.message
            ),
            &format!(
                "the operation is left out of port `{port_name}`; the rest of the set is \
                 generated"
            ),
        );
    }

    fn operation_message(
        &mut self,
        message_ref: &NameRef,
        bound: Option<&'a BindingMessage>,
        style: Style,
        operation: &PortTypeOperation,
        response: bool,
        binding_definitions: &Definitions,
    ) -> Result<OperationMessage, Missing> {
        let Some(&message) = self.symbols.messages.get(&message_ref.name) else {
            return Err(Missing {
                span: message_ref.span,
                message: self.unknown_reference_message("message", &message_ref.name),
            });
        };
        let body = bound.and_then(|b| b.body.as_ref());
        let body_use = body.map_or(BodyUse::Literal, |b| b.usage);
        let mut part_names = NameScope::with_reserved(GENERATED_LOCALS);
        let mut headers = Vec::new();
        let mut header_parts_of_body_message = HashSet::new();
        for header in bound.map(|b| b.headers.as_slice()).unwrap_or_default() {
            let Some(&header_message) = self.symbols.messages.get(&header.message.name) else {
                return Err(Missing {
                    span: header.message.span,
                    message: self.unknown_reference_message("message", &header.message.name),
                });
            };
            let Some(part) = header_message.parts.iter().find(|p| p.name == header.part) else {
                self.error(
                    header.span,
                    format!(
                        "soap:header names part `{}`, which message {} does not have",
                        header.part, header.message.name
                    ),
                );
                continue;
            };
            if header.message.name == message_ref.name {
                header_parts_of_body_message.insert(part.name.as_str());
            }
            headers.push(HeaderPart {
                part: self.message_part(part, &mut part_names)?,
                message: header.message.name.clone(),
                header_use: header.usage,
                required: header.required,
            });
        }
        let mut body_parts: Vec<&Part> = Vec::new();
        match body.and_then(|b| b.parts.as_ref()) {
            Some(names) => {
                for name in names {
                    match message.parts.iter().find(|p| &p.name == name) {
                        Some(part) => body_parts.push(part),
                        None => {
                            let span = body.map_or(message.span, |b| b.span);
                            self.error(
                                span,
                                format!(
                                    "soap:body names part `{name}`, which message {} does not \
                                     have",
                                    message_ref.name
                                ),
                            );
                        }
                    }
                }
            }
            None => body_parts.extend(
                message
                    .parts
                    .iter()
                    .filter(|p| !header_parts_of_body_message.contains(p.name.as_str())),
            ),
        }
        let parts: Vec<MessagePart> = body_parts
            .iter()
            .map(|part| self.message_part(part, &mut part_names))
            .collect::<Result<_, _>>()?;
        let body = match style {
            Style::Rpc => {
                let namespace = body
                    .and_then(|b| b.namespace.clone())
                    .or_else(|| binding_definitions.target_namespace.clone());
                let local = if response {
                    format!("{}Response", operation.name)
                } else {
                    operation.name.clone()
                };
                Body::Rpc {
                    wrapper: QName { namespace, local },
                    encoding_style: body.and_then(|b| b.encoding_style.clone()),
                    parts,
                }
            }
            Style::Document => {
                for (part, raw) in parts.iter().zip(&body_parts) {
                    if part.element.is_none() {
                        self.warning(
                            raw.span,
                            format!(
                                "part `{}` has a type but no element in a document-style \
                                 operation; it is sent as an unqualified element named after \
                                 the part",
                                part.name
                            ),
                        );
                    }
                }
                if self.is_wrapper(&parts, &operation.name, response) {
                    let mut parts = parts;
                    Body::Wrapped {
                        part: parts.remove(0),
                    }
                } else {
                    Body::Bare { parts }
                }
            }
        };
        Ok(OperationMessage {
            message: message_ref.name.clone(),
            body_use,
            body,
            headers,
        })
    }

    /// Document/literal wrapped: one element part named like the operation (any name for a
    /// response) whose type is a sequence of elements without attributes.
    fn is_wrapper(&self, parts: &[MessagePart], operation: &str, response: bool) -> bool {
        let [part] = parts else { return false };
        let Some(element) = part.element else {
            return false;
        };
        let element = &self.elements[element.0 as usize];
        if !response && element.xml_name.local != operation {
            return false;
        }
        let TypeRef::Defined(ty) = element.ty else {
            return false;
        };
        match &self.slots[ty.0 as usize].kind {
            Some(TypeKind::Struct(s)) => {
                s.base.is_none()
                    && s.attributes.is_empty()
                    && !s.any_attribute
                    && !s.is_abstract
                    && !s.mixed
                    && s.members.iter().all(|m| matches!(m, Member::Element(_)))
            }
            _ => false,
        }
    }

    /// A message part, or what it refers to that is not defined.
    fn message_part(&mut self, part: &Part, names: &mut NameScope) -> Result<MessagePart, Missing> {
        let element_id = part.element.as_ref().map(|element| {
            let name = self.effective_name(element, |r, n| r.element_ids.contains_key(n));
            self.element_ids.get(&name).copied()
        });
        let (element, ty) = match (&part.element, &part.type_name) {
            (Some(element), _) => match element_id.flatten() {
                Some(id) => (Some(id), self.elements[id.0 as usize].ty),
                None => {
                    return Err(Missing {
                        span: element.span,
                        message: self.unknown_reference_message("element", &element.name),
                    });
                }
            },
            (None, Some(type_name)) => {
                let defined = self.is_type_defined(&type_name.name)
                    || (type_name.unprefixed_fallback.as_ref())
                        .is_some_and(|fallback| self.is_type_defined(fallback));
                if !defined {
                    return Err(Missing {
                        span: type_name.span,
                        message: self.unknown_reference_message("type", &type_name.name),
                    });
                }
                (None, self.resolve_type(type_name, None))
            }
            // Reported when parsed: a part without a type is raw XML.
            (None, None) => (None, TypeRef::Builtin(BuiltinType::AnyType)),
        };
        if let Some(gap) = self.left_out_gap(element, ty) {
            return Err(Missing {
                span: gap.span,
                message: format!("{}, which {} needs", gap.message, gap.owner_name),
            });
        }
        let xml_name = match element {
            Some(id) => self.elements[id.0 as usize].xml_name.clone(),
            None => QName::with_optional_namespace(None, &part.name),
        };
        Ok(MessagePart {
            name: part.name.clone(),
            xml_name,
            rust_name: names.claim_snake(&part.name),
            element,
            ty,
        })
    }

    fn operation_faults(
        &mut self,
        operation: &PortTypeOperation,
    ) -> Result<Vec<OperationFault>, Missing> {
        let mut names = NameScope::default();
        let mut faults = Vec::new();
        for fault in &operation.faults {
            let Some(&message) = self.symbols.messages.get(&fault.message.name) else {
                return Err(Missing {
                    span: fault.message.span,
                    message: self.unknown_reference_message("message", &fault.message.name),
                });
            };
            let Some(part) = message.parts.first() else {
                self.warning(
                    fault.span,
                    format!(
                        "fault `{}` uses message {}, which has no part; its detail is kept as \
                         raw XML",
                        fault.name, fault.message.name
                    ),
                );
                continue;
            };
            let mut part_names = NameScope::with_reserved(GENERATED_LOCALS);
            faults.push(OperationFault {
                name: fault.name.clone(),
                rust_name: names.claim_pascal(&fault.name),
                part: self.message_part(part, &mut part_names)?,
            });
        }
        Ok(faults)
    }
}
