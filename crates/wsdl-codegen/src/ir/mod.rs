//! The intermediate representation: a resolved WSDL set, ready for emission.
//!
//! Every name is resolved, every anonymous type has a stable name, groups and
//! inheritance are expanded, recursion is marked, and Rust names are chosen
//! (once, here, with one keyword and collision policy: see [`crate::rust_module_name`]
//! and the resolver's naming module).
//! Nothing downstream of the IR looks at XML again.

use serde::Serialize;

use crate::builtin::BuiltinType;
use crate::diagnostic::Diagnostic;
use crate::qname::QName;
mod services;
mod terms;

pub use services::{
    Body, HeaderPart, MessagePart, MethodOutput, MethodParam, MethodSignature, Operation,
    OperationFault, OperationMessage, OutputHeaderField, OutputHeaders, ParamSource, Port,
    ServerRoute, Service, SoapVersion, Unwrap,
};
pub use terms::{BodyUse, Derivation, ExchangePattern, Facets, Occurs, Style};

/// A resolved WSDL set.
#[derive(Debug, Default, Serialize)]
pub struct Ir {
    /// Services in document order.
    pub services: Vec<Service>,
    /// Every type, indexed by [`TypeId`].
    pub types: Vec<TypeDef>,
    /// Every global element declaration, indexed by [`ElementId`].
    pub elements: Vec<GlobalElement>,
    /// Warnings and notes (errors prevent an IR from being built).
    pub diagnostics: Vec<Diagnostic>,
    /// How deep values of the set's types nest by value (see [`Ir::recursion_limit`]).
    pub nesting_depth: usize,
    /// Number of files read.
    pub input_files: usize,
    /// Total bytes of the files read.
    pub input_bytes: usize,
}

