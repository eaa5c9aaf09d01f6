//! A readable text rendering of the IR, for people and for snapshot tests.

use std::fmt::Write;

use crate::ir::Occurs;
use crate::ir::{
    AnyField, AttributeField, Body, ElementField, FieldContainer, GroupField, Ir, Member,
    MessagePart, MethodOutput, MethodSignature, OperationMessage, ParamSource, TypeKind, TypeRef,
    TypeRole, Unwrap, VariantContent,
};

/// Renders the IR as indented text: services, global elements, types, diagnostics.
pub fn dump(ir: &Ir) -> String {
    let mut out = String::new();
    Dumper { ir, out: &mut out }.write();
    out
}

struct Dumper<'a> {
    ir: &'a Ir,
    out: &'a mut String,
}

impl Dumper<'_> {
    fn line(&mut self, indent: usize, text: impl AsRef<str>) {
        let _ = writeln!(
            self.out,
            "{:indent$}{}",
            "",
            text.as_ref(),
            indent = indent * 2
        );
    }

    fn doc(&mut self, indent: usize, doc: &Option<String>) {
        if let Some(doc) = doc {
            for line in doc.lines() {
                self.line(indent, format!("/// {line}"));
            }
        }
    }

    fn ty(&self, ty: TypeRef) -> String {
        match ty {
            TypeRef::Builtin(builtin) => format!("xs:{}", builtin.xsd_name()),
            TypeRef::Defined(id) => self.ir.ty(id).rust_name.clone(),
        }
    }

    fn write(&mut self) {
        for service in &self.ir.services {
            self.line(
                0,
                format!("service {} ({})", service.name, service.rust_name),
            );
            self.doc(1, &service.doc);
            for port in &service.ports {
                let version = match port.soap_version {
                    crate::ir::SoapVersion::Soap11 => "SOAP 1.1",
                    crate::ir::SoapVersion::Soap12 => "SOAP 1.2",
                };
                self.line(
                    1,
                    format!(
                        "port {} [{version}] binding {} client {} server {} dispatcher {}",
                        port.name, port.binding, port.client_name, port.server_name, port.serve_fn
                    ),
                );
                if let Some(name) = &port.operation_enum {
                    self.line(2, format!("operation enum {name}"));
                }
                self.doc(2, &port.doc);
                if let Some(address) = &port.address {
                    self.line(2, format!("address {address}"));
                }
                if let Some(transport) = &port.transport {
                    self.line(2, format!("transport {transport}"));
                }
                for operation in &port.operations {
                    let style = serde_json::to_value(operation.style)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default();
                    let pattern = serde_json::to_value(operation.pattern)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default();
                    let action = operation
                        .soap_action
                        .as_deref()
                        .map(|a| format!(" action \"{a}\""))
                        .unwrap_or_default();
                    self.line(
                        2,
                        format!(
                            "operation {} -> {} [{style}, {pattern}]{action}",
                            operation.name, operation.rust_name
                        ),
                    );
                    self.doc(3, &operation.doc);
                    self.message(3, "input", &operation.input);
                    if let Some(output) = &operation.output {
                        self.message(3, "output", output);
                    }
                    for fault in &operation.faults {
                        let part = self.part(&fault.part);
                        self.line(
                            3,
                            format!("fault {} ({}): {part}", fault.name, fault.rust_name),
                        );
                    }
                    if let Some(name) = &operation.fault_enum {
                        self.line(3, format!("fault enum {name}"));
                    }
                    self.method(3, &operation.method);
                }
            }
        }
        if !self.ir.elements.is_empty() {
            self.line(0, "elements");
        }
        for element in &self.ir.elements {
            let mut flags = String::new();
            if element.nillable {
                flags.push_str(" nillable");
            }
            if element.is_abstract {
                flags.push_str(" abstract");
            }
            if let Some(head) = element.substitution_group {
                let _ = write!(flags, " substitutes {}", self.ir.element(head).xml_name);
            }
            if let Some(substitution) = &element.substitution {
                let variants: Vec<String> = substitution
                    .variants
                    .iter()
                    .map(|v| {
                        let undecodable = if v.decodable { "" } else { " (not decoded)" };
                        let local = &self.ir.element(v.element).xml_name.local;
                        format!("{} = {local}{undecodable}", v.rust_name)
                    })
                    .collect();
                let _ = write!(
                    flags,
                    " substitution enum {} [{}]",
                    substitution.rust_name,
                    variants.join(", ")
                );
            }
            let ty = self.ty(element.ty);
            self.line(1, format!("{}: {ty}{flags}", element.xml_name));
        }
        for ty in &self.ir.types {
            let origin = if ty.anonymous { "anonymous " } else { "" };
            let kind = match &ty.kind {
                TypeKind::Struct(_) => "struct",
                TypeKind::Choice(_) => "choice",
                TypeKind::SimpleContent(_) => "simple-content",
                TypeKind::Enumeration(_) => "enumeration",
                TypeKind::Restriction(_) => "restriction",
                TypeKind::List(_) => "list",
                TypeKind::Union(_) => "union",
                TypeKind::SoapArray(_) => "soap-array",
            };
            let role = match ty.role {
                TypeRole::Element => "",
                TypeRole::Group => " as a group",
                TypeRole::FlattenedArray => " flattened into its fields",
            };
            self.line(
                0,
                format!("{kind} {} ({origin}{}){role}", ty.rust_name, ty.xml_name),
            );
            self.doc(1, &ty.doc);
            self.kind(&ty.kind);
        }
        for diagnostic in &self.ir.diagnostics {
            self.line(0, diagnostic.to_string());
        }
    }

    fn kind(&mut self, kind: &TypeKind) {
        match kind {
            TypeKind::Struct(s) => {
                let mut flags = Vec::new();
                if let (Some(base), Some(derivation)) = (s.base, s.derivation) {
                    let derivation = match derivation {
                        crate::ir::Derivation::Extension => "extends",
                        crate::ir::Derivation::Restriction => "restricts",
                    };
                    flags.push(format!("{derivation} {}", self.ir.ty(base).rust_name));
                }
                if !s.derived.is_empty() {
                    let derived: Vec<&str> = s
                        .derived
                        .iter()
                        .map(|d| self.ir.ty(*d).rust_name.as_str())
                        .collect();
                    flags.push(format!("derived {}", derived.join(", ")));
                }
                if let Some(sum) = &s.sum_rust_name {
                    flags.push(format!("sum type {sum}"));
                }
                for (flag, name) in [
                    (s.is_abstract, "abstract"),
                    (s.mixed, "mixed"),
                    (s.unordered, "unordered (xs:all)"),
                    (s.any_attribute, "anyAttribute"),
                ] {
                    if flag {
                        flags.push(name.to_owned());
                    }
                }
                if s.default {
                    flags.push("Default".to_owned());
                }
                if let Some(taken) = &s.constructor {
                    flags.push(format!("new({})", taken.join(", ")));
                }
                if let Some(text) = &s.text_rust_name {
                    flags.push(format!("text in {text}"));
                }
                if !flags.is_empty() {
                    self.line(1, flags.join("; "));
                }
                if let (Some(base), Some(field)) = (s.base, &s.base_field) {
                    let base = &self.ir.ty(base).rust_name;
                    self.line(1, format!("{field}: {base} (the base's members, whole)"));
                }
                for member in &s.members {
                    match member {
                        Member::Element(e) => self.element(1, e),
                        Member::Group(g) => self.group(1, g),
                        Member::Any(a) => self.any(1, a),
                    }
                }
                for attribute in &s.attributes {
                    self.attribute(attribute);
                }
            }
            TypeKind::Choice(c) => {
                for variant in &c.variants {
                    let content = match &variant.content {
                        VariantContent::Element(e) => {
                            format!("{}{}", self.element_text(e), self.element_flags(e))
                        }
                        VariantContent::Group(g) => self.group_text(g),
                        VariantContent::Any(a) => self.any_text(a),
                    };
                    self.line(1, format!("{}: {content}", variant.rust_name));
                }
            }
            TypeKind::SimpleContent(sc) => {
                let base = sc
                    .base
                    .map(|b| format!(" (extends {})", self.ir.ty(b).rust_name))
                    .unwrap_or_default();
                let value = self.ty(sc.value);
                self.line(1, format!("value: {value}{base}"));
                self.facets(&sc.facets);
                for attribute in &sc.attributes {
                    self.attribute(attribute);
                }
                if sc.any_attribute {
                    self.line(1, "anyAttribute");
                }
            }
            TypeKind::Enumeration(e) => {
                let base = self.ty(e.base);
                self.line(1, format!("base {base}"));
                for variant in &e.variants {
                    self.line(1, format!("{} = {:?}", variant.rust_name, variant.value));
                    self.doc(2, &variant.doc);
                }
                self.line(1, format!("{}(unlisted value)", e.unknown_rust_name));
            }
            TypeKind::Restriction(r) => {
                let base = self.ty(r.base);
                self.line(1, format!("base {base}"));
                self.facets(&r.facets);
            }
            TypeKind::List(l) => {
                let item = self.ty(l.item);
                self.line(1, format!("item {item}"));
            }
            TypeKind::Union(u) => {
                let members: Vec<String> = u.members.iter().map(|m| self.ty(*m)).collect();
                self.line(1, format!("members {}", members.join(" | ")));
            }
            TypeKind::SoapArray(a) => {
                let item = self.ty(a.item);
                self.line(1, format!("item {item}{}", a.brackets()));
            }
        }
    }

    fn facets(&mut self, facets: &crate::ir::Facets) {
        for pattern in &facets.patterns {
            self.line(1, format!("pattern {pattern:?}"));
        }
        for (name, value) in &facets.bounds {
            self.line(1, format!("{name} {value:?}"));
        }
    }

    fn element_text(&self, e: &ElementField) -> String {
        format!("{} <{}> {}", self.ty(e.ty), e.xml_name, occurs(e.occurs))
    }

    fn element_flags(&self, e: &ElementField) -> String {
        let mut flags = match &e.container {
            FieldContainer::One => String::new(),
            FieldContainer::Optional {
                nil_when_none: false,
            } => " as Option".to_owned(),
            FieldContainer::Optional {
                nil_when_none: true,
            } => " as Option (None written nil)".to_owned(),
            FieldContainer::Many => " as Vec".to_owned(),
            FieldContainer::FlattenedArray => " as Vec of the wrapper's items".to_owned(),
            FieldContainer::SizeOf { array } => format!(" as the length of {array}"),
        };
        for (flag, name) in [
            (e.nillable, " nillable"),
            (e.boxed, " boxed"),
            (e.inherited, " inherited"),
        ] {
            if flag {
                flags.push_str(name);
            }
        }
        if let Some(default) = &e.default {
            let _ = write!(flags, " default={default:?}");
        }
        if let Some(fixed) = &e.fixed {
            let _ = write!(flags, " fixed={fixed:?}");
        }
        if let Some(size) = &e.size_is {
            let _ = write!(flags, " size_is={size}");
        }
        if let Some(rust_type) = &e.rust_type {
            let _ = write!(flags, " overridden as {}", rust_type.path);
        }
        if let Some(array) = &e.size_of {
            let _ = write!(flags, " size_of={array}");
        }
        if !e.substitutes.is_empty() {
            let names: Vec<String> = e
                .substitutes
                .iter()
                .map(|s| self.ir.element(*s).xml_name.local.clone())
                .collect();
            let _ = write!(flags, " substitutes=[{}]", names.join(", "));
        }
        flags
    }

    fn element(&mut self, indent: usize, e: &ElementField) {
        let text = format!(
            "{}: {}{}",
            e.rust_name,
            self.element_text(e),
            self.element_flags(e)
        );
        self.line(indent, text);
        self.doc(indent + 1, &e.doc);
    }

    fn group_text(&self, g: &GroupField) -> String {
        let mut text = format!("group {} {}", self.ir.ty(g.ty).rust_name, occurs(g.occurs));
        if g.boxed {
            text.push_str(" boxed");
        }
        if g.inherited {
            text.push_str(" inherited");
        }
        text
    }

    fn group(&mut self, indent: usize, g: &GroupField) {
        let text = format!("{}: {}", g.rust_name, self.group_text(g));
        self.line(indent, text);
    }

    fn any_text(&self, a: &AnyField) -> String {
        let mut text = format!(
            "any namespace={:?} process={} {}",
            a.namespace,
            a.process_contents,
            occurs(a.occurs)
        );
        if a.inherited {
            text.push_str(" inherited");
        }
        text
    }

    fn any(&mut self, indent: usize, a: &AnyField) {
        let text = format!("{}: {}", a.rust_name, self.any_text(a));
        self.line(indent, text);
    }

    fn attribute(&mut self, a: &AttributeField) {
        let mut text = format!("@{}: {} @{}", a.rust_name, self.ty(a.ty), a.xml_name);
        if a.required {
            text.push_str(" required");
        }
        if let Some(default) = &a.default {
            let _ = write!(text, " default={default:?}");
        }
        if let Some(fixed) = &a.fixed {
            let _ = write!(text, " fixed={fixed:?}");
        }
        if a.inherited {
            text.push_str(" inherited");
        }
        self.line(1, text);
        self.doc(2, &a.doc);
    }

    fn part(&self, part: &MessagePart) -> String {
        let element = part
            .element
            .map(|e| format!("element {} ", self.ir.element(e).xml_name))
            .unwrap_or_default();
        format!(
            "{} ({}) {element}: {}",
            part.name,
            part.rust_name,
            self.ty(part.ty)
        )
    }

    fn method(&mut self, indent: usize, signature: &MethodSignature) {
        let params: Vec<String> = signature
            .params
            .iter()
            .map(|param| {
                let source = match param.source {
                    ParamSource::Body => "",
                    ParamSource::Header { required: false } => " [header]",
                    ParamSource::Header { required: true } => " [header, required]",
                };
                format!("{}: {}{source}", param.rust_name, self.ty(param.ty))
            })
            .collect();
        let output = match &signature.output {
            MethodOutput::OneWay => "() (one-way)".to_owned(),
            MethodOutput::Wrapped { wrapper, unwrap } => {
                let wrapper = &self.ir.ty(*wrapper).rust_name;
                match unwrap {
                    Unwrap::Nothing => format!("() (empty {wrapper})"),
                    Unwrap::Field(field) => format!("{wrapper}.{field}"),
                    Unwrap::Whole => wrapper.clone(),
                }
            }
            MethodOutput::Bare(None) => "() (empty body)".to_owned(),
            MethodOutput::Bare(Some(part)) => self.ty(*part),
            MethodOutput::Parts(parts) => {
                let parts: Vec<String> = parts.iter().map(|p| self.ty(*p)).collect();
                match parts.as_slice() {
                    [one] => one.clone(),
                    _ => format!("({})", parts.join(", ")),
                }
            }
        };
        self.line(
            indent,
            format!("method ({}) -> {output}", params.join(", ")),
        );
        if let Some(headers) = &signature.output_headers {
            let fields: Vec<String> = headers
                .fields
                .iter()
                .map(|field| {
                    let required = if field.required { " [required]" } else { "" };
                    format!(
                        "{}: {} <{}>{required}",
                        field.rust_name,
                        self.ty(field.ty),
                        field.xml_name
                    )
                })
                .collect();
            self.line(
                indent + 1,
                format!(
                    "returned in {} with headers {}",
                    headers.struct_name,
                    fields.join(", ")
                ),
            );
        }
        let serving = match &signature.route {
            _ if !signature.served => "not served".to_owned(),
            None => "served, not routed (its action and element are taken)".to_owned(),
            Some(route) => {
                let mut keys = Vec::new();
                if let Some(action) = &route.action {
                    keys.push(format!("action \"{action}\""));
                }
                if let Some(element) = &route.body_element {
                    keys.push(format!("body element {element}"));
                }
                format!("served as {} by {}", route.variant, keys.join(", "))
            }
        };
        self.line(indent + 1, serving);
    }

    fn message(&mut self, indent: usize, label: &str, message: &OperationMessage) {
        let body_use = match message.body_use {
            crate::ir::BodyUse::Literal => "literal",
            crate::ir::BodyUse::Encoded => "encoded",
        };
        let (shape, parts): (String, Vec<&MessagePart>) = match &message.body {
            Body::Wrapped { part } => ("wrapped".to_owned(), vec![part]),
            Body::Bare { parts } => ("bare".to_owned(), parts.iter().collect()),
            Body::Rpc {
                wrapper,
                encoding_style,
                parts,
            } => {
                let encoding = encoding_style
                    .as_deref()
                    .map(|e| format!(" encodingStyle {e}"))
                    .unwrap_or_default();
                (
                    format!("rpc wrapper {wrapper}{encoding}"),
                    parts.iter().collect(),
                )
            }
        };
        self.line(
            indent,
            format!("{label} {} [{body_use}, {shape}]", message.message),
        );
        for part in parts {
            let text = self.part(part);
            self.line(indent + 1, format!("part {text}"));
        }
        for header in &message.headers {
            let text = self.part(&header.part);
            let required = if header.required { " required" } else { "" };
            self.line(
                indent + 1,
                format!("header {text} from {}{required}", header.message),
            );
        }
    }
}

fn occurs(occurs: Occurs) -> String {
    match occurs.max {
        Some(max) => format!("[{}..{max}]", occurs.min),
        None => format!("[{}..*]", occurs.min),
    }
}
