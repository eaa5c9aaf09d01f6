//! Completing types: content models (sequences, choices, groups, `xs:any`), inheritance,
//! simple content and SOAP arrays. Attributes and simple types are in `attributes`.

use super::{
    MAX_DERIVATION_DEPTH, MAX_GROUP_NESTING, MAX_MEMBERS, Origin, Owner, Resolver, Scope, State,
};
use crate::builtin::BuiltinType;
use crate::ir::{
    AnyField, AttributeField, ChoiceType, ChoiceVariant, ElementField, FieldContainer, GroupField,
    Member, SimpleContentType, SoapArrayType, StructType, TypeId, TypeKind, TypeRef,
    VariantContent,
};
use crate::naming::{NameScope, snake_case};
use crate::qname::{QName, SOAP_ENCODING_NS};
use crate::raw::{
    AnyDecl, AttributeUses, ComplexContent, ComplexTypeDef, Derivation, ElementDecl, Facets, Form,
    ModelGroup, NameRef, Occurs, Particle,
};

/// Members of a struct under construction.
struct MemberList {
    members: Vec<Member>,
    names: NameScope,
    unordered: bool,
    /// Counters for naming nested groups: (choices, sequences).
    groups: (u32, u32),
}

impl MemberList {
    fn new() -> Self {
        MemberList {
            members: Vec::new(),
            names: NameScope::default(),
            unordered: false,
            groups: (0, 0),
        }
    }

    /// Starts from a base type's members, marked inherited.
    fn inheriting(base: &StructType) -> Self {
        let mut list = Self::new();
        for member in &base.members {
            list.names.reserve(member.rust_name());
            let mut member = member.clone();
            match &mut member {
                Member::Element(e) => e.inherited = true,
                Member::Group(g) => g.inherited = true,
                Member::Any(a) => a.inherited = true,
            }
            list.members.push(member);
        }
        for attribute in &base.attributes {
            list.names.reserve(&attribute.rust_name);
        }
        list.unordered = base.unordered;
        list
    }
}

/// Alternatives of a choice under construction.
struct VariantList {
    variants: Vec<ChoiceVariant>,
    names: NameScope,
}

impl<'a> Resolver<'a> {
    /// Completes a type if it is not yet complete. Bases are completed first, on demand.
    pub(super) fn complete(&mut self, id: TypeId) {
        let index = id.0 as usize;
        match self.slots[index].state {
            State::Done => return,
            State::InProgress => {
                let name = self.slots[index].xml_name.clone();
                let span = match self.slots[index].origin {
                    Origin::Complex { def, .. } => Some(def.span),
                    Origin::Simple { def, .. } => Some(def.span),
                    Origin::Built => None,
                };
                if let Some(span) = span {
                    self.error(
                        span,
                        format!("type {name} derives from itself (circular base types)"),
                    );
                }
                return;
            }
            State::Pending => {}
        }
        if self.completing_depth >= MAX_DERIVATION_DEPTH {
            let name = self.slots[index].xml_name.clone();
            if let Origin::Complex { def, .. } = self.slots[index].origin {
                self.error(def.span, format!("type {name} derives through more than {MAX_DERIVATION_DEPTH} base types; refused"));
            }
            return;
        }
        self.slots[index].state = State::InProgress;
        self.completing_depth += 1;
        let scope = Scope {
            schema: 0,
            hint: self.slots[index].name_hint.clone(),
            xml_name: self.slots[index].xml_name.clone(),
            redefining: None,
        };
        self.owners.push(Owner::Type(id));
        let kind = match self.slots[index].origin {
            Origin::Complex { def, schema, rank } => {
                let scope = Scope {
                    schema,
                    redefining: self.redefinition(index, rank),
                    ..scope
                };
                self.complex_type(id, def, &scope)
            }
            Origin::Simple { def, schema, rank } => {
                let scope = Scope {
                    schema,
                    redefining: self.redefinition(index, rank),
                    ..scope
                };
                self.simple_type(def, &scope)
            }
            Origin::Built => {
                self.owners.pop();
                self.completing_depth -= 1;
                return;
            }
        };
        self.owners.pop();
        self.completing_depth -= 1;
        self.slots[index].kind = Some(kind);
        self.slots[index].state = State::Done;
    }

    /// For a definition that redefines another: its name and rank.
    fn redefinition(&self, index: usize, rank: usize) -> Option<(QName, usize)> {
        let slot = &self.slots[index];
        let ranks = self.symbols.types.get(&slot.xml_name).map_or(0, Vec::len);
        (!slot.anonymous && rank + 1 < ranks).then(|| (slot.xml_name.clone(), rank))
    }