impl Ir {
    /// The type with this id.
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0 as usize]
    }

    /// The global element with this id.
    pub fn element(&self, id: ElementId) -> &GlobalElement {
        &self.elements[id.0 as usize]
    }

    /// The concrete struct types that may appear (with `xsi:type`) where `id` is declared:
    /// every type derived from it, transitively, in depth-first declaration order, except
    /// abstract ones. Empty when `id` is not a struct or nothing concrete derives from it.
    pub fn polymorphic_variants(&self, id: TypeId) -> Vec<TypeId> {
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::from([id]);
        let mut stack: Vec<TypeId> = match &self.ty(id).kind {
            TypeKind::Struct(s) => s.derived.iter().rev().copied().collect(),
            _ => Vec::new(),
        };
        while let Some(next) = stack.pop() {
            if !seen.insert(next) {
                continue;
            }
            if let TypeKind::Struct(s) = &self.ty(next).kind {
                if !s.is_abstract {
                    out.push(next);
                }
                stack.extend(s.derived.iter().rev());
            }
        }
        out
    }

    /// The variants of the sum type of struct `base` besides the base itself: each type
    /// derived directly from it, held as its own sum type when it has one (nested: a value of
    /// a type derived from it), as itself when it is concrete, not at all otherwise.
    pub fn sum_variants(&self, base: TypeId) -> Vec<SumVariant> {
        let TypeKind::Struct(s) = &self.ty(base).kind else {
            return Vec::new();
        };
        s.derived
            .iter()
            .filter_map(|&derived| match &self.ty(derived).kind {
                TypeKind::Struct(d) if d.sum_rust_name.is_some() => Some(SumVariant::Sum(derived)),
                TypeKind::Struct(d) if !d.is_abstract => Some(SumVariant::Struct(derived)),
                _ => None,
            })
            .collect()
    }

    /// Every element field of every struct and choice type, in type order.
    pub fn element_fields(&self) -> impl Iterator<Item = &ElementField> {
        self.types
            .iter()
            .flat_map(|def| -> Box<dyn Iterator<Item = &ElementField> + '_> {
                match &def.kind {
                    TypeKind::Struct(s) => Box::new(s.members.iter().filter_map(|m| match m {
                        Member::Element(e) => Some(e),
                        _ => None,
                    })),
                    TypeKind::Choice(c) => {
                        Box::new(c.variants.iter().filter_map(|v| match &v.content {
                            VariantContent::Element(e) => Some(e),
                            _ => None,
                        }))
                    }
                    _ => Box::new(std::iter::empty()),
                }
            })
    }

    /// The item of an anonymous array wrapper type (no base, no attributes, one repeated
    /// element that heads no substitution group), if `ty` is one.
    pub fn array_wrapper_item(&self, ty: TypeRef) -> Option<&ElementField> {
        let TypeRef::Defined(id) = ty else {
            return None;
        };
        let def = self.ty(id);
        let TypeKind::Struct(s) = &def.kind else {
            return None;
        };
        if !def.anonymous || s.base.is_some() || !s.attributes.is_empty() || s.any_attribute {
            return None;
        }
        match s.members.as_slice() {
            [Member::Element(item)] if item.occurs.is_repeated() && item.substitutes.is_empty() => {
                Some(item)
            }
            _ => None,
        }
    }

    /// Every global element with a substitution enum (a field refers to it as the head of
    /// its substitution group), in element order.
    pub fn substitution_enums(&self) -> impl Iterator<Item = (&GlobalElement, &SubstitutionEnum)> {
        self.elements
            .iter()
            .filter_map(|element| Some((element, element.substitution.as_ref()?)))
    }

    /// For a struct that holds its base's members in a field ([`StructType::base_field`]):
    /// the base and the field's Rust name.
    pub fn composed_base(&self, id: TypeId) -> Option<(TypeId, &str)> {
        match &self.ty(id).kind {
            TypeKind::Struct(s) => Some((s.base?, s.base_field.as_deref()?)),
            _ => None,
        }
    }

    /// Whether some struct holds the members of `id` in a field ([`StructType::base_field`]):
    /// `id` then reads and writes its content for them as well as for itself.
    pub fn is_composed_base(&self, id: TypeId) -> bool {
        match &self.ty(id).kind {
            TypeKind::Struct(s) => s.derived.iter().any(|&d| self.composed_base(d).is_some()),
            _ => false,
        }
    }

    /// Whether the type is emitted at all (array wrappers folded into their fields are not).
    pub fn is_emitted(&self, id: TypeId) -> bool {
        self.ty(id).role != TypeRole::FlattenedArray
    }

    /// The paths of the type overrides the module imports (by their last segment), sorted.
    pub fn imported_rust_types(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self
            .element_fields()
            .filter_map(|field| field.rust_type.as_ref())
            .filter(|rust_type| rust_type.name != rust_type.path)
            .map(|rust_type| rust_type.path.as_str())
            .collect();
        paths.sort_unstable();
        paths.dedup();
        paths
    }

    /// The `recursion_limit` the crate holding the module needs, when its types nest deeper
    /// than the compiler's default limit (128) lets it lay them out: twice the depth (the
    /// compiler's queries go about one level deeper per level of nesting), at least 256.
    pub fn recursion_limit(&self) -> Option<usize> {
        (self.nesting_depth > NESTING_WITHOUT_LIMIT)
            .then(|| (self.nesting_depth * 2).next_power_of_two().max(256))
    }

    /// Number of operations over all ports of all services.
    pub fn operation_count(&self) -> usize {
        self.services
            .iter()
            .flat_map(|s| &s.ports)
            .map(|p| p.operations.len())
            .sum()
    }
}

/// A variant of a sum type besides its base (see [`Ir::sum_variants`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SumVariant {
    /// A concrete type derived directly from the base, from which nothing concrete derives.
    Struct(TypeId),
    /// A type derived directly from the base, held as its sum type (the type itself or any
    /// type derived from it).
    Sum(TypeId),
}

/// The deepest nesting of types that compiles under the compiler's default
/// `recursion_limit` of 128, with room for what the module's code adds.
const NESTING_WITHOUT_LIMIT: usize = 100;

/// Index of a type in [`Ir::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct TypeId(pub u32);

/// Index of a global element in [`Ir::elements`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ElementId(pub u32);

