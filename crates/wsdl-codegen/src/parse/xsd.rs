//! `xs:schema` into [`Schema`].

use roxmltree::Node;

use super::{Parser, documentation, is_xsd};
use crate::qname::{ATL_SERVER_NS, WSDL_NS, is_xsd_namespace};
use crate::raw::{
    AnyDecl, AttributeDecl, AttributeGroupDef, AttributeUse, AttributeUses, ComplexContent,
    ComplexTypeDef, Derivation, ElementDecl, EnumerationFacet, Facets, Form, GroupDef, IncludeKind,
    InlineType, ModelGroup, Particle, Schema, SchemaImport, SchemaInclude, SchemaItem,
    SimpleTypeDef, SimpleVariety,
};

/// Facet elements other than enumeration and pattern.
const BOUND_FACETS: &[&str] = &[
    "length",
    "minLength",
    "maxLength",
    "minInclusive",
    "maxInclusive",
    "minExclusive",
    "maxExclusive",
    "totalDigits",
    "fractionDigits",
    "whiteSpace",
];

/// XSD elements that do not shape data (identity constraints, notations) and are skipped silently.
const SHAPELESS: &[&str] = &["annotation", "key", "keyref", "unique", "notation"];

/// What may appear inside `xs:element`.
const ELEMENT_CHILDREN: &[&str] = &[
    "annotation",
    "complexType",
    "simpleType",
    "key",
    "keyref",
    "unique",
    "alternative",
];

/// What may appear inside `xs:complexType` (XML Schema 1.1's `assert` and `openContent`
/// included, which do not shape data). `extension`/`restriction` are reported on their own.
const COMPLEX_TYPE_CHILDREN: &[&str] = &[
    "annotation",
    "simpleContent",
    "complexContent",
    "sequence",
    "choice",
    "all",
    "group",
    "attribute",
    "attributeGroup",
    "anyAttribute",
    "assert",
    "openContent",
    "extension",
    "restriction",
];

/// What may appear inside the extension or restriction of complex content.
const COMPLEX_DERIVATION_CHILDREN: &[&str] = &[
    "annotation",
    "sequence",
    "choice",
    "all",
    "group",
    "attribute",
    "attributeGroup",
    "anyAttribute",
    "assert",
    "openContent",
];

/// What may appear inside the extension or restriction of simple content.
const SIMPLE_DERIVATION_CHILDREN: &[&str] = &[
    "annotation",
    "simpleType",
    "enumeration",
    "pattern",
    "length",
    "minLength",
    "maxLength",
    "minInclusive",
    "maxInclusive",
    "minExclusive",
    "maxExclusive",
    "totalDigits",
    "fractionDigits",
    "whiteSpace",
    "assertion",
    "explicitTimezone",
    "attribute",
    "attributeGroup",
    "anyAttribute",
    "assert",
];

/// What may appear inside the restriction of a simple type.
const SIMPLE_RESTRICTION_CHILDREN: &[&str] = &[
    "annotation",
    "simpleType",
    "enumeration",
    "pattern",
    "length",
    "minLength",
    "maxLength",
    "minInclusive",
    "maxInclusive",
    "minExclusive",
    "maxExclusive",
    "totalDigits",
    "fractionDigits",
    "whiteSpace",
    "assertion",
    "explicitTimezone",
];

