//! Resolution: the raw model of a loaded set into the [`Ir`].
//!
//! Named types and global elements get ids in document order; anonymous types get ids
//! as they are met, so the IR is the same for the same input. Rust names are assigned
//! at the end, named types first, so an anonymous type never takes a name from a named one.

mod attributes;
mod compose;
mod content;
mod defaults;
mod gaps;
mod methods;
mod operations;
mod overrides;
mod recursion;
mod roles;
mod selection;
mod shapes;
mod simple_cycles;
mod symbols;

use std::collections::{HashMap, HashSet};

use crate::builtin::BuiltinType;
use crate::diagnostic::Diagnostics;
use crate::filter::OperationFilter;
use crate::ir::{
    ElementId, GlobalElement, Ir, SoapArrayType, SubstitutionEnum, SubstitutionVariant, TypeDef,
    TypeId, TypeKind, TypeRef, TypeRole,
};
use crate::loader::LoadedSet;
use crate::naming::{NameScope, RESERVED_TYPE_NAMES, namespace_hint, pascal_case, snake_case};
use crate::overrides::TypeOverrides;
use crate::qname::{
    QName, SOAP_ENCODING_NS, SOAP11_ENVELOPE_NS, SOAP12_ENCODING_NS, SOAP12_ENVELOPE_NS, XML_NS,
    XSD_NS,
};
use crate::raw::{ComplexTypeDef, InlineType, NameRef, SimpleTypeDef};
use crate::source::Span;
use gaps::{Gap, LeftOut, Owner};
use symbols::{Symbols, TypeSource};

/// Most members (or alternatives, or attributes) one type may expand to. Groups that refer
/// to other groups twice can describe exponentially many; such input is refused, not expanded.
const MAX_MEMBERS: usize = 10_000;

/// Most model or attribute groups being expanded inside one another.
const MAX_GROUP_NESTING: usize = 100;

/// Longest chain of base types completed inside one another.
const MAX_DERIVATION_DEPTH: usize = 200;

/// Resolves a loaded set, keeping what `filter` selects. Problems go to `diagnostics`; the IR
/// is meaningful only when no error was reported.
pub(crate) fn resolve(
    set: &LoadedSet,
    type_overrides: &TypeOverrides,
    filter: &OperationFilter,
    diagnostics: &mut Diagnostics,
) -> Ir {
    let symbols = Symbols::build(&set.definitions, &set.schemas, &set.sources, diagnostics);
    let mut resolver = Resolver {
        set,
        symbols,
        diagnostics,
        slots: Vec::new(),
        named_ids: HashMap::new(),
        elements: Vec::new(),
        element_ids: HashMap::new(),
        substitution_members: HashMap::new(),
        used_unresolved_imports: HashSet::new(),
        soap_array: None,
        expanding_groups: Vec::new(),
        completing_depth: 0,
        owners: Vec::new(),
        gaps: Vec::new(),
        left_out: LeftOut::default(),
    };
    resolver.declare_named_types();
    resolver.declare_elements();
    let mut next = 0;
    while next < resolver.slots.len() {
        resolver.complete(TypeId(next as u32));
        next += 1;
    }
    resolver.report_circular_simple_types();
    resolver.leave_out_gaps();
    let mut services = resolver.services();
    resolver.select_operations(&mut services, filter);
    resolver.remove_left_out(&mut services);
    resolver.report_unused_imports();
    let mut ir = Ir {
        services,
        types: resolver.finish_types(),
        elements: resolver.elements,
        ..Ir::default()
    };
    name_ports(&mut ir);
    name_polymorphic_types(&mut ir);
    roles::assign_roles(&mut ir);
    roles::mark_encoded(&mut ir);
    compose::compose_extensions(&mut ir);
    recursion::mark_boxed(&mut ir);
    shapes::assign_containers(&mut ir);
    let mut type_names = module_type_scope(&ir);
    methods::describe_methods(&mut ir, &mut type_names);
    overrides::apply(&mut ir, type_overrides, &type_names, diagnostics);
    defaults::mark_defaults(&mut ir);
    if let Some(limit) = ir.recursion_limit() {
        diagnostics.note(
            None,
            format!(
                "values of the set's types nest {} deep (a chain of extensions, each holding \
                 its base, or of sum types): the crate root needs #![recursion_limit = \
                 \"{limit}\"] (a crate that wsdl2rust writes has it)",
                ir.nesting_depth
            ),
        );
    }
    report_nothing_usable(&ir, set, diagnostics);
    ir
}