    fn complex_type(&mut self, id: TypeId, def: &'a ComplexTypeDef, scope: &Scope) -> TypeKind {
        match &def.content {
            ComplexContent::Direct {
                particle,
                attributes,
            } => {
                let mut list = MemberList::new();
                if let Some(particle) = particle {
                    list.unordered = matches!(particle, Particle::All(_));
                    self.add_particle(particle, Occurs::ONCE, scope, &mut list);
                }
                self.finish_struct(list, attributes, scope, def, None, None, Vec::new())
            }
            ComplexContent::Complex {
                derivation,
                base,
                mixed,
                particle,
                attributes,
                ..
            } => {
                if base.name == QName::new(SOAP_ENCODING_NS, "Array")
                    && !self.symbols.types.contains_key(&base.name)
                {
                    return self.soap_array(particle.as_ref(), attributes);
                }
                let base_ref = self.resolve_base(base, scope);
                let base_id = match base_ref {
                    TypeRef::Defined(base_id) => {
                        self.complete(base_id);
                        Some(base_id)
                    }
                    TypeRef::Builtin(BuiltinType::AnyType) => None,
                    TypeRef::Builtin(builtin) => {
                        self.warning(
                            base.span,
                            format!(
                                "complexContent derived from the simple type xs:{}; read as \
                                 simple content",
                                builtin.xsd_name()
                            ),
                        );
                        return self.simple_content(
                            base_ref,
                            None,
                            Facets::default(),
                            Vec::new(),
                            attributes,
                            scope,
                        );
                    }
                };
                let base_kind = base_id.and_then(|b| self.slots[b.0 as usize].kind.as_ref());
                let mut list = match (base_kind, derivation) {
                    (Some(TypeKind::Struct(base)), Derivation::Extension) => {
                        MemberList::inheriting(base)
                    }
                    (Some(TypeKind::SimpleContent(sc)), _) => {
                        let (value, inherited) = (sc.value, sc.attributes.clone());
                        return self.simple_content(
                            value,
                            base_id,
                            Facets::default(),
                            inherited,
                            attributes,
                            scope,
                        );
                    }
                    (Some(TypeKind::SoapArray(array)), _) => {
                        return TypeKind::SoapArray(SoapArrayType {
                            item: array.item,
                            ranks: array.ranks.clone(),
                        });
                    }
                    (Some(TypeKind::Struct(_)) | None, Derivation::Restriction) => {
                        MemberList::new()
                    }
                    (Some(_), _) | (None, Derivation::Extension) => MemberList::new(),
                };
                // A restriction restates the content; attributes are inherited unless changed.
                let inherited_attributes = match base_kind {
                    Some(TypeKind::Struct(base)) => base.attributes.clone(),
                    _ => Vec::new(),
                };
                if let Some(particle) = particle {
                    if matches!(particle, Particle::All(_)) {
                        list.unordered = true;
                    }
                    self.add_particle(particle, Occurs::ONCE, scope, &mut list);
                }
                let mut kind = self.finish_struct(
                    list,
                    attributes,
                    scope,
                    def,
                    mixed.filter(|&m| m),
                    base_id.map(|b| (b, *derivation)),
                    inherited_attributes,
                );
                if let (Some(base_id), TypeKind::Struct(_)) = (base_id, &mut kind) {
                    if let Some(TypeKind::Struct(base)) = &mut self.slots[base_id.0 as usize].kind {
                        base.derived.push(id);
                    }
                }
                kind
            }
            ComplexContent::Simple {
                derivation,
                base,
                inline_base,
                facets,
                attributes,
                ..
            } => {
                let base_ref = self.resolve_base(base, scope);
                let (mut value, base_id, inherited) = match base_ref {
                    TypeRef::Defined(base_id) => {
                        self.complete(base_id);
                        match &self.slots[base_id.0 as usize].kind {
                            Some(TypeKind::SimpleContent(sc)) => {
                                (sc.value, Some(base_id), sc.attributes.clone())
                            }
                            Some(TypeKind::Struct(base_struct)) => {
                                let inherited = base_struct.attributes.clone();
                                if !def.mixed && !base_struct.mixed {
                                    self.warning(
                                        base.span,
                                        format!(
                                            "simpleContent derived from {}, which has element \
                                             content; its text is read as a string",
                                            base.name
                                        ),
                                    );
                                }
                                (
                                    TypeRef::Builtin(BuiltinType::String),
                                    Some(base_id),
                                    inherited,
                                )
                            }
                            _ => (base_ref, None, Vec::new()),
                        }
                    }
                    builtin => (builtin, None, Vec::new()),
                };
                if let (Derivation::Restriction, Some(inline)) = (derivation, inline_base) {
                    value = TypeRef::Defined(self.inline_simple_type(inline, scope, "Value"));
                }
                let facets = match derivation {
                    Derivation::Restriction => facets.clone(),
                    Derivation::Extension => Facets::default(),
                };
                self.simple_content(value, base_id, facets, inherited, attributes, scope)
            }
        }
    }

