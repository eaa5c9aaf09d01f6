//! WSDL 1.1 as written.

use super::{BodyUse, ExchangePattern, NameRef, Schema, Style};
use crate::source::Span;

/// A WSDL `definitions` document.
#[derive(Debug)]
pub(crate) struct Definitions {
    pub target_namespace: Option<String>,
    pub doc: Option<String>,
    pub imports: Vec<WsdlImport>,
    pub schemas: Vec<Schema>,
    pub messages: Vec<Message>,
    pub port_types: Vec<PortType>,
    pub bindings: Vec<Binding>,
    pub services: Vec<Service>,
}

/// `wsdl:import`.
#[derive(Debug)]
pub(crate) struct WsdlImport {
    pub span: Span,
    pub location: Option<String>,
}

/// `wsdl:message`.
#[derive(Debug)]
pub(crate) struct Message {
    pub span: Span,
    pub name: String,
    pub parts: Vec<Part>,
}

/// `wsdl:part`.
#[derive(Debug)]
pub(crate) struct Part {
    pub span: Span,
    pub name: String,
    pub element: Option<NameRef>,
    pub type_name: Option<NameRef>,
}

/// `wsdl:portType`.
#[derive(Debug)]
pub(crate) struct PortType {
    pub span: Span,
    pub name: String,
    pub doc: Option<String>,
    pub operations: Vec<PortTypeOperation>,
}

/// An operation of a `wsdl:portType`.
#[derive(Debug)]
pub(crate) struct PortTypeOperation {
    pub span: Span,
    pub name: String,
    pub doc: Option<String>,
    pub pattern: ExchangePattern,
    pub input: Option<NameRef>,
    pub output: Option<NameRef>,
    pub faults: Vec<PortTypeFault>,
}

/// `wsdl:fault` of a portType operation.
#[derive(Debug)]
pub(crate) struct PortTypeFault {
    pub span: Span,
    pub name: String,
    pub message: NameRef,
}

/// What protocol a binding is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum BindingProtocol {
    Soap11,
    Soap12,
    /// `http:binding` (GET/POST).
    Http,
    /// A binding with no extension this generator knows (the namespace of its first extension).
    Other(Option<String>),
}

/// `wsdl:binding`.
#[derive(Debug)]
pub(crate) struct Binding {
    pub span: Span,
    pub name: String,
    pub port_type: NameRef,
    pub protocol: BindingProtocol,
    pub style: Option<Style>,
    pub transport: Option<String>,
    pub operations: Vec<BindingOperation>,
}

/// An operation of a binding.
#[derive(Debug)]
pub(crate) struct BindingOperation {
    pub span: Span,
    pub name: String,
    pub soap_action: Option<String>,
    pub style: Option<Style>,
    pub input: Option<BindingMessage>,
    pub output: Option<BindingMessage>,
    pub faults: Vec<BindingFault>,
}

/// The `input` or `output` of a binding operation.
#[derive(Debug, Default)]
pub(crate) struct BindingMessage {
    pub body: Option<SoapBody>,
    pub headers: Vec<SoapHeader>,
    /// `mime:multipartRelated` or other MIME content was present.
    pub mime: bool,
}

/// `soap:body`.
#[derive(Debug)]
pub(crate) struct SoapBody {
    pub span: Span,
    pub usage: BodyUse,
    pub parts: Option<Vec<String>>,
    pub namespace: Option<String>,
    pub encoding_style: Option<String>,
}

/// `soap:header`.
#[derive(Debug)]
pub(crate) struct SoapHeader {
    pub span: Span,
    pub message: NameRef,
    pub part: String,
    pub usage: BodyUse,
    pub required: bool,
}

/// `wsdl:fault` of a binding operation.
#[derive(Debug)]
pub(crate) struct BindingFault {
    pub span: Span,
    pub name: String,
}

/// `wsdl:service`.
#[derive(Debug)]
pub(crate) struct Service {
    pub name: String,
    pub doc: Option<String>,
    pub ports: Vec<Port>,
}

/// `wsdl:port`.
#[derive(Debug)]
pub(crate) struct Port {
    pub name: String,
    pub binding: NameRef,
    pub address: Option<String>,
    pub doc: Option<String>,
}