/// A set that loaded without errors but has no operation, type or element (an empty
/// `definitions`, or one whose every operation was left out) has nothing to generate: an
/// error at the start of the first document, after the warnings that say what was left out.
fn report_nothing_usable(ir: &Ir, set: &LoadedSet, diagnostics: &mut Diagnostics) {
    if diagnostics.has_errors()
        || set.sources.is_empty()
        || ir.operation_count() > 0
        || !ir.types.is_empty()
        || !ir.elements.is_empty()
    {
        return;
    }
    let start = set.sources.locate(Span {
        file: crate::source::FileId(0),
        offset: 0,
    });
    diagnostics.error(
        Some(start),
        "the WSDL set has nothing to generate: no operation, type or element is defined (or \
         every operation was left out, as the warnings say)",
    );
}

/// Where a type's definition comes from, until it is completed.
#[derive(Clone, Copy)]
enum Origin<'a> {
    Complex {
        def: &'a ComplexTypeDef,
        schema: usize,
        /// Rank among the definitions of the same name (redefinitions first).
        rank: usize,
    },
    Simple {
        def: &'a SimpleTypeDef,
        schema: usize,
        rank: usize,
    },
    /// Built directly by the resolver (choices, nested sequences, synthetic types).
    Built,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Pending,
    InProgress,
    Done,
}

/// A type being resolved.
struct TypeSlot<'a> {
    xml_name: QName,
    anonymous: bool,
    /// The preferred Rust name, before collisions are settled.
    name_hint: String,
    doc: Option<String>,
    origin: Origin<'a>,
    state: State,
    kind: Option<TypeKind>,
    /// For an anonymous type: the type or element it was declared in (left out with it).
    declared_in: Option<Owner>,
}

/// The context in which a definition's particles and attributes are read.
#[derive(Clone)]
struct Scope {
    /// The schema the definition was written in (its namespace and form defaults).
    schema: usize,
    /// PascalCase name of the enclosing type, the stem for anonymous types inside it.
    hint: String,
    /// The xml name of the enclosing type, for anonymous types' xml names.
    xml_name: QName,
    /// When reading a redefinition: its name and rank, so a self-reference reaches the
    /// definition it redefines.
    redefining: Option<(QName, usize)>,
}

struct Resolver<'a> {
    set: &'a LoadedSet,
    symbols: Symbols<'a>,
    diagnostics: &'a mut Diagnostics,
    slots: Vec<TypeSlot<'a>>,
    named_ids: HashMap<(QName, usize), TypeId>,
    elements: Vec<GlobalElement>,
    element_ids: HashMap<QName, ElementId>,
    /// Direct members of each substitution group head.
    substitution_members: HashMap<ElementId, Vec<ElementId>>,
    /// Unresolved imports that something referred into (so they were reported as errors).
    used_unresolved_imports: HashSet<usize>,
    /// The synthetic type for a bare `soapenc:Array` reference.
    soap_array: Option<TypeId>,
    /// Model and attribute groups being expanded, to stop circular references.
    expanding_groups: Vec<QName>,
    /// Base types being completed inside one another.
    completing_depth: usize,
    /// The types being completed and the element being declared, innermost last: what a
    /// reference that names nothing leaves out.
    owners: Vec<Owner>,
    /// References inside types and elements that name nothing (none under strict loading).
    gaps: Vec<Gap>,
    /// What the gaps leave out.
    left_out: LeftOut,
}

impl<'a> Resolver<'a> {
    fn locate(&self, span: Span) -> crate::source::Location {
        self.set.sources.locate(span)
    }