    #[allow(clippy::too_many_arguments)] // Reason: the parts of a struct come from three places.
    fn finish_struct(
        &mut self,
        mut list: MemberList,
        attributes: &'a AttributeUses,
        scope: &Scope,
        def: &ComplexTypeDef,
        mixed_override: Option<bool>,
        base: Option<(TypeId, Derivation)>,
        inherited_attributes: Vec<AttributeField>,
    ) -> TypeKind {
        if list.members.len() >= MAX_MEMBERS {
            self.error(
                def.span,
                format!("the content model expands to more than {MAX_MEMBERS} members (groups that refer to other groups repeatedly); refused"),
            );
        }
        link_size_companions(&mut list.members);
        let mut any_attribute = false;
        let attributes = self.attributes(
            attributes,
            scope,
            inherited_attributes,
            &mut list.names,
            &mut any_attribute,
        );
        let base_any_attribute = base.is_some_and(|(b, _)| {
            matches!(&self.slots[b.0 as usize].kind, Some(TypeKind::Struct(s)) if s.any_attribute)
        });
        TypeKind::Struct(StructType {
            base: base.map(|(b, _)| b),
            derivation: base.map(|(_, d)| d),
            derived: Vec::new(),
            sum_rust_name: None,
            // Settled once every type is known (`compose::compose_extensions`).
            base_field: None,
            members: list.members,
            attributes,
            any_attribute: any_attribute || base_any_attribute,
            mixed: mixed_override.unwrap_or(def.mixed),
            is_abstract: def.is_abstract,
            unordered: list.unordered,
            text_rust_name: None,
            // Settled once every type is known (`defaults::mark_defaults`).
            default: false,
            constructor: None,
        })
    }

    fn simple_content(
        &mut self,
        value: TypeRef,
        base: Option<TypeId>,
        facets: Facets,
        inherited: Vec<AttributeField>,
        attributes: &'a AttributeUses,
        scope: &Scope,
    ) -> TypeKind {
        let mut names = NameScope::default();
        for attribute in &inherited {
            names.reserve(&attribute.rust_name);
        }
        let mut any_attribute = false;
        let attributes =
            self.attributes(attributes, scope, inherited, &mut names, &mut any_attribute);
        TypeKind::SimpleContent(SimpleContentType {
            value,
            base,
            facets: super::attributes::restriction_facets(&facets),
            attributes,
            any_attribute,
        })
    }

    /// A `soapenc:Array` restriction: the item type from `wsdl:arrayType` or the content.
    fn soap_array(
        &mut self,
        particle: Option<&'a Particle>,
        attributes: &'a AttributeUses,
    ) -> TypeKind {
        let declared = attributes
            .attributes
            .iter()
            .find_map(|a| Some((a, a.wsdl_array_type.as_ref()?)));
        if let Some((attribute, item)) = declared {
            // `wsdl:arrayType="tns:Item[]"` names the item type; `[][]` nests arrays.
            let item = self.resolve_type(item, None);
            let written = attribute.wsdl_array_dims.as_deref().unwrap_or("[]");
            let ranks = array_ranks(written).unwrap_or_else(|| {
                self.warning(
                    attribute.span,
                    format!(
                        "wsdl:arrayType dimensions `{written}` are not `[]`, `[,]` or `[][]`; \
                         read as a one-dimensional array"
                    ),
                );
                vec![1]
            });
            return TypeKind::SoapArray(SoapArrayType { item, ranks });
        }
        let item = match particle {
            Some(Particle::Sequence(group) | Particle::All(group) | Particle::Choice(group)) => {
                match group.particles.first() {
                    Some(Particle::Element(element)) => element
                        .type_name
                        .as_ref()
                        .map(|type_name| self.resolve_type(type_name, None)),
                    _ => None,
                }
            }
            _ => None,
        };
        TypeKind::SoapArray(SoapArrayType {
            item: item.unwrap_or(TypeRef::Builtin(BuiltinType::AnyType)),
            ranks: vec![1],
        })
    }

