//! Operation methods: each operation as generated code presents it (its parameters, what it
//! returns, how a server's dispatcher selects it), decided once for clients, servers, fault
//! enums and tests.

use std::collections::HashSet;

use crate::ir::{
    Body, Ir, Member, MethodOutput, MethodParam, MethodSignature, Operation, OperationMessage,
    ParamSource, ServerRoute, TypeKind, TypeRef, Unwrap,
};
use crate::naming::{NameScope, pascal_case};

/// Sets every operation's [`MethodSignature`] and names the ports' operation enums, after
/// every other name of the module's type namespace (`type_names`), so none of those changes.
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
        served,
        route: None,
    }
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