    fn error(&mut self, span: Span, message: impl Into<String>) {
        let location = self.locate(span);
        self.diagnostics.error(Some(location), message);
    }

    fn warning(&mut self, span: Span, message: impl Into<String>) {
        let location = self.locate(span);
        self.diagnostics.warning(Some(location), message);
    }

    /// A recovery at `span`: a warning, or an error under strict loading.
    fn recovery(&mut self, span: Span, problem: &str, recovery: &str) {
        let location = self.locate(span);
        self.diagnostics.recovery(Some(location), problem, recovery);
    }

    fn note(&mut self, span: Span, message: impl Into<String>) {
        let location = self.locate(span);
        self.diagnostics.note(Some(location), message);
    }

    fn schema_namespace(&self, schema: usize) -> Option<&'a str> {
        self.symbols.schemas[schema].target_namespace.as_deref()
    }

    fn add_slot(&mut self, mut slot: TypeSlot<'a>) -> TypeId {
        if slot.anonymous {
            slot.declared_in = self.owners.last().copied();
        }
        self.slots.push(slot);
        TypeId(self.slots.len() as u32 - 1)
    }

    /// A type built by the resolver itself, complete from the start.
    fn add_built(&mut self, xml_name: QName, hint: String, kind: TypeKind) -> TypeId {
        self.add_slot(TypeSlot {
            xml_name,
            anonymous: true,
            name_hint: hint,
            doc: None,
            origin: Origin::Built,
            state: State::Done,
            kind: Some(kind),
            declared_in: None,
        })
    }

    /// Every named type gets its id up front, in document order.
    fn declare_named_types(&mut self) {
        for name in self.symbols.type_order.clone() {
            self.named_type_id(&name, 0);
        }
    }

    fn named_type_id(&mut self, name: &QName, rank: usize) -> Option<TypeId> {
        if let Some(&id) = self.named_ids.get(&(name.clone(), rank)) {
            return Some(id);
        }
        let def = self.symbols.types.get(name)?.get(rank)?;
        let origin = match def.item {
            TypeSource::Complex(def_item) => Origin::Complex {
                def: def_item,
                schema: def.schema,
                rank,
            },
            TypeSource::Simple(def_item) => Origin::Simple {
                def: def_item,
                schema: def.schema,
                rank,
            },
        };
        let doc = match def.item {
            TypeSource::Complex(d) => d.doc.clone(),
            TypeSource::Simple(d) => d.doc.clone(),
        };
        let hint = if rank == 0 {
            pascal_case(&name.local)
        } else {
            format!(
                "{}Original{}",
                pascal_case(&name.local),
                if rank == 1 {
                    String::new()
                } else {
                    rank.to_string()
                }
            )
        };
        let id = self.add_slot(TypeSlot {
            xml_name: name.clone(),
            anonymous: false,
            name_hint: hint,
            doc,
            origin,
            state: State::Pending,
            kind: None,
            declared_in: None,
        });
        self.named_ids.insert((name.clone(), rank), id);
        Some(id)
    }

    /// An anonymous type declared inline; completed later from the queue.
    fn inline_type(&mut self, inline: &'a InlineType, scope: &Scope, local: &str) -> TypeId {
        let xml_name = QName {
            namespace: scope.xml_name.namespace.clone(),
            local: if scope.xml_name.local.is_empty() {
                local.to_owned()
            } else {
                format!("{}/{local}", scope.xml_name.local)
            },
        };
        let hint = format!("{}{}", scope.hint, pascal_case(local));
        let (origin, doc) = match inline {
            InlineType::Complex(def) => (
                Origin::Complex {
                    def,
                    schema: scope.schema,
                    rank: 0,
                },
                def.doc.clone(),
            ),
            InlineType::Simple(def) => (
                Origin::Simple {
                    def,
                    schema: scope.schema,
                    rank: 0,
                },
                def.doc.clone(),
            ),
        };
        self.add_slot(TypeSlot {
            xml_name,
            anonymous: true,
            name_hint: hint,
            doc,
            origin,
            state: State::Pending,
            kind: None,
            declared_in: None,
        })
    }

    /// An anonymous simple type (inline base, list item, union member).
    fn inline_simple_type(
        &mut self,
        def: &'a SimpleTypeDef,
        scope: &Scope,
        suffix: &str,
    ) -> TypeId {
        self.add_slot(TypeSlot {
            xml_name: QName {
                namespace: scope.xml_name.namespace.clone(),
                local: format!("{}/{suffix}", scope.xml_name.local),
            },
            anonymous: true,
            name_hint: format!("{}{suffix}", scope.hint),
            doc: def.doc.clone(),
            origin: Origin::Simple {
                def,
                schema: scope.schema,
                rank: 0,
            },
            state: State::Pending,
            kind: None,
            declared_in: None,
        })
    }

    /// The name a reference resolves to: its own, or (with a warning) the unprefixed
    /// fallback in the schema's target namespace when only that one is defined.
    fn effective_name(
        &mut self,
        reference: &NameRef,
        defined: impl Fn(&Self, &QName) -> bool,
    ) -> QName {
        if defined(self, &reference.name) {
            return reference.name.clone();
        }
        match &reference.unprefixed_fallback {
            Some(fallback) if defined(self, fallback) => {
                let meaning = match &reference.name.namespace {
                    Some(_) => format!("{} (in the default namespace)", reference.name),
                    None => "a name in no namespace (no default namespace is declared)".to_owned(),
                };
                let problem = format!(
                    "unprefixed name `{}` means {meaning} by the XML namespace rules, and \
                     nothing defines that",
                    reference.name.local
                );
                let recovery = format!("resolved to {fallback} in the schema's own namespace");
                self.recovery(reference.span, &problem, &recovery);
                fallback.clone()
            }
            _ => reference.name.clone(),
        }
    }

    /// Resolves the base of a derivation: inside a redefinition, a base naming the
    /// redefined type reaches the definition it redefines.
    fn resolve_base(&mut self, reference: &NameRef, scope: &Scope) -> TypeRef {
        self.resolve_type(reference, scope.redefining.as_ref())
    }

    /// Resolves a reference to a type; `redefining` is the redefinition being read, if any.
    fn resolve_type(
        &mut self,
        reference: &NameRef,
        redefining: Option<&(QName, usize)>,
    ) -> TypeRef {
        let name = &self.effective_name(reference, |r, n| r.symbols.types.contains_key(n));
        match name.namespace.as_deref() {
            Some(XSD_NS) => {
                return match BuiltinType::from_xsd_name(&name.local) {
                    Some(builtin) => TypeRef::Builtin(builtin),
                    None => {
                        self.error(
                            reference.span,
                            format!(
                                "unknown XML Schema built-in type `{}` (expected one of string, \
                                 int, dateTime, …)",
                                name.local
                            ),
                        );
                        TypeRef::Builtin(BuiltinType::AnyType)
                    }
                };
            }
            Some(SOAP_ENCODING_NS | SOAP12_ENCODING_NS)
                if !self.symbols.types.contains_key(name) =>
            {
                return match name.local.as_str() {
                    "Array" => TypeRef::Defined(self.soap_array_type()),
                    local => TypeRef::Builtin(
                        BuiltinType::from_soap_encoding_name(local).unwrap_or(BuiltinType::AnyType),
                    ),
                };
            }
            Some(SOAP11_ENVELOPE_NS | SOAP12_ENVELOPE_NS)
                if !self.symbols.types.contains_key(name) =>
            {
                self.note(
                    reference.span,
                    format!("{name} is a SOAP envelope type; kept as raw XML (anyType)"),
                );
                return TypeRef::Builtin(BuiltinType::AnyType);
            }
            _ => {}
        }
        let rank = match redefining {
            Some((redefined, rank)) if redefined == name => rank + 1,
            _ => 0,
        };
        match self.named_type_id(name, rank) {
            Some(id) => TypeRef::Defined(id),
            None => {
                self.missing_reference(reference.span, "type", name);
                TypeRef::Builtin(BuiltinType::AnyType)
            }
        }
    }

    /// Whether a type reference (its effective name) names a type [`Resolver::resolve_type`]
    /// resolves without an error: a defined type, a built-in one, or a SOAP encoding or
    /// envelope type.
    fn is_type_defined(&self, name: &QName) -> bool {
        match name.namespace.as_deref() {
            Some(XSD_NS) => BuiltinType::from_xsd_name(&name.local).is_some(),
            Some(
                SOAP_ENCODING_NS | SOAP12_ENCODING_NS | SOAP11_ENVELOPE_NS | SOAP12_ENVELOPE_NS,
            ) => true,
            _ => self.symbols.types.contains_key(name),
        }
    }

    /// "unknown type {ns}X", with the reason its namespace is missing when known.
    fn unknown_reference_message(&mut self, kind: &str, name: &QName) -> String {
        let mut message = format!("unknown {kind} {name}");
        let namespace = name.namespace_str();
        if let Some((index, import)) = self
            .set
            .unresolved_imports
            .iter()
            .enumerate()
            .find(|(_, i)| i.namespace == namespace)
        {
            self.used_unresolved_imports.insert(index);
            let at = self.locate(import.span);
            message.push_str(&format!(
                ": the schema for namespace `{namespace}` was not loaded ({at}): {}",
                import.reason
            ));
        } else if !self
            .symbols
            .schemas
            .iter()
            .any(|s| s.target_namespace.as_deref() == name.namespace.as_deref())
        {
            message.push_str(&format!(
                ": no schema in the set has the target namespace `{namespace}`"
            ));
        }
        message
    }

    fn soap_array_type(&mut self) -> TypeId {
        if let Some(id) = self.soap_array {
            return id;
        }
        let id = self.add_built(
            QName::new(SOAP_ENCODING_NS, "Array"),
            "SoapArray".to_owned(),
            TypeKind::SoapArray(SoapArrayType {
                item: TypeRef::Builtin(BuiltinType::AnyType),
                ranks: vec![1],
            }),
        );
        // Shared by every reference: it is not part of the type that met it first.
        self.slots[id.0 as usize].declared_in = None;
        self.soap_array = Some(id);
        id
    }

    /// Global elements get ids in document order, then their types.
    fn declare_elements(&mut self) {
        let order = self.symbols.element_order.clone();
        for name in &order {
            let id = ElementId(self.elements.len() as u32);
            self.element_ids.insert(name.clone(), id);
            let def = &self.symbols.elements[name];
            self.elements.push(GlobalElement {
                xml_name: name.clone(),
                ty: TypeRef::Builtin(BuiltinType::AnyType),
                nillable: def.item.nillable,
                is_abstract: def.item.is_abstract,
                substitution_group: None,
                substitution: None,
                doc: def.item.doc.clone(),
            });
        }
        let mut untyped = Vec::new();
        for (index, name) in order.iter().enumerate() {
            let def = &self.symbols.elements[name];
            let (item, schema) = (def.item, def.schema);
            let scope = Scope {
                schema,
                hint: String::new(),
                xml_name: QName::with_optional_namespace(name.namespace.as_deref(), ""),
                redefining: None,
            };
            self.owners.push(Owner::Element(ElementId(index as u32)));
            let ty = if let Some(type_name) = &item.type_name {
                Some(self.resolve_type(type_name, None))
            } else {
                item.inline_type
                    .as_ref()
                    .map(|inline| TypeRef::Defined(self.inline_type(inline, &scope, &name.local)))
            };
            self.owners.pop();
            match ty {
                Some(ty) => self.elements[index].ty = ty,
                None => untyped.push(index),
            }
            if let Some(head) = &item.substitution_group {
                let head_name = self.effective_name(head, |r, n| r.element_ids.contains_key(n));
                match self.element_ids.get(&head_name) {
                    Some(&head_id) => {
                        self.elements[index].substitution_group = Some(head_id);
                        self.substitution_members
                            .entry(head_id)
                            .or_default()
                            .push(ElementId(index as u32));
                    }
                    None => {
                        let message = self.unknown_reference_message("element", &head.name);
                        self.error(head.span, message);
                    }
                }
            }
        }
        // An element without a type takes its substitution group head's type.
        for index in untyped {
            let mut seen = HashSet::new();
            let mut current = self.elements[index].substitution_group;
            let mut ty = TypeRef::Builtin(BuiltinType::AnyType);
            while let Some(head) = current {
                if !seen.insert(head) {
                    break;
                }
                let head_element = &self.elements[head.0 as usize];
                let head_def = &self.symbols.elements[&head_element.xml_name];
                if head_def.item.type_name.is_some() || head_def.item.inline_type.is_some() {
                    ty = head_element.ty;
                    break;
                }
                current = head_element.substitution_group;
            }
            self.elements[index].ty = ty;
        }
    }

    /// The elements that may stand in for `head`: itself unless abstract, then every
    /// member of its substitution group, transitively. Empty when nothing substitutes it.
    fn substitutes(&self, head: ElementId) -> Vec<ElementId> {
        if !self.substitution_members.contains_key(&head) {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut queue = vec![head];
        let mut seen = HashSet::new();
        while let Some(id) = queue.pop() {
            if !seen.insert(id) {
                continue;
            }
            if !self.elements[id.0 as usize].is_abstract {
                out.push(id);
            }
            if let Some(members) = self.substitution_members.get(&id) {
                queue.extend(members.iter().rev());
            }
        }
        out
    }

    fn report_unused_imports(&mut self) {
        for (index, import) in self.set.unresolved_imports.iter().enumerate() {
            if !self.used_unresolved_imports.contains(&index) {
                let location = self.locate(import.span);
                self.diagnostics.warning(
                    Some(location),
                    format!(
                        "namespace `{}` is imported but not loaded ({}); nothing refers to it, \
                         so it is ignored",
                        import.namespace, import.reason
                    ),
                );
            }
        }
    }

    /// Final names: named types first (document order), then anonymous ones.
    fn finish_types(&mut self) -> Vec<TypeDef> {
        let mut scope = NameScope::with_reserved(RESERVED_TYPE_NAMES);
        let mut names = vec![String::new(); self.slots.len()];
        let order = (0..self.slots.len())
            .filter(|&i| !self.slots[i].anonymous)
            .chain((0..self.slots.len()).filter(|&i| self.slots[i].anonymous));
        // Who first wanted each name: a type from another namespace that wants it too gets
        // a namespace suffix (`AddressBilling`); one from the same namespace a number.
        let mut first_claimant: HashMap<String, Option<String>> = HashMap::new();
        for index in order {
            let slot = &self.slots[index];
            let mut alternatives = Vec::new();
            if RESERVED_TYPE_NAMES.contains(&slot.name_hint.as_str()) {
                alternatives.push(format!("{}Type", slot.name_hint));
            }
            let first = first_claimant
                .entry(slot.name_hint.clone())
                .or_insert_with(|| slot.xml_name.namespace.clone());
            if *first != slot.xml_name.namespace {
                if let Some(hint) = slot.xml_name.namespace.as_deref().and_then(namespace_hint) {
                    alternatives.push(format!("{}{hint}", slot.name_hint));
                }
            }
            names[index] = scope.claim(slot.name_hint.clone(), &alternatives);
        }
        std::mem::take(&mut self.slots)
            .into_iter()
            .zip(names)
            .map(|(slot, rust_name)| TypeDef {
                xml_name: slot.xml_name,
                anonymous: slot.anonymous,
                rust_name,
                doc: slot.doc,
                // Settled once every type is known (`roles::assign_roles`).
                role: TypeRole::Element,
                encoded: false,
                // Every slot is completed before naming; an empty struct is the safe fallback.
                kind: slot.kind.unwrap_or(TypeKind::Struct(Default::default())),
            })
            .collect()
    }
}