    /// Adds a particle's members, flattening single-occurrence sequences.
    fn add_particle(
        &mut self,
        particle: &'a Particle,
        outer: Occurs,
        scope: &Scope,
        list: &mut MemberList,
    ) {
        if list.members.len() >= MAX_MEMBERS {
            return;
        }
        match particle {
            Particle::Element(element) => {
                if let Some(mut field) = self.element_field(element, outer, scope) {
                    field.rust_name = list.names.claim_snake(&field.xml_name.local);
                    list.members.push(Member::Element(field));
                }
            }
            Particle::Sequence(group) | Particle::All(group) => {
                let occurs = group.occurs.nested_in(outer);
                if occurs.max == Some(1) || occurs.max == Some(0) {
                    for child in &group.particles {
                        self.add_particle(child, occurs, scope, list);
                    }
                } else {
                    list.groups.1 += 1;
                    let suffix = numbered("Sequence", list.groups.1);
                    let ty = self.sequence_struct(&group.particles, scope, &suffix);
                    let rust_name = list.names.claim_snake(&suffix);
                    list.members.push(Member::Group(GroupField {
                        rust_name,
                        ty,
                        occurs,
                        boxed: false,
                        inherited: false,
                    }));
                }
            }
            Particle::Choice(group) => {
                let occurs = group.occurs.nested_in(outer);
                if let [single] = group.particles.as_slice() {
                    self.add_particle(single, occurs, scope, list);
                    return;
                }
                list.groups.0 += 1;
                let suffix = numbered("Choice", list.groups.0);
                let ty = self.choice_type(group, scope, &suffix);
                let rust_name = list.names.claim_snake(&suffix);
                list.members.push(Member::Group(GroupField {
                    rust_name,
                    ty,
                    occurs,
                    boxed: false,
                    inherited: false,
                }));
            }
            Particle::GroupRef { reference, occurs } => {
                let occurs = occurs.nested_in(outer);
                if let Some((particle, group_scope)) = self.enter_group(reference, scope) {
                    self.add_particle(particle, occurs, &group_scope, list);
                    self.expanding_groups.pop();
                }
            }
            Particle::Any(any) => {
                let rust_name = list.names.claim_snake("any");
                list.members
                    .push(Member::Any(any_field(any, outer, rust_name)));
            }
        }
    }

    /// Looks up a model group for expansion; `None` (reported) when unknown or circular.
    fn enter_group(&mut self, reference: &NameRef, scope: &Scope) -> Option<(&'a Particle, Scope)> {
        let name = &self.effective_name(reference, |r, n| r.symbols.groups.contains_key(n));
        let rank = match &scope.redefining {
            Some((redefined, rank)) if redefined == name => rank + 1,
            _ => 0,
        };
        let Some(def) = self
            .symbols
            .groups
            .get(name)
            .and_then(|defs| defs.get(rank))
        else {
            self.missing_reference(reference.span, "group", name);
            return None;
        };
        let (particle, schema) = (def.item.particle.as_ref(), def.schema);
        if self.expanding_groups.contains(name) {
            self.error(
                reference.span,
                format!("group {name} refers to itself (circular model groups)"),
            );
            return None;
        }
        if self.expanding_groups.len() >= MAX_GROUP_NESTING {
            self.error(
                reference.span,
                format!("groups nested more than {MAX_GROUP_NESTING} deep at {name}; refused"),
            );
            return None;
        }
        self.expanding_groups.push(name.clone());
        let group_scope = Scope {
            schema,
            redefining: (rank + 1 < self.symbols.groups[name].len()).then(|| (name.clone(), rank)),
            ..scope.clone()
        };
        match particle {
            Some(particle) => Some((particle, group_scope)),
            None => {
                self.expanding_groups.pop();
                None
            }
        }
    }

    /// A struct for a repeated (or choice-alternative) sequence.
    fn sequence_struct(
        &mut self,
        particles: &'a [Particle],
        scope: &Scope,
        suffix: &str,
    ) -> TypeId {
        let inner = child_scope(scope, suffix);
        let mut list = MemberList::new();
        for particle in particles {
            self.add_particle(particle, Occurs::ONCE, &inner, &mut list);
        }
        link_size_companions(&mut list.members);
        let kind = TypeKind::Struct(StructType {
            members: list.members,
            unordered: list.unordered,
            ..StructType::default()
        });
        self.add_built(inner.xml_name, inner.hint, kind)
    }

