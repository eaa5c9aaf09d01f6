//! Symbol tables: every named definition of the set, by expanded name.

use std::collections::HashMap;

use crate::diagnostic::Diagnostics;
use crate::qname::QName;
use crate::raw::{
    AttributeDecl, AttributeGroupDef, Binding, ComplexTypeDef, Definitions, ElementDecl, GroupDef,
    IncludeKind, Message, PortType, Schema, SchemaItem, SimpleTypeDef, defined_name,
};
use crate::source::{SourceMap, Span};

/// A named type definition.
#[derive(Clone, Copy, Debug)]
pub(crate) enum TypeSource<'a> {
    Complex(&'a ComplexTypeDef),
    Simple(&'a SimpleTypeDef),
}

/// A definition and the index of the schema it was written in (for its forms and namespace).
#[derive(Debug)]
pub(crate) struct Def<T> {
    pub item: T,
    pub schema: usize,
    pub span: Span,
}

/// All definitions of a set.
///
/// Type, group and attribute-group entries hold every definition of a name in priority
/// order: a definition inside `xs:redefine` comes before the one it redefines, which its own
/// self-reference (`base="tns:Same"`) then reaches.
pub(crate) struct Symbols<'a> {
    pub schemas: Vec<&'a Schema>,
    pub types: HashMap<QName, Vec<Def<TypeSource<'a>>>>,
    pub elements: HashMap<QName, Def<&'a ElementDecl>>,
    pub groups: HashMap<QName, Vec<Def<&'a GroupDef>>>,
    pub attribute_groups: HashMap<QName, Vec<Def<&'a AttributeGroupDef>>>,
    pub attributes: HashMap<QName, Def<&'a AttributeDecl>>,
    pub messages: HashMap<QName, &'a Message>,
    pub port_types: HashMap<QName, &'a PortType>,
    pub bindings: HashMap<QName, (&'a Binding, &'a Definitions)>,
    /// Global elements in document order, for stable ids.
    pub element_order: Vec<QName>,
    /// Named types in document order (their first definition), for stable ids.
    pub type_order: Vec<QName>,
}

impl<'a> Symbols<'a> {
    pub fn build(
        definitions: &'a [Definitions],
        standalone_schemas: &'a [Schema],
        sources: &SourceMap,
        diagnostics: &mut Diagnostics,
    ) -> Self {
        let schemas: Vec<&Schema> = definitions
            .iter()
            .flat_map(|d| d.schemas.iter())
            .chain(standalone_schemas)
            .collect();
        let mut symbols = Symbols {
            schemas: schemas.clone(),
            types: HashMap::new(),
            elements: HashMap::new(),
            groups: HashMap::new(),
            attribute_groups: HashMap::new(),
            attributes: HashMap::new(),
            messages: HashMap::new(),
            port_types: HashMap::new(),
            bindings: HashMap::new(),
            element_order: Vec::new(),
            type_order: Vec::new(),
        };
        let mut duplicates = Duplicates {
            sources,
            diagnostics,
        };
        for (index, schema) in schemas.iter().enumerate() {
            for item in &schema.items {
                symbols.add_item(item, index, schema, false, &mut duplicates);
            }
        }
        for (index, schema) in schemas.iter().enumerate() {
            for include in schema
                .includes
                .iter()
                .filter(|i| i.kind == IncludeKind::Redefine)
            {
                for item in &include.redefinitions {
                    symbols.add_item(item, index, schema, true, &mut duplicates);
                }
            }
        }
        for definitions in definitions {
            let name = |local: &str| {
                QName::with_optional_namespace(definitions.target_namespace.as_deref(), local)
            };
            for message in &definitions.messages {
                if let Some(previous) = symbols.messages.insert(name(&message.name), message) {
                    duplicates.report("message", &name(&message.name), previous.span, message.span);
                }
            }
            for port_type in &definitions.port_types {
                if let Some(previous) = symbols.port_types.insert(name(&port_type.name), port_type)
                {
                    duplicates.report(
                        "portType",
                        &name(&port_type.name),
                        previous.span,
                        port_type.span,
                    );
                }
            }
            for binding in &definitions.bindings {
                if let Some((previous, _)) = symbols
                    .bindings
                    .insert(name(&binding.name), (binding, definitions))
                {
                    duplicates.report("binding", &name(&binding.name), previous.span, binding.span);
                }
            }
        }
        symbols
    }