/// Port client and server names, then the operations' fault enums, share the type namespace,
/// after the types. A fault enum is `<Operation>Fault`, else `<Operation>Faults` or
/// `<Operation>FaultDetail` (a fault element is often named `<Operation>Fault`), else numbered.
fn name_ports(ir: &mut Ir) {
    let mut scope = NameScope::with_reserved(RESERVED_TYPE_NAMES);
    for ty in &ir.types {
        scope.reserve(&ty.rust_name);
    }
    // Dispatchers share the module's function namespace with the helpers every module has.
    let mut functions = NameScope::with_reserved(MODULE_FUNCTIONS);
    for service in &mut ir.services {
        for port in &mut service.ports {
            let base = pascal_case(&port.name);
            port.client_name = scope.claim(format!("{base}Client"), &[]);
            port.server_name = scope.claim(format!("{base}Server"), &[]);
            port.serve_fn = functions.claim(format!("serve_{}", snake_case(&port.name)), &[]);
        }
    }
    // Ports binding one portType (SOAP 1.1 and 1.2, say) declare the same faults: one enum.
    let mut shared: HashMap<FaultSignature, String> = HashMap::new();
    for service in &mut ir.services {
        for port in &mut service.ports {
            for operation in port.operations.iter_mut().filter(|o| !o.faults.is_empty()) {
                let signature = (
                    operation.name.clone(),
                    operation
                        .faults
                        .iter()
                        .map(|f| (f.name.clone(), f.part.element, f.part.ty))
                        .collect(),
                );
                let name = shared.entry(signature).or_insert_with(|| {
                    let base = pascal_case(&operation.name);
                    scope.claim(
                        format!("{base}Fault"),
                        &[format!("{base}Faults"), format!("{base}FaultDetail")],
                    )
                });
                operation.fault_enum = Some(name.clone());
            }
        }
    }
}