/// A reference to a type: built in, or defined in the set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TypeRef {
    /// An XML Schema built-in.
    Builtin(BuiltinType),
    /// A type of [`Ir::types`].
    Defined(TypeId),
}

/// One type of the set.
#[derive(Debug, Serialize)]
pub struct TypeDef {
    /// The XML name: the type's own name, or for an anonymous type the name of where it was
    /// declared (`{ns}Order/lines`).
    pub xml_name: QName,
    /// Whether the type was anonymous in the schema.
    pub anonymous: bool,
    /// The Rust type name (PascalCase, unique in the set).
    pub rust_name: String,
    /// `xs:documentation`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// How the emitted module uses the type.
    #[serde(skip_serializing_if = "TypeRole::is_element")]
    pub role: TypeRole,
    /// Whether a SOAP-encoded message holds values of the type: its writers then give every
    /// value its `xsi:type` when the writer is in encoded mode.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub encoded: bool,
    /// What the type is.
    pub kind: TypeKind,
}

/// How the emitted module uses a type: as the content of an element of its own, as a run of
/// children inside another type's content, or not at all (folded into the fields holding it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeRole {
    /// The content of an element: the type has `write_element` and `read_element`.
    #[default]
    Element,
    /// A nested sequence or choice ([`GroupField::ty`]): no element of its own, read as a run
    /// of its parent's children (`read_run`, `starts`).
    Group,
    /// An anonymous array wrapper (one repeated element, nothing else) that every field
    /// holding it flattens into a `Vec` of its items: the type itself is not emitted.
    FlattenedArray,
}

impl TypeRole {
    fn is_element(&self) -> bool {
        *self == TypeRole::Element
    }
}

/// What a type is.
#[derive(Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeKind {
    /// A complex type with element and attribute content: a struct.
    Struct(StructType),
    /// An `xs:choice`: exactly one of several alternatives (a Rust enum).
    Choice(ChoiceType),
    /// A complex type with simple content: a text value plus attributes.
    SimpleContent(SimpleContentType),
    /// A simple type restricted to an enumeration of values.
    Enumeration(EnumerationType),
    /// Any other restriction of a simple type (patterns, ranges, lengths): a newtype.
    Restriction(RestrictionType),
    /// `xs:list`: whitespace-separated items.
    List(ListType),
    /// `xs:union`: a value of any of the member types.
    Union(UnionType),
    /// A SOAP-encoded array (`soapenc:Array` restricted with `wsdl:arrayType`).
    SoapArray(SoapArrayType),
}

/// A complex type with element content.
#[derive(Debug, Default, Serialize)]
pub struct StructType {
    /// The base type, for a complexContent extension or restriction of a defined type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<TypeId>,
    /// How the type derives from `base`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derivation: Option<Derivation>,
    /// Defined types that derive directly from this one (for `xsi:type` polymorphism).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub derived: Vec<TypeId>,
    /// When concrete types derive from this one (see [`Ir::polymorphic_variants`]) and a
    /// value of it is declared somewhere (or the sum type of a type it derives from holds
    /// it): the Rust name of the sum type that holds a value of this type or of any of them
    /// ([`Ir::sum_variants`]). Fields, items and parts declared with this type hold the sum
    /// type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sum_rust_name: Option<String>,
    /// For an extension of a struct whose members it holds whole, as one field (see
    /// `resolve::compose`): that field's Rust name. [`StructType::members`] and
    /// [`StructType::attributes`] are then the type's own only; the base's (with its own
    /// bases') are the base struct's. Output then grows linearly with the depth of an
    /// extension chain, where repeating every inherited member at every level grows with its
    /// square.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_field: Option<String>,
    /// Element content in document order, inherited members first (unless `base_field`
    /// holds them).
    pub members: Vec<Member>,
    /// Attributes, inherited first (unless `base_field` holds them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<AttributeField>,
    /// Whether `xs:anyAttribute` allows other attributes.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub any_attribute: bool,
    /// Whether text may appear between the child elements.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub mixed: bool,
    /// Whether the type is `abstract` (only derived types appear on the wire).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub is_abstract: bool,
    /// Whether the content is an `xs:all` (children in any order).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unordered: bool,
    /// For mixed content of a type with an element of its own: the Rust name of the field
    /// holding the text runs (`text`, unless a member or attribute has that name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_rust_name: Option<String>,
    /// Whether the struct derives `Default`: every field has a value that is honest to send
    /// when the caller sets nothing. `Option` and `Vec` fields (absent, nil, empty), numbers
    /// (0), booleans (`false`), strings and raw XML (empty) have one, as do structs that
    /// derive `Default` and override types declared with `default = true`. Enumerations,
    /// choices, unions, restricted and list newtypes, SOAP arrays, polymorphic and
    /// substitution-group fields have none: the schema names no member as the default (XSD
    /// puts defaults on elements, not types) and a restriction's facets may exclude the zero
    /// value. Nor has a required field with a schema `default` or `fixed` value, which a zero
    /// would contradict. Abstract structs derive `Default` only when a type derived from them
    /// holds their members in a field ([`StructType::base_field`]), which then needs one; a
    /// struct holding its base so has `Default` when the base has too. A struct without
    /// `Default` whose fields partly have one gets a `new` taking the others
    /// ([`StructType::constructor`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub default: bool,
    /// For a struct without `Default` some of whose fields have a default: the Rust names of
    /// the fields its `new` takes (those without one), in declaration order; `new` sets the
    /// others to their defaults.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub constructor: Option<Vec<String>>,
}

