//! The services of the IR: ports with their SOAP bindings, and operations with their
//! messages and the methods generated code presents them as.

use serde::Serialize;

use super::{BodyUse, ElementId, ExchangePattern, Style, TypeId, TypeRef};
use crate::qname::QName;

/// A `wsdl:service`.
#[derive(Debug, Serialize)]
pub struct Service {
    /// The service name.
    pub name: String,
    /// A Rust name (PascalCase) for the service.
    pub rust_name: String,
    /// `wsdl:documentation`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The SOAP ports (non-SOAP ports are skipped with a note).
    pub ports: Vec<Port>,
}

/// SOAP 1.1 or SOAP 1.2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum SoapVersion {
    /// SOAP 1.1: `text/xml`, `SOAPAction` header.
    #[serde(rename = "1.1")]
    Soap11,
    /// SOAP 1.2: `application/soap+xml; action=…`.
    #[serde(rename = "1.2")]
    Soap12,
}

/// A `wsdl:port` with a SOAP binding.
#[derive(Debug, Serialize)]
pub struct Port {
    /// The port name.
    pub name: String,
    /// PascalCase name for the port's client struct.
    pub client_name: String,
    /// PascalCase name for the port's server trait.
    pub server_name: String,
    /// snake_case name of the port's server dispatcher function (`serve_<port>`).
    pub serve_fn: String,
    /// PascalCase name of the enum of the operations the dispatcher routes requests to
    /// (absent when it routes none: see [`MethodSignature::route`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation_enum: Option<String>,
    /// The binding's name.
    pub binding: QName,
    /// SOAP version of the binding.
    pub soap_version: SoapVersion,
    /// The `transport` URI of the binding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transport: Option<String>,
    /// The `soap:address` location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// `wsdl:documentation` of the port or its portType.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The operations, in portType order.
    pub operations: Vec<Operation>,
}

/// One operation of a port.
#[derive(Debug, Serialize)]
pub struct Operation {
    /// The operation name.
    pub name: String,
    /// The Rust method name (snake_case, unique in the port).
    pub rust_name: String,
    /// `wsdl:documentation`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// `soapAction` (SOAP 1.1 header, SOAP 1.2 `action` parameter).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub soap_action: Option<String>,
    /// document or rpc.
    pub style: Style,
    /// request-response or one-way.
    pub pattern: ExchangePattern,
    /// The request.
    pub input: OperationMessage,
    /// The response (absent for one-way operations).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<OperationMessage>,
    /// Faults declared in the WSDL.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub faults: Vec<OperationFault>,
    /// The Rust name of the enum of the declared faults' details (absent without faults);
    /// operations of ports sharing a portType (same name, same faults) share one enum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fault_enum: Option<String>,
    /// The operation as a Rust method, for clients and servers alike (the shape of
    /// progenitor's `OperationMethod`): decided once, so clients, servers, fault enums and
    /// tests agree on it.
    pub method: MethodSignature,
}

/// The parameters and output of an operation's method: clients call it with these parameters
/// and get this output; servers implement it.
#[derive(Debug, Default, Serialize)]
pub struct MethodSignature {
    /// The request's body parts in order, then its SOAP headers.
    pub params: Vec<MethodParam>,
    /// What the method returns of the response's body.
    pub output: MethodOutput,
    /// The response's SOAP headers, when its binding declares any: the method then returns
    /// them with the body's output, in a generated struct.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_headers: Option<OutputHeaders>,
    /// Whether servers implement the operation: a bare request of several parts is written by
    /// clients, but servers cannot tell it apart by its first element and leave it out.
    pub served: bool,
    /// How a server's dispatcher selects the operation; absent when it is not served or
    /// another operation of the port takes both its SOAPAction and its body element.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<ServerRoute>,
}

/// A method parameter: a part of the request.
#[derive(Debug, Serialize)]
pub struct MethodParam {
    /// The parameter's Rust name (the part's).
    pub rust_name: String,
    /// The part's type.
    pub ty: TypeRef,
    /// Where the part travels.
    pub source: ParamSource,
}

/// Where a request part travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamSource {
    /// In the SOAP body.
    Body,
    /// In a SOAP header block; servers receive an `Option` unless it is `required`.
    Header {
        /// `wsdl:required="true"`.
        required: bool,
    },
}

/// What an operation's method returns of the response's body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MethodOutput {
    /// `()`: a one-way operation.
    #[default]
    OneWay,
    /// The content of a document/literal wrapped response.
    Wrapped {
        /// The wrapper element's type (a struct).
        wrapper: TypeId,
        /// What of the wrapper the method returns.
        unwrap: Unwrap,
    },
    /// The value of a document response's only body part, or `()` without one.
    Bare(Option<TypeRef>),
    /// The values of the response's parts, in order: `()` for none, the value of one, a
    /// tuple of several. The accessors of an rpc response, or the body elements of a
    /// document response of several parts.
    Parts(Vec<TypeRef>),
}