/// The Rust names a struct's fields take (members and attributes), to name one more.
fn field_name_scope(s: &crate::ir::StructType) -> NameScope {
    let mut names = NameScope::default();
    s.members.iter().for_each(|m| names.reserve(m.rust_name()));
    s.attributes
        .iter()
        .for_each(|a| names.reserve(&a.rust_name));
    names
}

/// Functions every generated module defines, which dispatchers must not shadow.
const MODULE_FUNCTIONS: &[&str] = &["write_document", "scalar_text"];

/// What makes two operations' fault enums the same: the operation name and its faults' names
/// and detail elements or types.
type FaultSignature = (String, Vec<(String, Option<ElementId>, TypeRef)>);

/// Names of the types polymorphism adds, after every other type, port and fault enum name so that
/// none of those changes: `Any<Base>` for the sum type of a base with concrete derived types
/// that something holds a value of (a field, item, part or global element declared with it),
/// `<Head>Substitution` for the elements of a substitution group that a field refers to.
///
/// A base that only serves as a base needs no sum type: no value of it, or of a type derived
/// from it, is ever declared as one of it (AXL's 1,000 request types extend a base that no
/// element holds).
fn name_polymorphic_types(ir: &mut Ir) {
    let mut scope = module_type_scope(ir);
    let with_sum = types_with_sum_types(ir);
    for index in 0..ir.types.len() {
        let id = TypeId(index as u32);
        if !with_sum.contains(&id) {
            continue;
        }
        let name = scope.claim(format!("Any{}", ir.ty(id).rust_name), &[]);
        if let TypeKind::Struct(s) = &mut ir.types[index].kind {
            s.sum_rust_name = Some(name);
        }
    }
    // Each head with the members of the first field referring to it, in element order.
    let mut heads: std::collections::BTreeMap<ElementId, Vec<ElementId>> = Default::default();
    for field in ir.element_fields() {
        if let Some(head) = field.substitution_head {
            heads
                .entry(head)
                .or_insert_with(|| field.substitutes.clone());
        }
    }
    for (head, members) in heads {
        let variants = substitution_variants(&ir.elements, &members);
        let element = &mut ir.elements[head.0 as usize];
        let preferred = format!("{}Substitution", pascal_case(&element.xml_name.local));
        element.substitution = Some(SubstitutionEnum {
            rust_name: scope.claim(preferred, &[]),
            variants,
        });
    }
}

