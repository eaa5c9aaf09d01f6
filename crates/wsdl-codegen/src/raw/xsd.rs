//! XML Schema 1.0 as written.

use super::{Derivation, NameRef, Occurs};
use crate::qname::QName;
use crate::source::Span;

/// `qualified` or `unqualified`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    Qualified,
    Unqualified,
}

/// One `xs:schema`, inline in a WSDL or a file of its own.
#[derive(Debug)]
pub(crate) struct Schema {
    /// The effective target namespace (a chameleon include takes its includer's).
    pub target_namespace: Option<String>,
    pub element_form_default: Form,
    pub attribute_form_default: Form,
    pub imports: Vec<SchemaImport>,
    pub includes: Vec<SchemaInclude>,
    pub items: Vec<SchemaItem>,
}

/// `xs:import`.
#[derive(Debug)]
pub(crate) struct SchemaImport {
    pub span: Span,
    pub namespace: Option<String>,
    pub location: Option<String>,
}

/// How a schema document pulls in another with the same target namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IncludeKind {
    Include,
    Redefine,
    /// XSD 1.1 `xs:override`: loaded, but its overriding definitions are not applied.
    Override,
}

/// `xs:include`, `xs:redefine` or `xs:override`.
#[derive(Debug)]
pub(crate) struct SchemaInclude {
    pub span: Span,
    pub kind: IncludeKind,
    pub location: String,
    /// Definitions inside `xs:redefine`/`xs:override`.
    pub redefinitions: Vec<SchemaItem>,
}

/// A top-level schema component.
#[derive(Debug)]
pub(crate) enum SchemaItem {
    Element(ElementDecl),
    ComplexType(ComplexTypeDef),
    SimpleType(SimpleTypeDef),
    Group(GroupDef),
    AttributeGroup(AttributeGroupDef),
    Attribute(AttributeDecl),
}

/// `xs:element`, global or local.
#[derive(Debug)]
pub(crate) struct ElementDecl {
    pub span: Span,
    /// Local name (absent for a `ref`).
    pub name: Option<String>,
    pub reference: Option<NameRef>,
    pub type_name: Option<NameRef>,
    pub inline_type: Option<InlineType>,
    pub occurs: Occurs,
    pub nillable: bool,
    pub is_abstract: bool,
    pub substitution_group: Option<NameRef>,
    pub form: Option<Form>,
    pub default: Option<String>,
    pub fixed: Option<String>,
    pub doc: Option<String>,
    /// ATL Server `atls:SizeIs`: the name of the sibling field holding this array's length.
    pub size_is: Option<String>,
}

/// An anonymous type declared inside an element or attribute.
#[derive(Debug)]
pub(crate) enum InlineType {
    Complex(Box<ComplexTypeDef>),
    Simple(Box<SimpleTypeDef>),
}

/// `xs:complexType`.
#[derive(Debug)]
pub(crate) struct ComplexTypeDef {
    pub span: Span,
    pub name: Option<String>,
    pub is_abstract: bool,
    pub mixed: bool,
    pub doc: Option<String>,
    pub content: ComplexContent,
}

/// The content of a complex type.
#[derive(Debug)]
pub(crate) enum ComplexContent {
    /// Particles and attributes written directly in the complex type.
    Direct {
        particle: Option<Particle>,
        attributes: AttributeUses,
    },
    /// `xs:simpleContent`.
    Simple {
        derivation: Derivation,
        base: NameRef,
        /// An inline `xs:simpleType` inside a simpleContent restriction.
        inline_base: Option<Box<SimpleTypeDef>>,
        facets: Facets,
        attributes: AttributeUses,
    },
    /// `xs:complexContent`.
    Complex {
        derivation: Derivation,
        base: NameRef,
        mixed: Option<bool>,
        particle: Option<Particle>,
        attributes: AttributeUses,
    },
}

/// Attributes, attribute-group references and `xs:anyAttribute` of a type.
#[derive(Debug, Default)]
pub(crate) struct AttributeUses {
    pub attributes: Vec<AttributeDecl>,
    pub groups: Vec<NameRef>,
    pub any_attribute: Option<Span>,
}