impl MethodOutput {
    /// Whether the method returns `()`.
    pub fn is_unit(&self) -> bool {
        match self {
            MethodOutput::OneWay | MethodOutput::Bare(None) => true,
            MethodOutput::Wrapped { unwrap, .. } => matches!(unwrap, Unwrap::Nothing),
            MethodOutput::Bare(Some(_)) => false,
            MethodOutput::Parts(parts) => parts.is_empty(),
        }
    }
}

/// What a method returns of a wrapped response.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unwrap {
    /// `()`: the wrapper is empty.
    Nothing,
    /// The value of the wrapper's only member (ATL's `return`), a field of this Rust name.
    Field(String),
    /// The wrapper itself.
    Whole,
}

/// The struct a method returns when its response carries SOAP headers (the shape of
/// aws-sdk-rust's `<Operation>Output`): the body's output in a field `body` (absent when the
/// body gives `()`), then one field per header, `Option` unless `wsdl:required`. Clients
/// return it, servers answer with it.
#[derive(Debug, Serialize)]
pub struct OutputHeaders {
    /// The struct's Rust name (`<Operation>Output`), claimed in the module's type namespace;
    /// operations of one name and the same output (ports of a SOAP 1.1 and a SOAP 1.2
    /// binding of one portType, say) share one struct.
    pub struct_name: String,
    /// The header fields, in binding order.
    pub fields: Vec<OutputHeaderField>,
}

/// A header field of an [`OutputHeaders`] struct.
#[derive(Debug, Serialize)]
pub struct OutputHeaderField {
    /// The field's Rust name: the part's, unless `body` or a name the generated client binds
    /// while decoding (`response`, `r`, `block`) takes it.
    pub rust_name: String,
    /// The header block's element name.
    pub xml_name: QName,
    /// The part's type.
    pub ty: TypeRef,
    /// `wsdl:required="true"`: the field holds the value, and a response without the block
    /// does not decode.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
}

/// How a server's dispatcher selects an operation.
#[derive(Debug, Serialize)]
pub struct ServerRoute {
    /// The operation's variant in the port's [`Port::operation_enum`].
    pub variant: String,
    /// The SOAPAction that selects it; absent when empty or taken by an earlier operation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// The local name of the request's body element that selects it when the SOAPAction
    /// does not; absent when taken by an earlier operation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_element: Option<String>,
}

/// The request or the response of an operation.
#[derive(Debug, Serialize)]
pub struct OperationMessage {
    /// The `wsdl:message` name.
    pub message: QName,
    /// literal or encoded.
    pub body_use: BodyUse,
    /// How the body is laid out.
    pub body: Body,
    /// SOAP headers, from the binding.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<HeaderPart>,
}

/// The layout of a SOAP body.
#[derive(Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Body {
    /// document/literal wrapped: one part whose element is named like the operation (or
    /// `…Response`) and holds a sequence of elements only.
    Wrapped {
        /// The part.
        part: MessagePart,
    },
    /// document style, not wrapped: each part's element is a child of Body.
    Bare {
        /// The parts bound to the body, in order.
        parts: Vec<MessagePart>,
    },
    /// rpc style: one wrapper element named after the operation (`…Response` for the output)
    /// in `namespace`, holding one unqualified accessor element per part.
    Rpc {
        /// The wrapper element's name.
        wrapper: QName,
        /// `encodingStyle` for encoded bodies.
        #[serde(skip_serializing_if = "Option::is_none")]
        encoding_style: Option<String>,
        /// The parts, in order.
        parts: Vec<MessagePart>,
    },
}

impl Body {
    /// The parts bound to the body, in order.
    pub fn parts(&self) -> &[MessagePart] {
        match self {
            Body::Wrapped { part } => std::slice::from_ref(part),
            Body::Bare { parts } | Body::Rpc { parts, .. } => parts,
        }
    }
}

/// A `wsdl:part`.
#[derive(Debug, Serialize)]
pub struct MessagePart {
    /// The part name.
    pub name: String,
    /// The element the part is written as: its element's name, or for a `type=` part the
    /// part name, unqualified.
    pub xml_name: QName,
    /// The Rust parameter name (snake_case).
    pub rust_name: String,
    /// The element (for `element=` parts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub element: Option<ElementId>,
    /// The part's type: the element's type, or the `type=` attribute.
    pub ty: TypeRef,
}

/// A SOAP header bound to a message.
#[derive(Debug, Serialize)]
pub struct HeaderPart {
    /// The part.
    pub part: MessagePart,
    /// The `wsdl:message` it comes from.
    pub message: QName,
    /// literal or encoded.
    pub header_use: BodyUse,
    /// `wsdl:required="true"`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
}

/// A declared fault.
#[derive(Debug, Serialize)]
pub struct OperationFault {
    /// The fault name.
    pub name: String,
    /// PascalCase name for the fault's variant.
    pub rust_name: String,
    /// The fault message's part (its element is the `detail` child).
    pub part: MessagePart,
}