/// One member of a struct's element content.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Member {
    /// A child element.
    Element(ElementField),
    /// A nested sequence or choice with its own occurrence, held as a value of `ty`
    /// (a [`TypeKind::Struct`] for a sequence, a [`TypeKind::Choice`] for a choice).
    Group(GroupField),
    /// `xs:any`: elements kept as raw XML.
    Any(AnyField),
}

impl Member {
    /// The Rust field name of the member.
    pub fn rust_name(&self) -> &str {
        match self {
            Member::Element(e) => &e.rust_name,
            Member::Group(g) => &g.rust_name,
            Member::Any(a) => &a.rust_name,
        }
    }
}

/// A child element of a struct.
#[derive(Clone, Debug, Serialize)]
pub struct ElementField {
    /// The element name on the wire; the namespace is absent when the element is unqualified.
    pub xml_name: QName,
    /// The Rust field name (snake_case, unique in the struct).
    pub rust_name: String,
    /// The element's type.
    pub ty: TypeRef,
    /// `minOccurs`/`maxOccurs`.
    pub occurs: Occurs,
    /// `nillable="true"`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub nillable: bool,
    /// How the field holds its values in Rust.
    #[serde(skip_serializing_if = "FieldContainer::is_one")]
    pub container: FieldContainer,
    /// Whether the field's value is boxed because the types recurse through it (never for a
    /// `Vec`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub boxed: bool,
    /// Whether the member comes from a base type.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub inherited: bool,
    /// `default`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// `fixed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed: Option<String>,
    /// ATL Server `atls:SizeIs`: the XML local name of the sibling element holding this
    /// array's length (computed by the codec, never set by users).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size_is: Option<String>,
    /// For the sibling named by another field's `size_is`: that field's XML local name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size_of: Option<String>,
    /// When the element heads a substitution group: every element that may appear in its
    /// place (itself first unless abstract), transitively.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub substitutes: Vec<ElementId>,
    /// The head of the substitution group when the field refers to one whose members stand
    /// in its place: the field holds the head's [`GlobalElement::substitution`] enum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub substitution_head: Option<ElementId>,
    /// `xs:documentation`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The Rust type a type override ([`crate::TypeOverrides`]) gives the field's values in
    /// place of the built-in scalar its schema type maps to; the container stays.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rust_type: Option<Box<RustType>>,
}

