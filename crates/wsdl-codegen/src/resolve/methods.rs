//! Operation methods: each operation as generated code presents it (its parameters, what it
//! returns, how a server's dispatcher selects it), decided once for clients, servers, fault
//! enums and tests.

use std::collections::{HashMap, HashSet};

use crate::ir::{
    Body, Ir, Member, MethodOutput, MethodParam, MethodSignature, Operation, OperationMessage,
    OutputHeaderField, OutputHeaders, ParamSource, ServerRoute, TypeKind, TypeRef, Unwrap,
};
use crate::naming::{NameScope, pascal_case};
use crate::qname::QName;

/// Names an output-header field does not take: the body's field, and what the generated client
/// binds while it decodes the headers (the response, and its closure's reader and block).
const TAKEN_BY_OUTPUT: &[&str] = &["body", "response", "r", "block"];

/// What makes two operations' output structs one: the operation's name, what its body gives,
/// and its header fields (name, element, type, required).
type OutputSignature = (String, MethodOutput, Vec<(String, QName, TypeRef, bool)>);

/// Sets every operation's [`MethodSignature`] and names the ports' operation enums and the
/// operations' output structs, after every other name of the module's type namespace
/// (`type_names`), so none of those changes.
pub(crate) fn describe_methods(ir: &mut Ir, type_names: &mut NameScope) {
    let methods: Vec<Vec<Vec<MethodSignature>>> = ir
        .services
        .iter()
        .map(|service| {
            service
                .ports
                .iter()
                .map(|port| port.operations.iter().map(|op| method(ir, op)).collect())
                .collect()
        })
        .collect();
    for (service, methods) in ir.services.iter_mut().zip(methods) {
        for (port, methods) in service.ports.iter_mut().zip(methods) {
            for (operation, method) in port.operations.iter_mut().zip(methods) {
                operation.method = method;
            }
            if route_operations(&mut port.operations) {
                let name = format!("{}Operation", pascal_case(&port.name));
                port.operation_enum = Some(type_names.claim(name, &[]));
            }
        }
    }
    name_output_structs(ir, type_names);
}

/// Names the struct of each operation whose response carries headers: `<Operation>Output`,
/// one for operations of one name and the same output (ports of several bindings of one
/// portType).
fn name_output_structs(ir: &mut Ir, type_names: &mut NameScope) {
    let mut shared: HashMap<OutputSignature, String> = HashMap::new();
    let operations = ir
        .services
        .iter_mut()
        .flat_map(|service| &mut service.ports)
        .flat_map(|port| &mut port.operations);
    for operation in operations {
        let signature = &mut operation.method;
        let Some(headers) = &mut signature.output_headers else {
            continue;
        };
        let key = (
            operation.name.clone(),
            signature.output.clone(),
            headers
                .fields
                .iter()
                .map(|f| (f.rust_name.clone(), f.xml_name.clone(), f.ty, f.required))
                .collect(),
        );
        let name = shared.entry(key).or_insert_with(|| {
            let base = pascal_case(&operation.name);
            type_names.claim(format!("{base}Output"), &[format!("{base}ResponseOutput")])
        });
        headers.struct_name = name.clone();
    }
}

/// The method of one operation.
fn method(ir: &Ir, operation: &Operation) -> MethodSignature {
    let output = match &operation.output {
        None => MethodOutput::OneWay,
        Some(message) => response_output(ir, message),
    };
    let input = &operation.input;
    let params = input
        .body
        .parts()
        .iter()
        .map(|part| (part, ParamSource::Body))
        .chain(input.headers.iter().map(|header| {
            let source = ParamSource::Header {
                required: header.required,
            };
            (&header.part, source)
        }))
        .map(|(part, source)| MethodParam {
            rust_name: part.rust_name.clone(),
            ty: part.ty,
            source,
        })
        .collect();
    let served = !matches!(&input.body, Body::Bare { parts } if parts.len() > 1);
    MethodSignature {
        params,
        output,
        output_headers: operation.output.as_ref().and_then(output_headers),
        served,
        route: None,
    }
}

/// The header fields of a response that carries headers (the struct is named later, once
/// for operations that share it: see [`name_output_structs`]).
fn output_headers(message: &OperationMessage) -> Option<OutputHeaders> {
    if message.headers.is_empty() {
        return None;
    }
    let mut names = NameScope::with_reserved(TAKEN_BY_OUTPUT);
    let fields = message
        .headers
        .iter()
        .map(|header| OutputHeaderField {
            rust_name: names.claim(header.part.rust_name.clone(), &[]),
            xml_name: header.part.xml_name.clone(),
            ty: header.part.ty,
            required: header.required,
        })
        .collect();
    Some(OutputHeaders {
        struct_name: String::new(),
        fields,
    })
}

/// What a method returns of a response: the content of a wrapped one (the part itself when
/// its type is no struct), the values of the parts of another.
fn response_output(ir: &Ir, message: &OperationMessage) -> MethodOutput {
    match &message.body {
        Body::Wrapped { part } => {
            let wrapper = match part.ty {
                TypeRef::Defined(wrapper) if matches!(ir.ty(wrapper).kind, TypeKind::Struct(_)) => {
                    wrapper
                }
                _ => return MethodOutput::Bare(Some(part.ty)),
            };
            let TypeKind::Struct(s) = &ir.ty(wrapper).kind else {
                return MethodOutput::Bare(Some(part.ty));
            };
            let unwrap = match s.members.as_slice() {
                [] => Unwrap::Nothing,
                [Member::Element(field)] if field.size_of.is_none() => {
                    Unwrap::Field(field.rust_name.clone())
                }
                _ => Unwrap::Whole,
            };
            MethodOutput::Wrapped { wrapper, unwrap }
        }
        Body::Bare { parts } => match parts.as_slice() {
            [] => MethodOutput::Bare(None),
            [part] => MethodOutput::Bare(Some(part.ty)),
            _ => MethodOutput::Parts(parts.iter().map(|part| part.ty).collect()),
        },
        Body::Rpc { parts, .. } => MethodOutput::Parts(parts.iter().map(|part| part.ty).collect()),
    }
}

/// Routes a port's served operations: by SOAPAction, and by the request's body element when
/// the action does not decide; an action or element already taken stays with the operation
/// that took it first. Returns whether any operation is routed.
fn route_operations(operations: &mut [Operation]) -> bool {
    let mut variants = NameScope::default();
    let mut actions = HashSet::new();
    let mut body_elements = HashSet::new();
    let mut routed = false;
    for operation in operations {
        let signature = &mut operation.method;
        if !signature.served {
            continue;
        }
        let action = operation
            .soap_action
            .clone()
            .filter(|action| !action.is_empty() && actions.insert(action.clone()));
        let body_element = request_element(&operation.input)
            .filter(|element| body_elements.insert(element.clone()));
        if action.is_none() && body_element.is_none() {
            continue;
        }
        signature.route = Some(ServerRoute {
            variant: variants.claim_pascal(&operation.name),
            action,
            body_element,
        });
        routed = true;
    }
    routed
}

/// The local name of the request's first body element, for routing without SOAPAction.
fn request_element(message: &OperationMessage) -> Option<String> {
    match &message.body {
        Body::Wrapped { part } => part.element.map(|_| part.xml_name.local.clone()),
        Body::Bare { parts } => parts
            .first()
            .and_then(|part| part.element.map(|_| part.xml_name.local.clone())),
        Body::Rpc { wrapper, .. } => Some(wrapper.local.clone()),
    }
}
