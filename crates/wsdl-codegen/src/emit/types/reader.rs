//! The readers of types with element content: `read_element` of structs (attributes, then
//! children in any order, leading scalars read in schema order first; straight into
//! `Self::default()` where the struct has one) and simple-content types, `read_run`/`starts`
//! of groups and choices (the run of consecutive children that belongs to them), and
//! `read_base`/`holds_child` of a struct whose members a derived type holds whole (its
//! attributes and the run of leading children that belong to it).

use std::collections::{BTreeMap, HashSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::model::{
    Field, GroupContainer, TypeEmitter, accepted_names, attribute_value, base_field,
    group_container,
};
use crate::emit::codec::{
    parse_text, read_field, read_field_call, read_init, read_value, value_reader, with_required,
};
use crate::emit::context::Context;
use crate::emit::shape::{Container, Value, element_shape, ident, simple_value};
use crate::ir::{AttributeField, ChoiceType, SimpleContentType, VariantContent};

/// The decoding loop over a struct's children, as [`TypeEmitter::child_loop`] builds it.
struct ChildLoop {
    /// Declarations of the locals fields are decoded into.
    locals: Vec<TokenStream>,
    arms: ChildArms,
    /// The struct's field initialisers from the locals.
    inits: Vec<TokenStream>,
    /// The locals of the required members (each an `Option` until the loop ends), with the
    /// names that say which is missing; [`with_required`] unwraps them.
    required: Vec<(proc_macro2::Ident, String)>,
    /// Whether any child is decoded at all.
    has_children: bool,
    /// Whether some arm goes on to the next child after the match (rather than every arm
    /// ending in `continue` or `break`).
    falls_through: bool,
}

/// How one child is handled.
enum ChildArms {
    /// Match arms on the child's local name.
    ByName(Vec<TokenStream>),
    /// Match arms on the child's local name that each evaluate to a `Result<()>`, mostly one
    /// call of the runtime's per-field helpers (a struct read outside a run, without groups
    /// or `xs:any`: the common case, in the least code).
    Calls(Vec<TokenStream>),
    /// One statement for every child (a struct holding only a repeated `xs:any`).
    Every(TokenStream),
}

impl<'a> TypeEmitter<'_, 'a> {
    /// An expression reading the attribute as an `Option` of its value (a `Result`).
    fn attribute_read(&self, attribute: &AttributeField) -> TokenStream {
        let namespace = match &attribute.xml_name.namespace {
            Some(ns) => quote!(Some(#ns)),
            None => quote!(None),
        };
        let local = &attribute.xml_name.local;
        match attribute_value(self.context, attribute) {
            Value::Text | Value::RawXml => quote!(r.string_attribute(element, #namespace, #local)),
            Value::Scalar(ty) => quote!(r.scalar_attribute::<#ty>(element, #namespace, #local)),
            Value::Defined { ident: ty, .. } | Value::Substitution(ty) => {
                quote!(r.parsed_attribute(element, #namespace, #local, #local, #ty::from_xml_text))
            }
        }
    }

    pub(super) fn read_attributes(
        &self,
        attributes: &[AttributeField],
    ) -> (Vec<TokenStream>, Vec<TokenStream>) {
        let mut reads = Vec::new();
        let mut inits = Vec::new();
        for attribute in attributes {
            let rust = ident(&attribute.rust_name);
            let var = format_ident!("attribute_{}", attribute.rust_name.trim_start_matches("r#"));
            let read = self.attribute_read(attribute);
            reads.push(quote!(let #var = #read?;));
            let local = &attribute.xml_name.local;
            inits.push(if attribute.required {
                quote!(#rust: r.required_attribute(#var, element, #local)?,)
            } else {
                quote!(#rust: #var,)
            });
        }
        (reads, inits)
    }

    /// `read_element` of a struct: attributes, then children in any order; with `text`, the
    /// mixed content's text into that field.
    pub(super) fn read_element(
        &self,
        fields: &[Field<'a>],
        attributes: &[AttributeField],
        text: Option<&proc_macro2::Ident>,
    ) -> TokenStream {
        let (attribute_reads, attribute_inits) = self.read_attributes(attributes);
        let mut child_loop = self.child_loop(fields, &quote!(element), false);
        if text.is_none() {
            let in_order = in_order_scalars(self.context, fields);
            // The first locals are those fields' (each element field declares one, in order).
            child_loop.locals.splice(..in_order.len(), in_order);
        }
        let ChildLoop {
            locals,
            arms,
            inits,
            has_children,
            // Outside a run, other children are skipped: the loop always goes on.
            ..
        } = &child_loop;
        let dispatch = match arms {
            ChildArms::ByName(arms) => quote!(match child.local_name() { #(#arms)* }),
            ChildArms::Calls(arms) => quote!(match child.local_name() { #(#arms)* }?;),
            ChildArms::Every(store) => store.clone(),
        };
        let base = base_field(fields);
        let base_init = base.as_ref().map(|(rust, _)| quote!(#rust,));
        let children = if *has_children {
            let first = match &base {
                Some((rust, ty)) => quote!(let (#rust, mut pending) = #ty::read_base(r, element)?;),
                None => quote!(let mut pending = r.next_child(element)?;),
            };
            quote! {
                #(#locals)*
                #first
                while let Some(child) = pending.take() {
                    #dispatch
                    pending = r.next_child(element)?;
                }
            }
        } else if text.is_some() {
            // No child is decoded, but reading to the end collects the text.
            quote!(while r.next_child(element)?.is_some() {})
        } else {
            quote!()
        };
        let unused = if !*has_children && attributes.is_empty() && text.is_none() && base.is_none()
        {
            quote!(let _ = (r, element);)
        } else {
            quote!()
        };
        let (keep_text, text_init) = match text {
            Some(text) => (
                quote!(r.keep_text(element)?;),
                quote!(#text: r.take_text(element),),
            ),
            None => (quote!(), quote!()),
        };
        let finish = with_required(
            &child_loop.required,
            &quote!(element),
            quote!(Ok(Self { #base_init #(#attribute_inits)* #(#inits)* #text_init })),
        );
        quote! {
            /// Decodes `element`'s attributes and children; unknown children are skipped.
            pub fn read_element<'a>(r: &mut XmlReader<'a>, element: &Element<'a>) -> Result<Self> {
                #unused
                #(#attribute_reads)*
                #keep_text
                #children
                #finish
            }
        }
    }

    /// `read_element` of a struct that derives `Default` and holds only element fields read
    /// with the runtime's per-field helpers (no group, `xs:any`, boxed value, mixed text or
    /// leading scalars read in order): each child is read straight into its field of
    /// `Self::default()`, and one check at the end names the first required child that did
    /// not come (each sets its bit in `seen`). The least code a struct's reader can be.
    pub(super) fn read_element_into_default(
        &self,
        fields: &[Field<'a>],
        attributes: &[AttributeField],
    ) -> Option<TokenStream> {
        if !in_order_scalars(self.context, fields).is_empty() {
            return None;
        }
        let mut arms = Vec::new();
        let mut required: Vec<&str> = Vec::new();
        let mut seen_names: HashSet<String> = HashSet::new();
        for field in fields {
            match field {
                Field::Element { field, shape, .. } => {
                    if shape.boxed {
                        return None;
                    }
                    let names = accepted_names(self.context, field);
                    if names.iter().any(|n| !seen_names.insert(n.clone())) {
                        // Two members share a name: the child loop tells them apart.
                        return None;
                    }
                    let rust = ident(&field.rust_name);
                    let call = if matches!(shape.container, Container::One) {
                        let bit = u32::try_from(required.len()).ok().filter(|&bit| bit < 64)?;
                        let bit = proc_macro2::Literal::u32_unsuffixed(bit);
                        required.push(&field.xml_name.local);
                        let read = value_reader(&shape.value);
                        quote!(r.read_required_into(&child, &mut value.#rust, &mut seen, #bit, #read))
                    } else {
                        read_field_call(shape, &quote!(value.#rust), &quote!(child))?
                    };
                    arms.push(quote!(#(#names)|* => #call,));
                }
                Field::SizeOf { .. } => {}
                Field::Group { .. } | Field::Any { .. } | Field::Base { .. } => return None,
            }
        }
        if arms.is_empty() {
            // Attributes only: `read_element` builds the struct from them.
            return None;
        }
        let (attribute_reads, attribute_inits) = self.read_attributes(attributes);
        let (seen, check) = if required.is_empty() {
            (quote!(), quote!())
        } else {
            (
                quote!(let mut seen = 0;),
                quote!(r.check_required(element, seen, &[#(#required),*])?;),
            )
        };
        Some(quote! {
            /// Decodes `element`'s attributes and children; unknown children are skipped.
            pub fn read_element<'a>(r: &mut XmlReader<'a>, element: &Element<'a>) -> Result<Self> {
                #(#attribute_reads)*
                let mut value = Self { #(#attribute_inits)* ..Self::default() };
                #seen
                let mut pending = r.next_child(element)?;
                while let Some(child) = pending.take() {
                    match child.local_name() {
                        #(#arms)*
                        _ => Ok(()),
                    }?;
                    pending = r.next_child(element)?;
                }
                #check
                Ok(value)
            }
        })
    }

    /// `read_base` and `holds_child` of a struct whose members a type derived from it holds
    /// whole ([`crate::ir::StructType::base_field`]): its attributes and the run of leading
    /// children that belong to its content (its own base's first), which the derived type's
    /// reader reads before its own members.
    pub(super) fn base_reader(
        &self,
        fields: &[Field<'a>],
        attributes: &[AttributeField],
    ) -> TokenStream {
        let (attribute_reads, attribute_inits) = self.read_attributes(attributes);
        let child_loop = self.child_loop(fields, &quote!(element), true);
        let ChildLoop {
            locals,
            arms,
            inits,
            has_children,
            falls_through,
            ..
        } = &child_loop;
        let ChildArms::ByName(arms) = arms else {
            unreachable!("a run always dispatches by name, each arm a statement")
        };
        let base = base_field(fields);
        let base_init = base.as_ref().map(|(rust, _)| quote!(#rust,));
        let pending = if *has_children {
            quote!(mut pending)
        } else {
            quote!(pending)
        };
        let first = match &base {
            Some((rust, ty)) => quote!(let (#rust, #pending) = #ty::read_base(r, element)?;),
            None => quote!(let #pending = r.next_child(element)?;),
        };
        let children = has_children.then(|| {
            let next = falls_through.then(|| quote!(pending = r.next_child(element)?;));
            quote! {
                while let Some(child) = pending.take() {
                    match child.local_name() {
                        #(#arms)*
                    }
                    #next
                }
            }
        });
        let (name, holds) = self.child_name_predicate(fields);
        let finish = with_required(
            &child_loop.required,
            &quote!(element),
            quote!(Ok((Self { #base_init #(#attribute_inits)* #(#inits)* }, pending))),
        );
        quote! {
            /// Decodes the attributes of `element` and the run of its leading children that
            /// belong to this type's content (its bases' first), for a type that holds it as
            /// its base; returns it and the first child after the run.
            fn read_base<'a>(r: &mut XmlReader<'a>, element: &Element<'a>) -> Result<(Self, Option<Element<'a>>)> {
                #(#attribute_reads)*
                #(#locals)*
                #first
                #children
                #finish
            }

            /// Whether a child named `name` (local name) belongs to this type's content (its
            /// bases' included).
            fn holds_child(#name: &str) -> bool {
                #holds
            }
        }
    }

    /// `read_run` of a sequence group: consumes the consecutive children that belong to it.
    pub(super) fn read_run(&self, fields: &[Field<'a>]) -> TokenStream {
        let child_loop = self.child_loop(fields, &quote!(parent), true);
        let ChildLoop {
            locals,
            arms,
            inits,
            falls_through,
            ..
        } = &child_loop;
        let ChildArms::ByName(arms) = arms else {
            unreachable!("a group run always dispatches by name, each arm a statement")
        };
        // When every arm reads a group (and continues with the child after it) or ends the
        // run, nothing follows the match.
        let next = falls_through.then(|| quote!(pending = r.next_child(parent)?;));
        let starts = self.starts_names(fields);
        let finish = with_required(
            &child_loop.required,
            &quote!(parent),
            quote!(Ok((Self { #(#inits)* }, pending))),
        );
        quote! {
            /// Decodes the run of consecutive children of `parent` that belong to this group,
            /// starting with `first`; returns the group and the first child after the run.
            pub fn read_run<'a>(r: &mut XmlReader<'a>, parent: &Element<'a>, first: Element<'a>) -> Result<(Self, Option<Element<'a>>)> {
                #(#locals)*
                let mut pending = Some(first);
                while let Some(child) = pending.take() {
                    match child.local_name() {
                        #(#arms)*
                    }
                    #next
                }
                #finish
            }

            #starts
        }
    }

    /// `starts(name)`: whether a child of that name begins this group. Any child may
    /// begin a group with an `xs:any` member.
    fn starts_names(&self, fields: &[Field<'a>]) -> TokenStream {
        let (name, body) = self.child_name_predicate(fields);
        quote! {
            /// Whether a child named `name` (local name) begins this group.
            pub fn starts(#name: &str) -> bool {
                #body
            }
        }
    }

    /// The parameter and body of a predicate on a child's local name: whether one of
    /// `fields` takes a child of that name (see [`names_predicate`]).
    fn child_name_predicate(&self, fields: &[Field<'a>]) -> (TokenStream, TokenStream) {
        let mut names = Vec::new();
        let mut calls = Vec::new();
        let mut any = false;
        for field in fields {
            match field {
                Field::Element { field, .. } => names.extend(accepted_names(self.context, field)),
                Field::SizeOf { .. } => {}
                Field::Any { .. } => any = true,
                Field::Group { ty, .. } => calls.push(quote!(#ty::starts(name))),
                Field::Base { ty, .. } => calls.push(quote!(#ty::holds_child(name))),
            }
        }
        names_predicate(names, &calls, any)
    }

    /// Locals, match arms and struct initialisers for decoding a struct's children.
    /// In a run, a second occurrence of a single-valued member (or any other child) ends it.
    ///
    /// A child that belongs to the base's members held whole, after the base's `read_base`
    /// stopped, is out of schema order or comes once too often: an error, not a child
    /// skipped (nor, in a run, the end of the run).
    fn child_loop(&self, fields: &[Field<'a>], parent: &TokenStream, run: bool) -> ChildLoop {
        let mut locals = Vec::new();
        let mut arms = Vec::new();
        let mut inits = Vec::new();
        let mut required = Vec::new();
        let mut seen_names: HashSet<String> = HashSet::new();
        // Arms of `xs:any` members: optional ones guarded, a repeated one catching the rest.
        let mut any_arms: Vec<(Option<TokenStream>, TokenStream)> = Vec::new();
        let mut group_arms = 0;
        let child = quote!(child);
        let has_any = fields.iter().any(|f| matches!(f, Field::Any { .. }));
        let calls = !run
            && fields.iter().all(|f| {
                matches!(
                    f,
                    Field::Element { .. } | Field::SizeOf { .. } | Field::Base { .. }
                )
            });
        let base = fields.iter().find_map(|field| match field {
            Field::Base { ty, .. } => Some(ty),
            _ => None,
        });
        for field in fields {
            match field {
                Field::Element { field, shape, .. } => {
                    let var = format_ident!("field_{}", field.rust_name.trim_start_matches("r#"));
                    let init = read_init(shape);
                    locals.push(quote!(let mut #var = #init;));
                    let mut names = accepted_names(self.context, field);
                    let duplicate = names.iter().any(|n| seen_names.contains(n));
                    let (nil_guard, store) = read_field(shape, &var, &child);
                    let call = calls.then(|| read_field_call(shape, &quote!(#var), &child));
                    let single =
                        matches!(shape.container, Container::One | Container::Optional { .. });
                    if duplicate && !single {
                        // An earlier member takes these names; this one gets the others.
                        names.retain(|n| !seen_names.contains(n));
                    }
                    seen_names.extend(names.iter().cloned());
                    let unset = (single && (run || duplicate)).then(|| quote!(#var.is_none()));
                    let guard = match (&unset, &nil_guard) {
                        // The helper leaves a nil child alone itself.
                        (Some(a), _) if matches!(call, Some(Some(_))) => quote!(if #a),
                        (None, _) if matches!(call, Some(Some(_))) => quote!(),
                        (Some(a), Some(b)) => quote!(if #a && #b),
                        (Some(a), None) | (None, Some(a)) => quote!(if #a),
                        (None, None) => quote!(),
                    };
                    if !names.is_empty() {
                        arms.push(match call {
                            Some(Some(call)) => quote!(#(#names)|* #guard => #call,),
                            Some(None) => quote!(#(#names)|* #guard => { #store Ok(()) }),
                            None => quote!(#(#names)|* #guard => { #store }),
                        });
                        // A nil child is this field's (left empty): it must neither go to an
                        // `xs:any` member nor end a group's run.
                        if nil_guard.is_some() && (run || has_any) {
                            let unset = unset.map(|unset| quote!(if #unset));
                            arms.push(quote!(#(#names)|* #unset => {}));
                        }
                    }
                    let rust = ident(&field.rust_name);
                    if matches!(shape.container, Container::One) {
                        required.push((var.clone(), field.xml_name.local.clone()));
                    }
                    inits.push(quote!(#rust: #var,));
                }
                Field::SizeOf { .. } => {}
                Field::Group { group, ty } => {
                    let var = format_ident!("field_{}", group.rust_name.trim_start_matches("r#"));
                    let rust = ident(&group.rust_name);
                    let container = group_container(group.occurs);
                    let value = if group.boxed {
                        quote!(Box::new(group))
                    } else {
                        quote!(group)
                    };
                    let (init, store, guard) = match container {
                        GroupContainer::Many => {
                            (quote!(Vec::new()), quote!(#var.push(#value);), quote!())
                        }
                        _ => (
                            quote!(None),
                            quote!(#var = Some(#value);),
                            quote!(&& #var.is_none()),
                        ),
                    };
                    locals.push(quote!(let mut #var = #init;));
                    group_arms += 1;
                    arms.push(quote! {
                        name if #ty::starts(name) #guard => {
                            let (group, next) = #ty::read_run(r, #parent, child)?;
                            #store
                            pending = next;
                            continue;
                        }
                    });
                    if matches!(container, GroupContainer::One) {
                        let local = group.rust_name.trim_start_matches("r#");
                        required.push((var.clone(), local.to_owned()));
                    }
                    inits.push(quote!(#rust: #var,));
                }
                // Read by the base's `read_base` before the loop.
                Field::Base { .. } => {}
                Field::Any { rust_name, occurs } => {
                    let var = format_ident!("field_{}", rust_name.trim_start_matches("r#"));
                    let rust = ident(rust_name);
                    let read = quote!(r.read_raw(&child)?.to_owned());
                    if occurs.is_repeated() {
                        locals.push(quote!(let mut #var = Vec::new();));
                        any_arms.push((None, quote!(#var.push(#read);)));
                        inits.push(quote!(#rust: #var,));
                    } else {
                        locals.push(quote!(let mut #var = None;));
                        any_arms.push((Some(quote!(#var.is_none())), quote!(#var = Some(#read);)));
                        if !occurs.is_optional() {
                            required.push((var.clone(), "any".to_owned()));
                        }
                        inits.push(quote!(#rust: #var,));
                    }
                }
            }
        }
        if let Some(base) = base {
            let base_name = base.to_string();
            let misplaced = quote!(r.misplaced(&child, #base_name));
            arms.push(if calls {
                quote!(name if #base::holds_child(name) => Err(#misplaced),)
            } else {
                quote!(name if #base::holds_child(name) => return Err(#misplaced),)
            });
        }
        // With the base's members held whole, the children after them are always looked at
        // (one of the base's there is out of order).
        let has_children = !arms.is_empty() || !any_arms.is_empty();
        // Every arm so far but a group's and the base's guard goes on to the next child.
        let guards = usize::from(base.is_some());
        let mut falls_through = arms.len() > group_arms + guards || !any_arms.is_empty();
        if !run && arms.is_empty() {
            if let Some((None, store)) = any_arms.first() {
                // Every child goes to one repeated `xs:any`: no match needed.
                let store = store.clone();
                return ChildLoop {
                    locals,
                    arms: ChildArms::Every(store),
                    inits,
                    required,
                    has_children: true,
                    falls_through: true,
                };
            }
        }
        // Other children go to the `xs:any` members, in order, until one takes them all;
        // without such a member, the rest end a group's run or are skipped.
        let mut catches_all = false;
        for (guard, store) in any_arms {
            if !catches_all {
                catches_all = guard.is_none();
                let guard = guard.map(|g| quote!(if #g));
                arms.push(quote!(_ #guard => { #store }));
            }
        }
        if calls {
            arms.push(quote!(_ => Ok(()),));
            return ChildLoop {
                locals,
                arms: ChildArms::Calls(arms),
                inits,
                required,
                has_children,
                falls_through: true,
            };
        }
        if !catches_all {
            if run {
                arms.push(quote!(_ => { pending = Some(child); break; }));
            } else {
                arms.push(quote!(_ => {}));
                falls_through = true;
            }
        }
        ChildLoop {
            locals,
            arms: ChildArms::ByName(arms),
            inits,
            required,
            has_children,
            falls_through,
        }
    }

    /// `read_run` and `starts` of a choice: the alternative that begins with a child.
    pub(super) fn choice_reader(&self, c: &'a ChoiceType) -> TokenStream {
        let ir = self.context.ir;
        let mut reads = Vec::new();
        // The arms of `xs:any` alternatives take any child: they come after the named ones.
        let mut catch_all = Vec::new();
        let mut starts = Vec::new();
        let mut start_groups = Vec::new();
        for variant in &c.variants {
            let vname = ident(&variant.rust_name);
            match &variant.content {
                VariantContent::Element(e) => {
                    let shape = element_shape(self.context.ir, e);
                    let names = accepted_names(self.context, e);
                    starts.extend(names.iter().cloned());
                    let child = quote!(first);
                    match &shape.container {
                        Container::Many => {
                            let read_first = read_value(&shape.value, shape.boxed, &quote!(&first));
                            let read_next = read_value(&shape.value, shape.boxed, &quote!(&child));
                            reads.push(quote! {
                                #(#names)|* => {
                                    let mut values = vec![#read_first];
                                    let mut pending = r.next_child(parent)?;
                                    while let Some(child) = pending.take() {
                                        if matches!(child.local_name(), #(#names)|*) {
                                            values.push(#read_next);
                                            pending = r.next_child(parent)?;
                                        } else {
                                            pending = Some(child);
                                            break;
                                        }
                                    }
                                    Ok((Self::#vname(values), pending))
                                }
                            });
                        }
                        Container::FlatArray { .. } => {
                            let var = format_ident!("values");
                            let (nil_guard, store) = read_field(&shape, &var, &child);
                            reads.push(quote! {
                                #(#names)|* => {
                                    let mut values = Vec::new();
                                    if #nil_guard {
                                        #store
                                    }
                                    Ok((Self::#vname(values), r.next_child(parent)?))
                                }
                            });
                        }
                        _ => {
                            let read = read_value(&shape.value, shape.boxed, &quote!(&first));
                            reads.push(quote!(#(#names)|* => Ok((Self::#vname(#read), r.next_child(parent)?)),));
                        }
                    }
                }
                VariantContent::Group(g) => {
                    let ty = ident(&ir.ty(g.ty).rust_name);
                    let boxed = |v: TokenStream| if g.boxed { quote!(Box::new(#v)) } else { v };
                    match group_container(g.occurs) {
                        GroupContainer::Many => {
                            let first_value = boxed(quote!(group));
                            let next_value = boxed(quote!(group));
                            reads.push(quote! {
                                name if #ty::starts(name) => {
                                    let (group, mut pending) = #ty::read_run(r, parent, first)?;
                                    let mut groups = vec![#first_value];
                                    while let Some(child) = pending.take() {
                                        if !#ty::starts(child.local_name()) {
                                            pending = Some(child);
                                            break;
                                        }
                                        let (group, next) = #ty::read_run(r, parent, child)?;
                                        groups.push(#next_value);
                                        pending = next;
                                    }
                                    Ok((Self::#vname(groups), pending))
                                }
                            });
                        }
                        GroupContainer::Optional => {
                            let value = boxed(quote!(group));
                            reads.push(quote! {
                                name if #ty::starts(name) => {
                                    let (group, next) = #ty::read_run(r, parent, first)?;
                                    Ok((Self::#vname(Some(#value)), next))
                                }
                            });
                        }
                        GroupContainer::One => {
                            let value = boxed(quote!(group));
                            reads.push(quote! {
                                name if #ty::starts(name) => {
                                    let (group, next) = #ty::read_run(r, parent, first)?;
                                    Ok((Self::#vname(#value), next))
                                }
                            });
                        }
                    }
                    start_groups.push(ty);
                }
                VariantContent::Any(a) => {
                    if a.occurs.is_repeated() {
                        catch_all.push(quote!(_ => Ok((Self::#vname(vec![r.read_raw(&first)?.to_owned()]), r.next_child(parent)?)),));
                    } else {
                        catch_all.push(quote!(_ => Ok((Self::#vname(r.read_raw(&first)?.to_owned()), r.next_child(parent)?)),));
                    }
                }
            }
        }
        let has_any = !catch_all.is_empty();
        if !has_any {
            catch_all.push(quote! {
                other => Err(r.error(DecodeErrorKind::Invalid(format!("<{other}> does not begin any alternative of this choice")))),
            });
        }
        let calls: Vec<TokenStream> = start_groups
            .iter()
            .map(|ty| quote!(#ty::starts(name)))
            .collect();
        let (name, body) = names_predicate(starts, &calls, has_any);
        quote! {
            /// Decodes the alternative that begins with `first`, a child of `parent`;
            /// returns it and the first child after it.
            pub fn read_run<'a>(r: &mut XmlReader<'a>, parent: &Element<'a>, first: Element<'a>) -> Result<(Self, Option<Element<'a>>)> {
                match first.local_name() { #(#reads)* #(#catch_all)* }
            }

            /// Whether a child named `name` (local name) begins one of the alternatives.
            pub fn starts(#name: &str) -> bool {
                #body
            }
        }
    }

    /// `read_element` of a simple-content type: its attributes and its text.
    pub(super) fn simple_content_reader(&self, sc: &'a SimpleContentType) -> TokenStream {
        let (attribute_reads, attribute_inits) = self.read_attributes(&sc.attributes);
        let value = simple_value(self.context.ir, sc.value);
        let parse = parse_text(&value, quote!(text), &self.def.xml_name.local);
        quote! {
            /// Decodes `element`'s attributes and text.
            pub fn read_element<'a>(r: &mut XmlReader<'a>, element: &Element<'a>) -> Result<Self> {
                #(#attribute_reads)*
                let text = r.read_text(element)?;
                let value = #parse;
                Ok(Self { value, #(#attribute_inits)* })
            }
        }
    }
}

/// The parameter name and the body of a predicate on a child's local name (`fn starts`,
/// `fn holds_child`): whether `name` is one of `names` or satisfies one of `calls` (on
/// `name`); always, with an `xs:any` (`any`), which takes any child.
fn names_predicate(
    mut names: Vec<String>,
    calls: &[TokenStream],
    any: bool,
) -> (TokenStream, TokenStream) {
    if any {
        return (quote!(_name), quote!(true));
    }
    names.sort();
    names.dedup();
    let mut terms: Vec<TokenStream> = Vec::new();
    if !names.is_empty() {
        terms.push(quote!(matches!(name, #(#names)|*)));
    }
    terms.extend(calls.iter().cloned());
    if terms.is_empty() {
        (quote!(_name), quote!(false))
    } else {
        (quote!(name), quote!(#(#terms)||*))
    }
}

/// Declarations of the locals of the leading fields that are single scalars (or strings) in
/// an element of their own, each read with `next_scalar_child` while the children come in
/// schema order: the common case takes no detour through `next_child`. The first child out of
/// order (or nil, or with attributes) stops the run; the child loop then takes it and the rest.
fn in_order_scalars(context: &Context<'_>, fields: &[Field<'_>]) -> Vec<TokenStream> {
    let mut claimed: BTreeMap<String, usize> = BTreeMap::new();
    for field in fields {
        if let Field::Element { field, .. } = field {
            for name in accepted_names(context, field) {
                *claimed.entry(name).or_default() += 1;
            }
        }
    }
    let mut declarations = Vec::new();
    let mut previous: Option<proc_macro2::Ident> = None;
    for field in fields {
        let Field::Element { field, shape, .. } = field else {
            break;
        };
        let ty = match &shape.value {
            Value::Scalar(scalar) => quote!(#scalar),
            Value::Text => quote!(String),
            _ => break,
        };
        let local = &field.xml_name.local;
        let single = matches!(shape.container, Container::One | Container::Optional { .. });
        let own_name = field.substitutes.is_empty() && claimed.get(local) == Some(&1);
        if !single || shape.boxed || !own_name {
            break;
        }
        let var = format_ident!("field_{}", field.rust_name.trim_start_matches("r#"));
        let read = quote!(r.next_scalar_child::<#ty>(element, #local));
        declarations.push(match &previous {
            None => quote!(let mut #var = #read;),
            Some(previous) => {
                quote!(let mut #var = if #previous.is_some() { #read } else { None };)
            }
        });
        previous = Some(var);
    }
    declarations
}