    fn add_item(
        &mut self,
        item: &'a SchemaItem,
        schema_index: usize,
        schema: &Schema,
        redefinition: bool,
        duplicates: &mut Duplicates<'_>,
    ) {
        let Some(local) = item.name() else { return };
        let name = defined_name(schema, local);
        let span = item.span();
        match item {
            SchemaItem::ComplexType(def) => self.add_ranked(
                name,
                TypeSource::Complex(def),
                schema_index,
                span,
                redefinition,
                "type",
                duplicates,
            ),
            SchemaItem::SimpleType(def) => self.add_ranked(
                name,
                TypeSource::Simple(def),
                schema_index,
                span,
                redefinition,
                "type",
                duplicates,
            ),
            SchemaItem::Group(def) => {
                let entry = self.groups.entry(name.clone()).or_default();
                add_to_rank(
                    entry,
                    def,
                    schema_index,
                    span,
                    redefinition,
                    &name,
                    "group",
                    duplicates,
                );
            }
            SchemaItem::AttributeGroup(def) => {
                let entry = self.attribute_groups.entry(name.clone()).or_default();
                add_to_rank(
                    entry,
                    def,
                    schema_index,
                    span,
                    redefinition,
                    &name,
                    "attributeGroup",
                    duplicates,
                );
            }
            SchemaItem::Element(def) => {
                let new = Def {
                    item: def,
                    schema: schema_index,
                    span,
                };
                if let Some(previous) = self.elements.get(&name) {
                    duplicates.report("element", &name, previous.span, span);
                } else {
                    self.element_order.push(name.clone());
                    self.elements.insert(name, new);
                }
            }
            SchemaItem::Attribute(def) => {
                let new = Def {
                    item: def,
                    schema: schema_index,
                    span,
                };
                if let Some(previous) = self.attributes.get(&name) {
                    duplicates.report("attribute", &name, previous.span, span);
                } else {
                    self.attributes.insert(name, new);
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)] // Reason: mirrors add_to_rank; a struct would only rename the list.
    fn add_ranked(
        &mut self,
        name: QName,
        source: TypeSource<'a>,
        schema: usize,
        span: Span,
        redefinition: bool,
        kind: &str,
        duplicates: &mut Duplicates<'_>,
    ) {
        let entry = self.types.entry(name.clone()).or_default();
        if entry.is_empty() {
            self.type_order.push(name.clone());
        }
        add_to_rank(
            entry,
            source,
            schema,
            span,
            redefinition,
            &name,
            kind,
            duplicates,
        );
    }
}

#[allow(clippy::too_many_arguments)] // Reason: one call site per component kind, all arguments distinct.
fn add_to_rank<T>(
    entry: &mut Vec<Def<T>>,
    item: T,
    schema: usize,
    span: Span,
    redefinition: bool,
    name: &QName,
    kind: &str,
    duplicates: &mut Duplicates<'_>,
) {
    let def = Def { item, schema, span };
    if redefinition {
        entry.insert(0, def);
    } else if let Some(previous) = entry.last() {
        duplicates.report(kind, name, previous.span, span);
    } else {
        entry.push(def);
    }
}

struct Duplicates<'s> {
    sources: &'s SourceMap,
    diagnostics: &'s mut Diagnostics,
}

impl Duplicates<'_> {
    fn report(&mut self, kind: &str, name: &QName, first: Span, again: Span) {
        let first = self.sources.locate(first);
        self.diagnostics.error(
            Some(self.sources.locate(again)),
            format!("duplicate {kind} {name}: already defined at {first}"),
        );
    }
}