    /// An enum for an `xs:choice`.
    fn choice_type(&mut self, group: &'a ModelGroup, scope: &Scope, suffix: &str) -> TypeId {
        let inner = child_scope(scope, suffix);
        let mut list = VariantList {
            variants: Vec::new(),
            names: NameScope::default(),
        };
        for particle in &group.particles {
            self.add_variant(particle, Occurs::ONCE, &inner, &mut list);
        }
        self.add_built(
            inner.xml_name,
            inner.hint,
            TypeKind::Choice(ChoiceType {
                variants: list.variants,
            }),
        )
    }

    fn add_variant(
        &mut self,
        particle: &'a Particle,
        outer: Occurs,
        scope: &Scope,
        list: &mut VariantList,
    ) {
        if list.variants.len() >= MAX_MEMBERS {
            return;
        }
        match particle {
            Particle::Element(element) => {
                if let Some(mut field) = self.element_field(element, outer, scope) {
                    field.rust_name = snake_case(&field.xml_name.local);
                    let rust_name = list.names.claim_pascal(&field.xml_name.local);
                    list.variants.push(ChoiceVariant {
                        rust_name,
                        content: VariantContent::Element(field),
                    });
                }
            }
            Particle::Sequence(group) | Particle::All(group) => {
                let occurs = group.occurs.nested_in(outer);
                if let [single] = group.particles.as_slice() {
                    self.add_variant(single, occurs, scope, list);
                    return;
                }
                if group.particles.is_empty() {
                    return;
                }
                let stem = first_element_name(&group.particles).unwrap_or("Sequence");
                let rust_name = list.names.claim_pascal(stem);
                let ty = self.sequence_struct(&group.particles, scope, &rust_name);
                list.variants.push(ChoiceVariant {
                    rust_name: rust_name.clone(),
                    content: VariantContent::Group(GroupField {
                        rust_name: snake_case(&rust_name),
                        ty,
                        occurs,
                        boxed: false,
                        inherited: false,
                    }),
                });
            }
            Particle::Choice(group) => {
                let occurs = group.occurs.nested_in(outer);
                if occurs.max == Some(1) {
                    for child in &group.particles {
                        self.add_variant(child, occurs, scope, list);
                    }
                    return;
                }
                let rust_name = list.names.claim_pascal("Choice");
                let ty = self.choice_type(group, scope, &rust_name);
                list.variants.push(ChoiceVariant {
                    rust_name: rust_name.clone(),
                    content: VariantContent::Group(GroupField {
                        rust_name: snake_case(&rust_name),
                        ty,
                        occurs,
                        boxed: false,
                        inherited: false,
                    }),
                });
            }
            Particle::GroupRef { reference, occurs } => {
                let occurs = occurs.nested_in(outer);
                if let Some((particle, group_scope)) = self.enter_group(reference, scope) {
                    self.add_variant(particle, occurs, &group_scope, list);
                    self.expanding_groups.pop();
                }
            }
            Particle::Any(any) => {
                let rust_name = list.names.claim_pascal("Any");
                list.variants.push(ChoiceVariant {
                    rust_name,
                    content: VariantContent::Any(any_field(any, outer, "any".to_owned())),
                });
            }
        }
    }