/// A Rust type that holds a field's values in place of a built-in scalar (a type override).
///
/// The type reads and writes itself through the runtime's `XmlScalar` with the lexical form
/// of the field's schema type, converts from and into that scalar with `From` (for yaserde's
/// twins and `Arbitrary` values), is `Copy`, and implements what generated types derive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RustType {
    /// The type's path as the override gives it (`crate::constants::ESchSource`).
    pub path: String,
    /// How the generated module writes the type: the path's last segment, which the module
    /// imports with `use`, unless the module has a type of that name or two overrides share
    /// it (then the whole path).
    pub name: String,
    /// Whether the type implements `Default` with a value that is honest on the wire.
    pub default: bool,
    /// The selector of [`crate::TypeOverrides`] that chose it.
    #[serde(skip)]
    pub selector: usize,
}

/// How an element field holds its values in Rust.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldContainer {
    /// Exactly one value (also a choice alternative's optional element: a chosen
    /// alternative is there).
    #[default]
    One,
    /// `Option`: the element may be absent (`minOccurs="0"`) or nil (`nillable`).
    Optional {
        /// Whether `None` is written as a nil element (nillable and required) rather than
        /// left out.
        nil_when_none: bool,
    },
    /// `Vec`: the element repeats.
    Many,
    /// A `Vec` of the items of an anonymous array wrapper (see [`Ir::array_wrapper_item`]):
    /// the wrapper element is written around them, and an empty `Vec` as a nil element
    /// (nillable), no element (optional) or an empty wrapper.
    FlattenedArray,
    /// An ATL `…NSizeIs` companion: no Rust field, written as the length of the array field
    /// of this Rust name.
    SizeOf {
        /// The array field's Rust name.
        array: String,
    },
}

impl FieldContainer {
    fn is_one(&self) -> bool {
        *self == FieldContainer::One
    }
}

/// A nested sequence or choice held as one field.
#[derive(Clone, Debug, Serialize)]
pub struct GroupField {
    /// The Rust field name.
    pub rust_name: String,
    /// The struct (sequence) or choice type.
    pub ty: TypeId,
    /// Occurrence of the group.
    pub occurs: Occurs,
    /// Whether the field must be boxed because the types recurse through it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub boxed: bool,
    /// Whether the member comes from a base type.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub inherited: bool,
}

/// `xs:any`.
#[derive(Clone, Debug, Serialize)]
pub struct AnyField {
    /// The Rust field name.
    pub rust_name: String,
    /// The namespace constraint as written (`##any`, `##other`, a list of URIs).
    pub namespace: String,
    /// `processContents`.
    pub process_contents: String,
    /// Occurrence.
    pub occurs: Occurs,
    /// Whether the member comes from a base type.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub inherited: bool,
}

/// An attribute of a struct or simple-content type.
#[derive(Clone, Debug, Serialize)]
pub struct AttributeField {
    /// The attribute name; the namespace is absent when unqualified.
    pub xml_name: QName,
    /// The Rust field name.
    pub rust_name: String,
    /// A simple type.
    pub ty: TypeRef,
    /// `use="required"`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// `default`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// `fixed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed: Option<String>,
    /// Whether the attribute comes from a base type.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub inherited: bool,
    /// `xs:documentation`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// An `xs:choice`.
#[derive(Debug, Serialize)]
pub struct ChoiceType {
    /// The alternatives, in document order.
    pub variants: Vec<ChoiceVariant>,
}

/// One alternative of a choice.
#[derive(Debug, Serialize)]
pub struct ChoiceVariant {
    /// The Rust variant name (PascalCase, unique in the enum).
    pub rust_name: String,
    /// What the alternative holds.
    pub content: VariantContent,
}

/// What a choice alternative holds.
#[derive(Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VariantContent {
    /// One element (possibly repeated); its `rust_name` is unused.
    Element(ElementField),
    /// A sequence (a struct type) or a nested choice (a choice type), with its occurrence.
    Group(GroupField),
    /// `xs:any`.
    Any(AnyField),
}