/// The structs that get a sum type: those with concrete derived types that some value is
/// declared with, and, since a sum type holds each type derived directly from its base with
/// the types derived from that one as a sum type of its own (nested, so that a chain of d
/// levels gives d sum types of two variants, not d(d+1)/2 variants), every type derived from
/// one of them that has concrete derived types.
fn types_with_sum_types(ir: &Ir) -> HashSet<TypeId> {
    let held = types_held_as_values(ir);
    let has_concrete_derived = |id: TypeId| !ir.polymorphic_variants(id).is_empty();
    let mut with_sum: HashSet<TypeId> = (0..ir.types.len() as u32)
        .map(TypeId)
        .filter(|id| held.contains(id) && has_concrete_derived(*id))
        .collect();
    let mut stack: Vec<TypeId> = with_sum.iter().copied().collect();
    while let Some(id) = stack.pop() {
        if let TypeKind::Struct(s) = &ir.ty(id).kind {
            for &derived in &s.derived {
                if has_concrete_derived(derived) && with_sum.insert(derived) {
                    stack.push(derived);
                }
            }
        }
    }
    with_sum
}

/// The types that some value is declared with: the types of fields, items, members, global
/// elements and message parts, but not bases (see [`gaps::needs`]).
fn types_held_as_values(ir: &Ir) -> HashSet<TypeId> {
    let in_types = ir.types.iter().flat_map(|def| gaps::needs(&def.kind));
    let in_types = in_types.filter_map(|need| match need {
        gaps::Need::Type(id) => Some(id),
        gaps::Need::Base(_) | gaps::Need::Element(_) => None,
    });
    let parts = ir
        .services
        .iter()
        .flat_map(|s| &s.ports)
        .flat_map(|p| &p.operations)
        .flat_map(selection::operation_parts)
        .map(|part| part.ty);
    let declared = ir.elements.iter().map(|element| element.ty).chain(parts);
    in_types
        .chain(declared.filter_map(|ty| match ty {
            TypeRef::Defined(id) => Some(id),
            TypeRef::Builtin(_) => None,
        }))
        .collect()
}