/// A particle of a content model.
#[derive(Debug)]
pub(crate) enum Particle {
    Element(Box<ElementDecl>),
    GroupRef { reference: NameRef, occurs: Occurs },
    Sequence(ModelGroup),
    Choice(ModelGroup),
    All(ModelGroup),
    Any(AnyDecl),
}

/// `xs:sequence`, `xs:choice` or `xs:all`.
#[derive(Debug)]
pub(crate) struct ModelGroup {
    pub occurs: Occurs,
    pub particles: Vec<Particle>,
}

/// `xs:any`.
#[derive(Debug)]
pub(crate) struct AnyDecl {
    pub occurs: Occurs,
    pub namespace: String,
    pub process_contents: String,
}

/// `xs:attribute`.
#[derive(Debug)]
pub(crate) struct AttributeDecl {
    pub span: Span,
    pub name: Option<String>,
    pub reference: Option<NameRef>,
    pub type_name: Option<NameRef>,
    pub inline_type: Option<Box<SimpleTypeDef>>,
    pub usage: AttributeUse,
    pub default: Option<String>,
    pub fixed: Option<String>,
    pub form: Option<Form>,
    pub doc: Option<String>,
    /// `wsdl:arrayType` on a `soapenc:arrayType` attribute reference.
    pub wsdl_array_type: Option<NameRef>,
    /// The array dimensions written after the type in `wsdl:arrayType` (`[]`, `[,]`).
    pub wsdl_array_dims: Option<String>,
}

/// `use` of an attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AttributeUse {
    Optional,
    Required,
    Prohibited,
}

/// `xs:simpleType`.
#[derive(Debug)]
pub(crate) struct SimpleTypeDef {
    pub span: Span,
    pub name: Option<String>,
    pub doc: Option<String>,
    pub variety: SimpleVariety,
}

/// What a simple type is made of.
#[derive(Debug)]
pub(crate) enum SimpleVariety {
    Restriction {
        base: Option<NameRef>,
        inline_base: Option<Box<SimpleTypeDef>>,
        facets: Facets,
    },
    List {
        item: Option<NameRef>,
        inline_item: Option<Box<SimpleTypeDef>>,
    },
    Union {
        members: Vec<NameRef>,
        inline_members: Vec<SimpleTypeDef>,
    },
}

/// Constraining facets of a restriction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Facets {
    /// `xs:enumeration` values with their documentation.
    pub enumerations: Vec<EnumerationFacet>,
    /// `xs:pattern` values.
    pub patterns: Vec<String>,
    /// Every other facet as (name, value) in document order: `length`, `minInclusive`, …
    pub bounds: Vec<(String, String)>,
}

/// One `xs:enumeration`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct EnumerationFacet {
    /// The literal value.
    pub value: String,
    /// Its `xs:documentation`.
    pub doc: Option<String>,
}

/// `xs:group` definition.
#[derive(Debug)]
pub(crate) struct GroupDef {
    pub span: Span,
    pub name: String,
    /// The single sequence, choice or all of the group.
    pub particle: Option<Particle>,
}

/// `xs:attributeGroup` definition.
#[derive(Debug)]
pub(crate) struct AttributeGroupDef {
    pub span: Span,
    pub name: String,
    pub attributes: AttributeUses,
}

impl SchemaItem {
    /// The local name a top-level component defines.
    pub fn name(&self) -> Option<&str> {
        match self {
            SchemaItem::Element(e) => e.name.as_deref(),
            SchemaItem::ComplexType(t) => t.name.as_deref(),
            SchemaItem::SimpleType(t) => t.name.as_deref(),
            SchemaItem::Group(g) => Some(&g.name),
            SchemaItem::AttributeGroup(g) => Some(&g.name),
            SchemaItem::Attribute(a) => a.name.as_deref(),
        }
    }

    pub fn span(&self) -> Span {
        match self {
            SchemaItem::Element(e) => e.span,
            SchemaItem::ComplexType(t) => t.span,
            SchemaItem::SimpleType(t) => t.span,
            SchemaItem::Group(g) => g.span,
            SchemaItem::AttributeGroup(g) => g.span,
            SchemaItem::Attribute(a) => a.span,
        }
    }
}

/// A qualified name helper for definitions in a schema.
pub(crate) fn defined_name(schema: &Schema, local: &str) -> QName {
    QName::with_optional_namespace(schema.target_namespace.as_deref(), local)
}