/// A complex type with simple content.
#[derive(Debug, Serialize)]
pub struct SimpleContentType {
    /// The type of the text value (a built-in or a defined simple type).
    pub value: TypeRef,
    /// The defined complex type this one derives from, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<TypeId>,
    /// Facets of a simpleContent restriction.
    #[serde(skip_serializing_if = "Facets::is_empty")]
    pub facets: Facets,
    /// Attributes, inherited first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<AttributeField>,
    /// Whether `xs:anyAttribute` allows other attributes.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub any_attribute: bool,
}

/// A simple type restricted to a set of values.
#[derive(Debug, Serialize)]
pub struct EnumerationType {
    /// The type whose values are enumerated.
    pub base: TypeRef,
    /// The values, in document order.
    pub variants: Vec<EnumerationVariant>,
    /// The Rust name of the variant holding a value the schema does not list: `Other`,
    /// unless a listed value took that name (then `UnknownValue`, else a numbered name).
    pub unknown_rust_name: String,
}

/// One enumerated value.
#[derive(Debug, Serialize)]
pub struct EnumerationVariant {
    /// The literal on the wire.
    pub value: String,
    /// The Rust variant name.
    pub rust_name: String,
    /// `xs:documentation`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// A simple type restriction without enumeration.
#[derive(Debug, Serialize)]
pub struct RestrictionType {
    /// The restricted type.
    pub base: TypeRef,
    /// The facets.
    pub facets: Facets,
}

/// `xs:list`.
#[derive(Debug, Serialize)]
pub struct ListType {
    /// The item type.
    pub item: TypeRef,
}

/// `xs:union`.
#[derive(Debug, Serialize)]
pub struct UnionType {
    /// The member types, in order.
    pub members: Vec<TypeRef>,
}

/// A SOAP-encoded array.
#[derive(Debug, Serialize)]
pub struct SoapArrayType {
    /// The item type from `wsdl:arrayType` (for an array of arrays, the innermost items').
    pub item: TypeRef,
    /// The rank (number of dimensions) of each array level, outermost first:
    /// `wsdl:arrayType="xsd:int[,][]"` is a one-dimensional array of two-dimensional arrays
    /// of `xsd:int`, `[1, 2]`.
    pub ranks: Vec<u32>,
}

impl SoapArrayType {
    /// The array type as `wsdl:arrayType` writes it after the item type (`[,][]`).
    pub fn brackets(&self) -> String {
        array_brackets(&self.ranks)
    }
}

/// The brackets of array levels of `ranks` (outermost first) as `wsdl:arrayType` writes them
/// after the item type: `[,][]` for `[1, 2]`.
pub fn array_brackets(ranks: &[u32]) -> String {
    ranks
        .iter()
        .rev()
        .map(|&rank| format!("[{}]", ",".repeat(rank.saturating_sub(1) as usize)))
        .collect()
}

/// A global element declaration.
#[derive(Debug, Serialize)]
pub struct GlobalElement {
    /// The element name.
    pub xml_name: QName,
    /// Its type.
    pub ty: TypeRef,
    /// `nillable="true"`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub nillable: bool,
    /// `abstract="true"`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub is_abstract: bool,
    /// The head of the substitution group it belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub substitution_group: Option<ElementId>,
    /// When a field refers to it and other elements may stand in its place: the enum
    /// holding one of them (itself first unless abstract), each under its own element name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub substitution: Option<SubstitutionEnum>,
    /// `xs:documentation`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// The enum of the elements that may stand for the head of a substitution group.
#[derive(Debug, Serialize)]
pub struct SubstitutionEnum {
    /// The enum's Rust name (`<Head>Substitution`).
    pub rust_name: String,
    /// One variant per member element, in the order of [`ElementField::substitutes`].
    pub variants: Vec<SubstitutionVariant>,
}

/// One variant of a [`SubstitutionEnum`].
#[derive(Debug, Serialize)]
pub struct SubstitutionVariant {
    /// The member element it holds.
    pub element: ElementId,
    /// The variant's Rust name (PascalCase, unique in the enum).
    pub rust_name: String,
    /// Whether decoding can produce it: decoders match local names, so of several members
    /// with one local name only the first is read back.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub decodable: bool,
}