/// The variants of a substitution group's enum: one per member, named after its local name.
fn substitution_variants(
    elements: &[GlobalElement],
    members: &[ElementId],
) -> Vec<SubstitutionVariant> {
    let mut names = NameScope::default();
    let mut decoded_names = HashSet::new();
    members
        .iter()
        .map(|&member| {
            let local = &elements[member.0 as usize].xml_name.local;
            SubstitutionVariant {
                element: member,
                rust_name: names.claim_pascal(local),
                decodable: decoded_names.insert(local.clone()),
            }
        })
        .collect()
}

/// The module's type namespace with every name claimed in it so far taken.
fn module_type_scope(ir: &Ir) -> NameScope {
    let mut scope = NameScope::with_reserved(RESERVED_TYPE_NAMES);
    for ty in &ir.types {
        scope.reserve(&ty.rust_name);
        if let TypeKind::Struct(s) = &ty.kind {
            s.sum_rust_name.iter().for_each(|sum| scope.reserve(sum));
        }
    }
    for (_, substitution) in ir.substitution_enums() {
        scope.reserve(&substitution.rust_name);
    }
    for port in ir.services.iter().flat_map(|s| &s.ports) {
        scope.reserve(&port.client_name);
        scope.reserve(&port.server_name);
        port.operation_enum
            .iter()
            .for_each(|name| scope.reserve(name));
        for fault_enum in port.operations.iter().filter_map(|o| o.fault_enum.as_ref()) {
            scope.reserve(fault_enum);
        }
    }
    scope
}

/// The `xml:` attributes every schema may use without importing a file.
fn xml_namespace_attribute(local: &str) -> Option<TypeRef> {
    Some(TypeRef::Builtin(match local {
        "lang" => BuiltinType::Language,
        "space" => BuiltinType::NcName,
        "base" => BuiltinType::AnyUri,
        "id" => BuiltinType::Id,
        _ => return None,
    }))
}

/// Whether a name is in the `xml:` namespace.
fn is_xml_namespace(name: &QName) -> bool {
    name.namespace.as_deref() == Some(XML_NS)
}
