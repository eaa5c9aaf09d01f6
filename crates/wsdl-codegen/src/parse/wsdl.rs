//! `wsdl:definitions` into [`Definitions`].

use roxmltree::Node;

use super::{Parser, documentation, is_xsd};
use crate::qname::{
    WSDL_HTTP_NS, WSDL_MIME_NS, WSDL_NS, WSDL_SOAP11_NS, WSDL_SOAP12_NS, is_xsd_namespace,
};
use crate::raw::{
    Binding, BindingFault, BindingMessage, BindingOperation, BindingProtocol, BodyUse, Definitions,
    ExchangePattern, Message, Part, Port, PortType, PortTypeFault, PortTypeOperation, Service,
    SoapBody, SoapHeader, Style, WsdlImport,
};

fn is_wsdl(node: Node<'_, '_>, local: &str) -> bool {
    node.is_element()
        && node.tag_name().name() == local
        && node.tag_name().namespace() == Some(WSDL_NS)
}

fn is_soap_extension(node: Node<'_, '_>, local: &str) -> bool {
    node.is_element()
        && node.tag_name().name() == local
        && matches!(
            node.tag_name().namespace(),
            Some(WSDL_SOAP11_NS | WSDL_SOAP12_NS)
        )
}

impl Parser<'_> {
    /// Parses a `wsdl:definitions` element.
    pub fn definitions(&mut self, node: Node<'_, '_>) -> Definitions {
        let mut definitions = Definitions {
            target_namespace: node.attribute("targetNamespace").map(str::to_owned),
            doc: documentation(node),
            imports: Vec::new(),
            schemas: Vec::new(),
            messages: Vec::new(),
            port_types: Vec::new(),
            bindings: Vec::new(),
            services: Vec::new(),
        };
        for child in node.children().filter(Node::is_element) {
            if child.tag_name().namespace() != Some(WSDL_NS) {
                // Extensions at the top level (WS-Policy, wsp:UsingPolicy, …) do not shape the API.
                continue;
            }
            match child.tag_name().name() {
                "import" => definitions.imports.push(WsdlImport {
                    span: self.span(child),
                    location: child.attribute("location").map(str::to_owned),
                }),
                "types" => {
                    for schema in child.children().filter(Node::is_element) {
                        if is_xsd(schema, "schema") {
                            let schema = self.schema(schema);
                            definitions.schemas.push(schema);
                        } else if !schema.tag_name().namespace().is_some_and(is_xsd_namespace) {
                            self.warning_at(
                                schema,
                                format!(
                                    "<{}> inside wsdl:types is not an XML Schema; ignored",
                                    schema.tag_name().name()
                                ),
                            );
                        }
                    }
                }
                "message" => {
                    if let Some(message) = self.message(child) {
                        definitions.messages.push(message);
                    }
                }
                "portType" => {
                    if let Some(port_type) = self.port_type(child) {
                        definitions.port_types.push(port_type);
                    }
                }
                "binding" => {
                    if let Some(binding) = self.binding(child) {
                        definitions.bindings.push(binding);
                    }
                }
                "service" => {
                    if let Some(service) = self.service(child) {
                        definitions.services.push(service);
                    }
                }
                "documentation" => {}
                other => self.warning_at(
                    child,
                    format!("unknown WSDL element <wsdl:{other}>; ignored"),
                ),
            }
        }
        definitions
    }

    fn message(&mut self, node: Node<'_, '_>) -> Option<Message> {
        let name = self.required_attribute(node, "name")?.to_owned();
        let mut parts = Vec::new();
        for part in node.children().filter(|n| is_wsdl(*n, "part")) {
            let Some(part_name) = self.required_attribute(part, "name") else {
                continue;
            };
            let element = self.qname_attribute(part, "element");
            let type_name = self.qname_attribute(part, "type");
            if element.is_none() && type_name.is_none() {
                self.recovery_at(
                    part,
                    &format!("part `{part_name}` has neither an `element` nor a `type`"),
                    "it is read as raw XML (xs:anyType)",
                );
            }
            parts.push(Part {
                span: self.span(part),
                name: part_name.to_owned(),
                element,
                type_name,
            });
        }
        Some(Message {
            span: self.span(node),
            name,
            parts,
        })
    }

    fn port_type(&mut self, node: Node<'_, '_>) -> Option<PortType> {
        let name = self.required_attribute(node, "name")?.to_owned();
        let mut operations = Vec::new();
        for op in node.children().filter(|n| is_wsdl(*n, "operation")) {
            let Some(op_name) = self.required_attribute(op, "name") else {
                continue;
            };
            let mut input = None;
            let mut output = None;
            let mut first = None;
            let mut faults = Vec::new();
            for io in op.children().filter(Node::is_element) {
                let kind = io.tag_name().name();
                if !matches!(kind, "input" | "output" | "fault") || !is_wsdl(io, kind) {
                    continue;
                }
                let Some(message) = self.qname_attribute(io, "message") else {
                    self.error_at(io, format!("<wsdl:{kind}> needs a `message` attribute"));
                    continue;
                };
                match kind {
                    "input" => input = Some(message),
                    "output" => output = Some(message),
                    _ => {
                        let Some(fault_name) = self.required_attribute(io, "name") else {
                            continue;
                        };
                        faults.push(PortTypeFault {
                            span: self.span(io),
                            name: fault_name.to_owned(),
                            message,
                        });
                        continue;
                    }
                }
                first.get_or_insert(kind);
            }
            let pattern = match (first, output.is_some(), input.is_some()) {
                (Some("input"), true, _) => ExchangePattern::RequestResponse,
                (Some("input"), false, _) => ExchangePattern::OneWay,
                (Some(_), _, true) => ExchangePattern::SolicitResponse,
                (Some(_), _, false) => ExchangePattern::Notification,
                (None, ..) => {
                    self.error_at(
                        op,
                        format!("operation `{op_name}` has neither an input nor an output"),
                    );
                    continue;
                }
            };
            operations.push(PortTypeOperation {
                span: self.span(op),
                name: op_name.to_owned(),
                doc: documentation(op),
                pattern,
                input,
                output,
                faults,
            });
        }
        Some(PortType {
            span: self.span(node),
            name,
            doc: documentation(node),
            operations,
        })
    }

    fn binding(&mut self, node: Node<'_, '_>) -> Option<Binding> {
        let name = self.required_attribute(node, "name")?.to_owned();
        let port_type = match self.qname_attribute(node, "type") {
            Some(port_type) => port_type,
            None => {
                self.error_at(
                    node,
                    format!("binding `{name}` needs a `type` (its portType)"),
                );
                return None;
            }
        };
        let mut protocol = BindingProtocol::Other(None);
        let mut style = None;
        let mut transport = None;
        for ext in node.children().filter(Node::is_element) {
            if ext.tag_name().name() != "binding" {
                continue;
            }
            match ext.tag_name().namespace() {
                Some(WSDL_SOAP11_NS) => protocol = BindingProtocol::Soap11,
                Some(WSDL_SOAP12_NS) => protocol = BindingProtocol::Soap12,
                Some(WSDL_HTTP_NS) => protocol = BindingProtocol::Http,
                other => protocol = BindingProtocol::Other(other.map(str::to_owned)),
            }
            style = self.style(ext);
            transport = ext.attribute("transport").map(str::to_owned);
        }
        let mut operations = Vec::new();
        for op in node.children().filter(|n| is_wsdl(*n, "operation")) {
            if let Some(operation) = self.binding_operation(op) {
                operations.push(operation);
            }
        }
        Some(Binding {
            span: self.span(node),
            name,
            port_type,
            protocol,
            style,
            transport,
            operations,
        })
    }

    fn style(&mut self, node: Node<'_, '_>) -> Option<Style> {
        match node.attribute("style")? {
            "document" => Some(Style::Document),
            "rpc" => Some(Style::Rpc),
            other => {
                self.error_at(
                    node,
                    format!("style=\"{other}\" is neither `document` nor `rpc`"),
                );
                None
            }
        }
    }

    fn body_use(&mut self, node: Node<'_, '_>) -> BodyUse {
        match node.attribute("use") {
            Some("encoded") => BodyUse::Encoded,
            None | Some("literal") => BodyUse::Literal,
            Some(other) => {
                self.error_at(
                    node,
                    format!("use=\"{other}\" is neither `literal` nor `encoded`"),
                );
                BodyUse::Literal
            }
        }
    }

    fn binding_operation(&mut self, node: Node<'_, '_>) -> Option<BindingOperation> {
        let name = self.required_attribute(node, "name")?.to_owned();
        let mut operation = BindingOperation {
            span: self.span(node),
            name,
            soap_action: None,
            style: None,
            input: None,
            output: None,
            faults: Vec::new(),
        };
        for child in node.children().filter(Node::is_element) {
            if is_soap_extension(child, "operation") {
                operation.soap_action = child.attribute("soapAction").map(str::to_owned);
                operation.style = self.style(child);
                continue;
            }
            if child.tag_name().namespace() != Some(WSDL_NS) {
                continue;
            }
            match child.tag_name().name() {
                "input" => operation.input = Some(self.binding_message(child)),
                "output" => operation.output = Some(self.binding_message(child)),
                "fault" => {
                    let Some(fault_name) = self.required_attribute(child, "name") else {
                        continue;
                    };
                    operation.faults.push(BindingFault {
                        span: self.span(child),
                        name: fault_name.to_owned(),
                    });
                }
                _ => {}
            }
        }
        Some(operation)
    }

    fn binding_message(&mut self, node: Node<'_, '_>) -> BindingMessage {
        let mut message = BindingMessage::default();
        for ext in node.children().filter(Node::is_element) {
            if ext.tag_name().namespace() == Some(WSDL_MIME_NS) {
                message.mime = true;
                // A multipartRelated wraps the soap:body of its first part.
                for inner in ext.descendants().filter(|n| is_soap_extension(*n, "body")) {
                    message.body = Some(self.soap_body(inner));
                }
                continue;
            }
            if is_soap_extension(ext, "body") {
                message.body = Some(self.soap_body(ext));
            } else if is_soap_extension(ext, "header") {
                let Some(header_message) = self.qname_attribute(ext, "message") else {
                    self.error_at(ext, "<soap:header> needs a `message` attribute");
                    continue;
                };
                let Some(part) = self.required_attribute(ext, "part") else {
                    continue;
                };
                message.headers.push(SoapHeader {
                    span: self.span(ext),
                    message: header_message,
                    part: part.to_owned(),
                    usage: self.body_use(ext),
                    required: matches!(ext.attribute((WSDL_NS, "required")), Some("true" | "1")),
                });
            }
        }
        message
    }

    fn soap_body(&mut self, node: Node<'_, '_>) -> SoapBody {
        SoapBody {
            span: self.span(node),
            usage: self.body_use(node),
            parts: node
                .attribute("parts")
                .map(|parts| parts.split_whitespace().map(str::to_owned).collect()),
            namespace: node.attribute("namespace").map(str::to_owned),
            encoding_style: node.attribute("encodingStyle").map(str::to_owned),
        }
    }

    fn service(&mut self, node: Node<'_, '_>) -> Option<Service> {
        let name = self.required_attribute(node, "name")?.to_owned();
        let mut ports = Vec::new();
        for port in node.children().filter(|n| is_wsdl(*n, "port")) {
            let Some(port_name) = self.required_attribute(port, "name") else {
                continue;
            };
            let Some(binding) = self.qname_attribute(port, "binding") else {
                self.error_at(
                    port,
                    format!("port `{port_name}` needs a `binding` attribute"),
                );
                continue;
            };
            let address = port
                .children()
                .find(|n| n.is_element() && n.tag_name().name() == "address")
                .and_then(|a| a.attribute("location"))
                .map(str::to_owned);
            ports.push(Port {
                name: port_name.to_owned(),
                binding,
                address,
                doc: documentation(port),
            });
        }
        Some(Service {
            name,
            doc: documentation(node),
            ports,
        })
    }
}