impl Parser<'_> {
    /// Parses an `xs:schema` element.
    pub fn schema(&mut self, node: Node<'_, '_>) -> Schema {
        let target_namespace = node
            .attribute("targetNamespace")
            .map(str::to_owned)
            .or_else(|| self.chameleon_namespace.clone());
        let outer_schema_namespace =
            std::mem::replace(&mut self.schema_namespace, target_namespace.clone());
        let mut schema = Schema {
            target_namespace,
            element_form_default: form(node.attribute("elementFormDefault"))
                .unwrap_or(Form::Unqualified),
            attribute_form_default: form(node.attribute("attributeFormDefault"))
                .unwrap_or(Form::Unqualified),
            imports: Vec::new(),
            includes: Vec::new(),
            items: Vec::new(),
        };
        for child in node.children().filter(Node::is_element) {
            if !child.tag_name().namespace().is_some_and(is_xsd_namespace) {
                self.recovery_at(
                    child,
                    &format!(
                        "unexpected element <{}> inside xs:schema",
                        child.tag_name().name()
                    ),
                    "it is ignored",
                );
                continue;
            }
            match child.tag_name().name() {
                "import" => schema.imports.push(SchemaImport {
                    span: self.span(child),
                    namespace: child.attribute("namespace").map(str::to_owned),
                    location: child.attribute("schemaLocation").map(str::to_owned),
                }),
                name @ ("include" | "redefine" | "override") => {
                    let kind = match name {
                        "include" => IncludeKind::Include,
                        "redefine" => IncludeKind::Redefine,
                        _ => IncludeKind::Override,
                    };
                    let Some(location) = self.required_attribute(child, "schemaLocation") else {
                        continue;
                    };
                    let redefinitions = child
                        .children()
                        .filter(Node::is_element)
                        .filter_map(|n| self.schema_item(n))
                        .collect();
                    schema.includes.push(SchemaInclude {
                        span: self.span(child),
                        kind,
                        location: location.to_owned(),
                        redefinitions,
                    });
                }
                _ => {
                    if let Some(item) = self.schema_item(child) {
                        schema.items.push(item);
                    }
                }
            }
        }
        self.schema_namespace = outer_schema_namespace;
        schema
    }

    fn schema_item(&mut self, node: Node<'_, '_>) -> Option<SchemaItem> {
        let item = match node.tag_name().name() {
            "element" => SchemaItem::Element(self.element(node)),
            "complexType" => SchemaItem::ComplexType(self.complex_type(node)),
            "simpleType" => SchemaItem::SimpleType(self.simple_type(node)),
            "group" => SchemaItem::Group(GroupDef {
                span: self.span(node),
                name: self.required_attribute(node, "name")?.to_owned(),
                particle: self.single_particle(node),
            }),
            "attributeGroup" => SchemaItem::AttributeGroup(AttributeGroupDef {
                span: self.span(node),
                name: self.required_attribute(node, "name")?.to_owned(),
                attributes: self.attribute_uses(node),
            }),
            "attribute" => SchemaItem::Attribute(self.attribute(node)),
            name if SHAPELESS.contains(&name) => return None,
            other => {
                self.recovery_at(
                    node,
                    &format!("unexpected top-level schema component <xs:{other}>"),
                    "it is ignored",
                );
                return None;
            }
        };
        if item.name().is_none() {
            // An invalid name was reported as such.
            if node.attribute("name").is_none() {
                self.error_at(
                    node,
                    format!("a top-level <xs:{}> needs a `name`", node.tag_name().name()),
                );
            }
            return None;
        }
        Some(item)
    }

    fn element(&mut self, node: Node<'_, '_>) -> ElementDecl {
        let mut inline_type = None;
        for child in node.children().filter(Node::is_element) {
            if is_xsd(child, "complexType") {
                inline_type = Some(InlineType::Complex(Box::new(self.complex_type(child))));
            } else if is_xsd(child, "simpleType") {
                inline_type = Some(InlineType::Simple(Box::new(self.simple_type(child))));
            }
        }
        self.unexpected_children(node, ELEMENT_CHILDREN);
        let reference = self.qname_attribute(node, "ref");
        let name = self.optional_name(node);
        if node.attribute("name").is_none() && reference.is_none() {
            self.error_at(node, "<xs:element> needs a `name` or a `ref`");
        }
        ElementDecl {
            span: self.span(node),
            name,
            reference,
            type_name: self.qname_attribute(node, "type"),
            inline_type,
            occurs: self.occurs(node),
            nillable: self.flag(node, "nillable"),
            is_abstract: self.flag(node, "abstract"),
            substitution_group: self.qname_attribute(node, "substitutionGroup"),
            form: form(node.attribute("form")),
            default: node.attribute("default").map(str::to_owned),
            fixed: node.attribute("fixed").map(str::to_owned),
            doc: documentation(node),
            size_is: node.attribute((ATL_SERVER_NS, "SizeIs")).map(str::to_owned),
        }
    }

    fn complex_type(&mut self, node: Node<'_, '_>) -> ComplexTypeDef {
        let mut content = None;
        for child in node.children().filter(Node::is_element) {
            if is_xsd(child, "simpleContent") || is_xsd(child, "complexContent") {
                content = self.derived_content(child);
            }
        }
        if content.is_none() {
            // An `xs:extension` or `xs:restriction` written straight inside the complex type
            // can only mean complex content derived from its base.
            if let Some(derivation) = node
                .children()
                .find(|n| is_xsd(*n, "extension") || is_xsd(*n, "restriction"))
            {
                let kind = derivation.tag_name().name();
                self.recovery_at(
                    derivation,
                    &format!(
                        "<xs:{kind}> directly inside <xs:complexType>; it belongs inside \
                         <xs:complexContent> or <xs:simpleContent>"
                    ),
                    &format!("read as <xs:complexContent><xs:{kind}>"),
                );
                content = self.derivation(derivation, false, None);
            }
        }
        self.unexpected_children(node, COMPLEX_TYPE_CHILDREN);
        let content = content.unwrap_or_else(|| ComplexContent::Direct {
            particle: self.single_particle(node),
            attributes: self.attribute_uses(node),
        });
        ComplexTypeDef {
            span: self.span(node),
            name: self.optional_name(node),
            is_abstract: self.flag(node, "abstract"),
            mixed: self.flag(node, "mixed"),
            doc: documentation(node),
            content,
        }
    }

    /// `xs:simpleContent` or `xs:complexContent`.
    fn derived_content(&mut self, node: Node<'_, '_>) -> Option<ComplexContent> {
        let is_simple = node.tag_name().name() == "simpleContent";
        self.unexpected_children(node, &["annotation", "extension", "restriction"]);
        let Some(derivation_node) = node
            .children()
            .find(|n| is_xsd(*n, "extension") || is_xsd(*n, "restriction"))
        else {
            self.error_at(
                node,
                format!(
                    "<xs:{}> needs an <xs:extension> or <xs:restriction>",
                    node.tag_name().name()
                ),
            );
            return None;
        };
        self.derivation(derivation_node, is_simple, Some(node))
    }

    /// The `xs:extension` or `xs:restriction` of simple or complex content; `wrapper` is the
    /// `xs:complexContent` that may say `mixed`.
    fn derivation(
        &mut self,
        derivation_node: Node<'_, '_>,
        is_simple: bool,
        wrapper: Option<Node<'_, '_>>,
    ) -> Option<ComplexContent> {
        let allowed = if is_simple {
            SIMPLE_DERIVATION_CHILDREN
        } else {
            COMPLEX_DERIVATION_CHILDREN
        };
        self.unexpected_children(derivation_node, allowed);
        let derivation = if derivation_node.tag_name().name() == "extension" {
            Derivation::Extension
        } else {
            Derivation::Restriction
        };
        let inline_base = derivation_node
            .children()
            .find(|n| is_xsd(*n, "simpleType"))
            .map(|n| Box::new(self.simple_type(n)));
        let base = match self.qname_attribute(derivation_node, "base") {
            Some(base) => base,
            None => {
                self.error_at(
                    derivation_node,
                    format!(
                        "<xs:{}> needs a `base` type",
                        derivation_node.tag_name().name()
                    ),
                );
                return None;
            }
        };
        let attributes = self.attribute_uses(derivation_node);
        Some(if is_simple {
            ComplexContent::Simple {
                derivation,
                base,
                inline_base,
                facets: self.facets(derivation_node),
                attributes,
            }
        } else {
            ComplexContent::Complex {
                derivation,
                base,
                mixed: wrapper
                    .filter(|w| w.attribute("mixed").is_some())
                    .map(|w| self.flag(w, "mixed")),
                particle: self.single_particle(derivation_node),
                attributes,
            }
        })
    }

    /// The one sequence/choice/all/group child of a complex type, group or derivation.
    fn single_particle(&mut self, node: Node<'_, '_>) -> Option<Particle> {
        let mut found = None;
        for child in node.children().filter(Node::is_element) {
            if ["sequence", "choice", "all", "group"]
                .iter()
                .any(|name| is_xsd(child, name))
            {
                if found.is_some() {
                    self.error_at(
                        child,
                        "more than one content model (sequence, choice, all or group) in one \
                         definition",
                    );
                    continue;
                }
                found = self.particle(child);
            }
        }
        found
    }

    /// Reports and returns `true` when `node` lies past the nesting limit.
    fn refuse_if_too_deep(&mut self, node: Node<'_, '_>) -> bool {
        let too_deep = self.depth >= super::MAX_COMPONENT_DEPTH;
        if too_deep {
            self.error_at(
                node,
                format!(
                    "schema components nested more than {} levels deep; refused",
                    super::MAX_COMPONENT_DEPTH
                ),
            );
        }
        too_deep
    }

    fn particle(&mut self, node: Node<'_, '_>) -> Option<Particle> {
        if self.refuse_if_too_deep(node) {
            return None;
        }
        self.depth += 1;
        let particle = self.nested_particle(node);
        self.depth -= 1;
        particle
    }

    fn nested_particle(&mut self, node: Node<'_, '_>) -> Option<Particle> {
        if !node.tag_name().namespace().is_some_and(is_xsd_namespace) {
            self.recovery_at(
                node,
                &format!(
                    "unexpected element <{}> in a content model",
                    node.tag_name().name()
                ),
                "it is ignored",
            );
            return None;
        }
        Some(match node.tag_name().name() {
            "element" => Particle::Element(Box::new(self.element(node))),
            "sequence" => Particle::Sequence(self.model_group(node)),
            "choice" => Particle::Choice(self.model_group(node)),
            "all" => Particle::All(self.model_group(node)),
            "group" => {
                let Some(reference) = self.qname_attribute(node, "ref") else {
                    self.error_at(node, "a <xs:group> inside a content model needs a `ref`");
                    return None;
                };
                Particle::GroupRef {
                    reference,
                    occurs: self.occurs(node),
                }
            }
            "any" => Particle::Any(AnyDecl {
                occurs: self.occurs(node),
                namespace: node.attribute("namespace").unwrap_or("##any").to_owned(),
                process_contents: node
                    .attribute("processContents")
                    .unwrap_or("strict")
                    .to_owned(),
            }),
            "annotation" => return None,
            other => {
                self.recovery_at(
                    node,
                    &format!("unexpected <xs:{other}> in a content model"),
                    "it is ignored",
                );
                return None;
            }
        })
    }

    fn model_group(&mut self, node: Node<'_, '_>) -> ModelGroup {
        let particles = node
            .children()
            .filter(Node::is_element)
            .filter_map(|child| self.particle(child))
            .collect();
        ModelGroup {
            occurs: self.occurs(node),
            particles,
        }
    }

    fn attribute_uses(&mut self, node: Node<'_, '_>) -> AttributeUses {
        let mut uses = AttributeUses::default();
        for child in node.children().filter(Node::is_element) {
            if is_xsd(child, "attribute") {
                uses.attributes.push(self.attribute(child));
            } else if is_xsd(child, "attributeGroup") {
                if let Some(reference) = self.qname_attribute(child, "ref") {
                    uses.groups.push(reference);
                } else {
                    self.error_at(child, "an <xs:attributeGroup> reference needs a `ref`");
                }
            } else if is_xsd(child, "anyAttribute") {
                uses.any_attribute = Some(self.span(child));
            }
        }
        uses
    }

    fn attribute(&mut self, node: Node<'_, '_>) -> AttributeDecl {
        let usage = match node.attribute("use").map(str::trim) {
            None | Some("optional") => AttributeUse::Optional,
            Some("required") => AttributeUse::Required,
            Some("prohibited") => AttributeUse::Prohibited,
            Some(other) => {
                self.error_at(
                    node,
                    format!("use=\"{other}\" is not one of optional, required, prohibited"),
                );
                AttributeUse::Optional
            }
        };
        let (wsdl_array_type, wsdl_array_dims) = match node.attribute((WSDL_NS, "arrayType")) {
            Some(value) => {
                let (name, dims) = match value.find('[') {
                    Some(i) => (&value[..i], Some(value[i..].to_owned())),
                    None => (value, None),
                };
                (self.expand_qname(node, name), dims)
            }
            None => (None, None),
        };
        let reference = self.qname_attribute(node, "ref");
        let name = self.optional_name(node);
        if node.attribute("name").is_none() && reference.is_none() {
            self.error_at(node, "<xs:attribute> needs a `name` or a `ref`");
        }
        AttributeDecl {
            span: self.span(node),
            name,
            reference,
            type_name: self.qname_attribute(node, "type"),
            inline_type: node
                .children()
                .find(|n| is_xsd(*n, "simpleType"))
                .map(|n| Box::new(self.simple_type(n))),
            usage,
            default: node.attribute("default").map(str::to_owned),
            fixed: node.attribute("fixed").map(str::to_owned),
            form: form(node.attribute("form")),
            doc: documentation(node),
            wsdl_array_type,
            wsdl_array_dims,
        }
    }

    fn simple_type(&mut self, node: Node<'_, '_>) -> SimpleTypeDef {
        if self.refuse_if_too_deep(node) {
            return SimpleTypeDef {
                span: self.span(node),
                name: self.optional_name(node),
                doc: None,
                variety: SimpleVariety::Restriction {
                    base: None,
                    inline_base: None,
                    facets: Facets::default(),
                },
            };
        }
        self.depth += 1;
        let def = self.nested_simple_type(node);
        self.depth -= 1;
        def
    }

    fn nested_simple_type(&mut self, node: Node<'_, '_>) -> SimpleTypeDef {
        self.unexpected_children(node, &["annotation", "restriction", "list", "union"]);
        let variety_node = node
            .children()
            .find(|n| is_xsd(*n, "restriction") || is_xsd(*n, "list") || is_xsd(*n, "union"));
        let variety = match variety_node {
            None => {
                self.error_at(
                    node,
                    "<xs:simpleType> needs an <xs:restriction>, <xs:list> or <xs:union>",
                );
                SimpleVariety::Restriction {
                    base: None,
                    inline_base: None,
                    facets: Facets::default(),
                }
            }
            Some(v) => {
                if v.tag_name().name() != "restriction" {
                    self.unexpected_children(v, &["annotation", "simpleType"]);
                }
                let inline: Vec<SimpleTypeDef> = v
                    .children()
                    .filter(|n| is_xsd(*n, "simpleType"))
                    .map(|n| self.simple_type(n))
                    .collect();
                match v.tag_name().name() {
                    "restriction" => SimpleVariety::Restriction {
                        base: self.qname_attribute(v, "base"),
                        inline_base: inline.into_iter().next().map(Box::new),
                        facets: self.facets(v),
                    },
                    "list" => SimpleVariety::List {
                        item: self.qname_attribute(v, "itemType"),
                        inline_item: inline.into_iter().next().map(Box::new),
                    },
                    _ => {
                        let members = v
                            .attribute("memberTypes")
                            .unwrap_or_default()
                            .split_whitespace()
                            .filter_map(|name| self.expand_qname(v, name))
                            .collect();
                        SimpleVariety::Union {
                            members,
                            inline_members: inline,
                        }
                    }
                }
            }
        };
        SimpleTypeDef {
            span: self.span(node),
            name: self.optional_name(node),
            doc: documentation(node),
            variety,
        }
    }

    fn facets(&mut self, node: Node<'_, '_>) -> Facets {
        let mut facets = Facets::default();
        if node
            .parent_element()
            .is_some_and(|p| is_xsd(p, "simpleType"))
        {
            self.unexpected_children(node, SIMPLE_RESTRICTION_CHILDREN);
        }
        for child in node.children().filter(Node::is_element) {
            let name = child.tag_name().name();
            let is_facet = is_xsd(child, "enumeration")
                || is_xsd(child, "pattern")
                || (BOUND_FACETS.contains(&name) && is_xsd(child, name));
            let Some(value) = child.attribute("value") else {
                if is_facet {
                    self.recovery_at(
                        child,
                        &format!("facet <xs:{name}> has no `value`"),
                        "the facet is ignored",
                    );
                }
                continue;
            };
            if is_xsd(child, "enumeration") {
                facets.enumerations.push(EnumerationFacet {
                    value: value.to_owned(),
                    doc: documentation(child),
                });
            } else if is_xsd(child, "pattern") {
                facets.patterns.push(value.to_owned());
            } else if BOUND_FACETS.contains(&name) {
                facets.bounds.push((name.to_owned(), value.to_owned()));
            }
        }
        facets
    }
}

impl Parser<'_> {
    /// Reports the element children of `node` that the schema language does not allow there
    /// (`allowed` local names in the XML Schema namespace): each is ignored, with a warning
    /// (an error under strict loading), never silently.
    fn unexpected_children(&mut self, node: Node<'_, '_>, allowed: &[&str]) {
        let parent = node.tag_name().name();
        for child in node.children().filter(Node::is_element) {
            let name = child.tag_name().name();
            let in_xsd = child.tag_name().namespace().is_some_and(is_xsd_namespace);
            if in_xsd && allowed.contains(&name) {
                continue;
            }
            let shown = if in_xsd {
                format!("<xs:{name}>")
            } else {
                format!("<{name}> (not in the XML Schema namespace)")
            };
            self.recovery_at(
                child,
                &format!("unexpected {shown} inside <xs:{parent}>"),
                "it is ignored",
            );
        }
    }
}

fn form(value: Option<&str>) -> Option<Form> {
    match value.map(str::trim) {
        Some("qualified") => Some(Form::Qualified),
        Some("unqualified") => Some(Form::Unqualified),
        _ => None,
    }
}