    /// A local element or element reference as a field (its Rust name is set by the caller).
    fn element_field(
        &mut self,
        element: &'a ElementDecl,
        outer: Occurs,
        scope: &Scope,
    ) -> Option<ElementField> {
        let occurs = element.occurs.nested_in(outer);
        if let Some(reference) = &element.reference {
            let name = self.effective_name(reference, |r, n| r.element_ids.contains_key(n));
            let Some(&id) = self.element_ids.get(&name) else {
                self.missing_reference(reference.span, "element", &reference.name);
                return None;
            };
            let global = &self.elements[id.0 as usize];
            let substitutes = self.substitutes(id);
            // Only members other than the head make the field hold one of several elements.
            let substitution_head = substitutes.iter().any(|&e| e != id).then_some(id);
            return Some(ElementField {
                // Settled once every type is known (`shapes::assign_containers`).
                container: FieldContainer::One,
                xml_name: global.xml_name.clone(),
                rust_name: String::new(),
                ty: global.ty,
                occurs,
                nillable: global.nillable,
                boxed: false,
                inherited: false,
                default: element.default.clone(),
                fixed: element.fixed.clone(),
                size_is: element.size_is.clone(),
                size_of: None,
                substitutes,
                substitution_head,
                doc: element.doc.clone().or_else(|| global.doc.clone()),
                rust_type: None,
            });
        }
        let local = element.name.as_deref()?;
        let schema = self.symbols.schemas[scope.schema];
        let qualified = element.form.unwrap_or(schema.element_form_default) == Form::Qualified;
        let namespace = if qualified {
            self.schema_namespace(scope.schema)
        } else {
            None
        };
        let ty = match (&element.type_name, &element.inline_type) {
            (Some(type_name), _) => self.resolve_type(type_name, None),
            (None, Some(inline)) => TypeRef::Defined(self.inline_type(inline, scope, local)),
            (None, None) => TypeRef::Builtin(BuiltinType::AnyType),
        };
        Some(ElementField {
            container: FieldContainer::One,
            xml_name: QName::with_optional_namespace(namespace, local),
            rust_name: String::new(),
            ty,
            occurs,
            nillable: element.nillable,
            boxed: false,
            inherited: false,
            default: element.default.clone(),
            fixed: element.fixed.clone(),
            size_is: element.size_is.clone(),
            size_of: None,
            substitutes: Vec::new(),
            substitution_head: None,
            doc: element.doc.clone(),
            rust_type: None,
        })
    }
}

/// `Choice`, `Choice2`, …
pub(super) fn numbered(stem: &str, n: u32) -> String {
    if n <= 1 {
        stem.to_owned()
    } else {
        format!("{stem}{n}")
    }
}

fn child_scope(scope: &Scope, suffix: &str) -> Scope {
    Scope {
        hint: format!("{}{suffix}", scope.hint),
        xml_name: QName {
            namespace: scope.xml_name.namespace.clone(),
            local: format!("{}/{suffix}", scope.xml_name.local),
        },
        ..scope.clone()
    }
}

fn any_field(any: &AnyDecl, outer: Occurs, rust_name: String) -> AnyField {
    AnyField {
        rust_name,
        namespace: any.namespace.clone(),
        process_contents: any.process_contents.clone(),
        occurs: any.occurs.nested_in(outer),
        inherited: false,
    }
}

fn first_element_name(particles: &[Particle]) -> Option<&str> {
    particles.iter().find_map(|p| match p {
        Particle::Element(e) => e
            .name
            .as_deref()
            .or(e.reference.as_ref().map(|r| r.name.local.as_str())),
        _ => None,
    })
}

/// Marks the size fields named by ATL `atls:SizeIs` on their arrays.
fn link_size_companions(members: &mut [Member]) {
    let pairs: Vec<(String, String)> = members
        .iter()
        .filter_map(|m| match m {
            Member::Element(e) => e
                .size_is
                .as_ref()
                .map(|size| (size.clone(), e.xml_name.local.clone())),
            _ => None,
        })
        .collect();
    for (size, array) in pairs {
        for member in members.iter_mut() {
            if let Member::Element(e) = member {
                if e.xml_name.local == size {
                    e.size_of = Some(array.clone());
                }
            }
        }
    }
}

/// The rank of each level of an array type's brackets (`[,][]` → `[1, 2]`, outermost first),
/// sizes allowed (`[5]`); `None` for anything else.
fn array_ranks(brackets: &str) -> Option<Vec<u32>> {
    let mut ranks = Vec::new();
    let mut rest = brackets.trim();
    while !rest.is_empty() {
        let inner = rest.strip_prefix('[')?;
        let close = inner.find(']')?;
        let dimensions = &inner[..close];
        if !dimensions
            .bytes()
            .all(|b| b == b',' || b.is_ascii_digit() || b.is_ascii_whitespace())
        {
            return None;
        }
        ranks.push(u32::try_from(dimensions.matches(',').count() + 1).ok()?);
        rest = inner[close + 1..].trim_start();
    }
    ranks.reverse();
    (!ranks.is_empty()).then_some(ranks)
}

#[cfg(test)]
mod array_rank_tests {
    use super::array_ranks;

    #[test]
    fn ranks_outermost_first() {
        assert_eq!(array_ranks("[]"), Some(vec![1]));
        assert_eq!(array_ranks("[,]"), Some(vec![2]));
        assert_eq!(array_ranks("[,][]"), Some(vec![1, 2]));
        assert_eq!(array_ranks("[5]"), Some(vec![1]));
        assert_eq!(array_ranks(""), None);
        assert_eq!(array_ranks("[x]"), None);
        assert_eq!(array_ranks("[]]"), None);
    }
}
