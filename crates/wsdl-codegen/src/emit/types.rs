//! Type definitions and their codec: one Rust item (struct, enum or newtype) per IR type,
//! with `write_content`/`write_element` and `read_element` (or `read_run` for groups).

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::codec::{parse_text, read_field, read_finish, read_init, read_value, write_field};
use super::polymorphism;
use super::redact::{self, DebugField, Holding};
use super::shape::{Container, Shape, Value, element_shape, ident, size_companion_of, value};
use super::{Context, doc_attr, yaserde};
use crate::ir::{
    AttributeField, ChoiceType, ElementField, GroupField, Member, SimpleContentType, StructType,
    TypeDef, TypeId, TypeKind, TypeRef, TypeRole, VariantContent,
};
use crate::raw::Occurs;

const DERIVE: &str = "Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize";

pub(super) fn derives() -> TokenStream {
    let derive: TokenStream = DERIVE.parse().unwrap_or_default();
    quote!(#[derive(#derive)])
}

/// [`derives`] without `Debug`, for types with a hand-written one.
fn derives_except_debug() -> TokenStream {
    let derive: TokenStream = DERIVE.replace("Debug, ", "").parse().unwrap_or_default();
    quote!(#[derive(#derive)])
}

/// The types whose index in the IR is in `range`, in IR order, each followed by its sum type
/// if it has derived types; and whether any of them formats text with `scalar_text`.
pub(crate) fn emit_type_range(context: &Context<'_>, range: Range<usize>) -> (TokenStream, bool) {
    let mut out = TokenStream::new();
    let mut needs_scalar_text = false;
    for (index, def) in context
        .ir
        .types
        .iter()
        .enumerate()
        .take(range.end)
        .skip(range.start)
    {
        let id = TypeId(index as u32);
        if !context.ir.is_emitted(id) {
            continue;
        }
        let emitter = TypeEmitter { context, def, id };
        let (tokens, uses_scalar_text) = emitter.emit();
        needs_scalar_text |= uses_scalar_text;
        out.extend(tokens);
        if let TypeKind::Struct(StructType {
            sum_rust_name: Some(sum),
            ..
        }) = &def.kind
        {
            out.extend(polymorphism::sum_type(context, id, sum));
        }
    }
    (out, needs_scalar_text)
}

/// What follows the types: the enums of substitution groups, and the `scalar_text` helper
/// when a type needs it.
pub(crate) fn emit_after_types(context: &Context<'_>, needs_scalar_text: bool) -> TokenStream {
    let mut out = TokenStream::new();
    for (head, substitution) in context.ir.substitution_enums() {
        out.extend(polymorphism::substitution_enum(context, head, substitution));
    }
    if needs_scalar_text {
        out.extend(quote! {
            /// The XSD lexical form of a scalar, for attributes and simple-type text.
            fn scalar_text<T: XmlScalar>(value: &T) -> String {
                let mut out = Vec::new();
                value.write_lexical(&mut out);
                String::from_utf8_lossy(&out).into_owned()
            }
        });
    }
    out
}

pub(super) struct TypeEmitter<'c, 'a> {
    pub(super) context: &'c Context<'a>,
    pub(super) def: &'a TypeDef,
    pub(super) id: TypeId,
}

/// The decoding loop over a struct's children, as [`TypeEmitter::child_loop`] builds it.
struct ChildLoop {
    /// Declarations of the locals fields are decoded into.
    locals: Vec<TokenStream>,
    arms: ChildArms,
    /// The struct's field initialisers from the locals.
    inits: Vec<TokenStream>,
    /// Whether any child is decoded at all.
    has_children: bool,
}

/// How one child is handled.
enum ChildArms {
    /// Match arms on the child's local name.
    ByName(Vec<TokenStream>),
    /// One statement for every child (a struct holding only a repeated `xs:any`).
    Every(TokenStream),
}

/// A struct member as emitted: its field, and how it is written and read.
pub(super) enum Field<'a> {
    Element {
        field: &'a ElementField,
        shape: Shape,
        name: String,
    },
    /// An ATL size companion: not a Rust field; written as the length of `array`.
    SizeOf {
        name: String,
        array: proc_macro2::Ident,
    },
    Group {
        group: &'a GroupField,
        ty: proc_macro2::Ident,
    },
    Any {
        rust_name: &'a str,
        occurs: Occurs,
    },
}

impl<'a> TypeEmitter<'_, 'a> {
    fn emit(&self) -> (TokenStream, bool) {
        let name = ident(&self.def.rust_name);
        let doc = doc_attr(self.def.doc.as_deref().or(Some(&self.xml_doc())));
        let is_group = self.def.role == TypeRole::Group;
        match &self.def.kind {
            TypeKind::Struct(s) => self.structure(&name, doc, s, is_group),
            TypeKind::Choice(c) => (self.choice(&name, doc, c), false),
            TypeKind::SimpleContent(sc) => self.simple_content(&name, doc, sc),
            TypeKind::Enumeration(e) => (self.enumeration(&name, doc, e), false),
            TypeKind::Restriction(r) => self.restriction(&name, doc, r),
            TypeKind::List(l) => self.list(&name, doc, l),
            TypeKind::Union(u) => (self.union(&name, doc, u), false),
            TypeKind::SoapArray(a) => (self.soap_array(&name, doc, a), false),
        }
    }

    /// A doc line naming the schema type, for types without documentation.
    fn xml_doc(&self) -> String {
        let origin = if self.def.anonymous {
            "The anonymous type of"
        } else {
            "The schema type"
        };
        format!("{origin} `{}`.", self.def.xml_name)
    }

    fn written(&self, field: &ElementField) -> String {
        self.context.prefixes.written(&field.xml_name)
    }

    pub(super) fn fields(&self, s: &'a StructType) -> Vec<Field<'a>> {
        let ir = self.context.ir;
        s.members
            .iter()
            .map(|member| match member {
                Member::Element(e) => match size_companion_of(ir, s, e) {
                    Some(array) => Field::SizeOf {
                        name: self.written(e),
                        array: ident(&array.rust_name),
                    },
                    None => Field::Element {
                        field: e,
                        shape: element_shape(ir, e),
                        name: self.written(e),
                    },
                },
                Member::Group(g) => Field::Group {
                    group: g,
                    ty: ident(&ir.ty(g.ty).rust_name),
                },
                Member::Any(a) => Field::Any {
                    rust_name: &a.rust_name,
                    occurs: a.occurs,
                },
            })
            .collect()
    }

    fn structure(
        &self,
        name: &proc_macro2::Ident,
        doc: TokenStream,
        s: &'a StructType,
        is_group: bool,
    ) -> (TokenStream, bool) {
        let fields = self.fields(s);
        let mut declarations = Vec::new();
        for field in &fields {
            declarations.push(match field {
                Field::Element { field, shape, .. } => {
                    let rust = ident(&field.rust_name);
                    let ty = shape.rust_type();
                    let doc = doc_attr(Some(&field_doc(field)));
                    let yaserde = yaserde::element_attributes(self.context, self.id, field);
                    quote!(#doc #yaserde pub #rust: #ty,)
                }
                Field::SizeOf { .. } => quote!(),
                Field::Group { group, ty } => {
                    let rust = ident(&group.rust_name);
                    let ty = group_type(ty, group.occurs, group.boxed);
                    quote!(#[doc = " A nested group of elements."] pub #rust: #ty,)
                }
                Field::Any { rust_name, occurs } => {
                    let rust = ident(rust_name);
                    let ty = any_type(*occurs);
                    quote!(#[doc = " Elements of any name, as raw XML."] pub #rust: #ty,)
                }
            });
        }
        let mut uses_scalar_text = false;
        for attribute in &s.attributes {
            declarations.push(self.attribute_declaration(attribute));
        }
        let text = s.text_rust_name.as_deref().map(ident);
        if let Some(text) = &text {
            declarations.push(quote! {
                /// Mixed content: the text directly inside the element, in runs split by the
                /// child elements, in document order (runs of only whitespace are dropped).
                /// Written back before the children, where they read back as one run: where
                /// each run stood among the children is not kept.
                pub #text: Vec<String>,
            });
        }
        let mut debug_fields = self.debug_fields(&fields, &s.attributes);
        if let Some(text) = &text {
            debug_fields.push(DebugField {
                rust_name: text.clone(),
                secret: None,
            });
        }
        let redacts = debug_fields.iter().any(|f| f.secret.is_some());
        let (derive, debug) = if redacts {
            let runtime = &self.context.runtime;
            (
                derives_except_debug(),
                redact::debug_impl(runtime, name, &debug_fields),
            )
        } else {
            (derives(), quote!())
        };
        let yaserde = yaserde::type_attributes(self.context, self.id);
        let definition = quote! {
            #doc
            #derive
            #yaserde
            pub struct #name { #(#declarations)* }
            #debug
        };
        let write_attributes: Vec<TokenStream> = s
            .attributes
            .iter()
            .map(|a| {
                let (tokens, scalar) = self.write_attribute(a);
                uses_scalar_text |= scalar;
                tokens
            })
            .collect();
        let write_members = fields.iter().map(|field| match field {
            Field::Element { field, shape, name } => {
                let rust = ident(&field.rust_name);
                write_field(self.context, shape, quote!(self.#rust), false, name)
            }
            Field::SizeOf { name, array } => {
                quote!(w.scalar_element(#name, &i32::try_from(self.#array.len()).unwrap_or(i32::MAX));)
            }
            Field::Group { group, .. } => {
                let rust = ident(&group.rust_name);
                match group_container(group.occurs) {
                    GroupContainer::One => quote!(self.#rust.write_content(w);),
                    GroupContainer::Optional => quote!(if let Some(group) = &self.#rust { group.write_content(w); }),
                    GroupContainer::Many => quote!(for group in &self.#rust { group.write_content(w); }),
                }
            }
            Field::Any { rust_name, occurs } => {
                let rust = ident(rust_name);
                if occurs.is_repeated() {
                    quote!(for raw in &self.#rust { w.raw(raw); })
                } else if occurs.is_optional() {
                    quote!(if let Some(raw) = &self.#rust { w.raw(raw); })
                } else {
                    quote!(w.raw(&self.#rust);)
                }
            }
        });
        let write_text = text
            .iter()
            .map(|text| quote!(for text in &self.#text { w.text(text); }));
        let writes: Vec<TokenStream> = write_attributes
            .into_iter()
            .chain(write_text)
            .chain(write_members)
            .collect();
        let writer = if writes.is_empty() {
            quote!(_w)
        } else {
            quote!(w)
        };
        let write = quote! {
            /// Writes the attributes and the children; the element's start tag is open.
            pub fn write_content(&self, #writer: &mut XmlWriter) {
                #(#writes)*
            }
        };
        let element_writer = if is_group {
            quote!()
        } else {
            quote! {
                /// Writes `self` as the element `name`.
                pub fn write_element(&self, w: &mut XmlWriter, name: &str) {
                    w.start_element(name);
                    self.write_content(w);
                    w.end_element(name);
                }
            }
        };
        let (read, scalar) = if is_group {
            (self.read_run(&fields), false)
        } else {
            self.read_element(&fields, &s.attributes, text.as_ref())
        };
        uses_scalar_text |= scalar;
        let tokens = quote! {
            #definition
            impl #name {
                #write
                #element_writer
                #read
            }
        };
        (tokens, uses_scalar_text)
    }

    /// The struct's fields as `Debug` prints them, in declaration order.
    fn debug_fields(&self, fields: &[Field<'a>], attributes: &[AttributeField]) -> Vec<DebugField> {
        let members = fields.iter().filter_map(|field| match field {
            Field::Element { field, shape, .. } => Some(DebugField {
                rust_name: ident(&field.rust_name),
                secret: redact::is_secret_name(&field.xml_name.local).then_some(
                    match shape.container {
                        Container::One => Holding::One,
                        Container::Optional { .. } => Holding::Optional,
                        Container::Many | Container::FlatArray { .. } => Holding::Many,
                    },
                ),
            }),
            Field::SizeOf { .. } => None,
            Field::Group { group, .. } => Some(DebugField {
                rust_name: ident(&group.rust_name),
                secret: None,
            }),
            Field::Any { rust_name, .. } => Some(DebugField {
                rust_name: ident(rust_name),
                secret: None,
            }),
        });
        let attributes = attributes.iter().map(|attribute| DebugField {
            rust_name: ident(&attribute.rust_name),
            secret: redact::is_secret_name(&attribute.xml_name.local).then_some(
                if attribute.required {
                    Holding::One
                } else {
                    Holding::Optional
                },
            ),
        });
        members.chain(attributes).collect()
    }

    fn attribute_declaration(&self, attribute: &AttributeField) -> TokenStream {
        let rust = ident(&attribute.rust_name);
        let ty = attribute_value(self.context, attribute).rust_type();
        let doc = doc_attr(attribute.doc.as_deref().or(Some(&format!(
            "The attribute `{}`.",
            attribute.xml_name.local
        ))));
        let yaserde = yaserde::attribute_attributes(self.context, self.id, attribute);
        if attribute.required {
            quote!(#doc #yaserde pub #rust: #ty,)
        } else {
            quote!(#doc #yaserde pub #rust: Option<#ty>,)
        }
    }

    /// Writes one attribute; the flag says whether `scalar_text` is used.
    fn write_attribute(&self, attribute: &AttributeField) -> (TokenStream, bool) {
        let rust = ident(&attribute.rust_name);
        let name = self.context.prefixes.written(&attribute.xml_name);
        let value = attribute_value(self.context, attribute);
        // `place` names the value; `reference` borrows it.
        let write = |place: TokenStream, reference: TokenStream| match &value {
            Value::Scalar(_) => quote!(w.scalar_attribute(#name, #reference);),
            Value::Text | Value::RawXml => quote!(w.attribute(#name, #reference);),
            Value::Defined { .. } | Value::Substitution(_) => {
                quote!(w.attribute(#name, &#place.as_xml_text());)
            }
        };
        let tokens = if attribute.required {
            write(quote!(self.#rust), quote!(&self.#rust))
        } else {
            let inner = write(quote!(value), quote!(value));
            quote!(if let Some(value) = &self.#rust { #inner })
        };
        (tokens, false)
    }

    fn read_attributes(
        &self,
        attributes: &[AttributeField],
    ) -> (Vec<TokenStream>, Vec<TokenStream>) {
        let mut reads = Vec::new();
        let mut inits = Vec::new();
        for attribute in attributes {
            let rust = ident(&attribute.rust_name);
            let var = format_ident!("attribute_{}", attribute.rust_name.trim_start_matches("r#"));
            let namespace = match &attribute.xml_name.namespace {
                Some(ns) => quote!(Some(#ns)),
                None => quote!(None),
            };
            let local = &attribute.xml_name.local;
            let value = attribute_value(self.context, attribute);
            let parse = parse_text(&value, quote!(text), &attribute.xml_name.local);
            reads.push(match value {
                Value::Text | Value::RawXml => quote! {
                    let #var = r.attribute(element, #namespace, #local)?.map(std::borrow::Cow::into_owned);
                },
                _ => quote! {
                    let #var = match r.attribute(element, #namespace, #local)? {
                        Some(text) => Some(#parse),
                        None => None,
                    };
                },
            });
            inits.push(if attribute.required {
                quote!(#rust: #var.ok_or_else(|| r.error(DecodeErrorKind::Invalid(format!("missing required attribute {}", #local))))?,)
            } else {
                quote!(#rust: #var,)
            });
        }
        (reads, inits)
    }

    /// `read_element` of a struct: attributes, then children in any order; with `text`, the
    /// mixed content's text into that field.
    fn read_element(
        &self,
        fields: &[Field<'a>],
        attributes: &[AttributeField],
        text: Option<&proc_macro2::Ident>,
    ) -> (TokenStream, bool) {
        let (attribute_reads, attribute_inits) = self.read_attributes(attributes);
        let ChildLoop {
            mut locals,
            arms,
            inits,
            has_children,
        } = self.child_loop(fields, &quote!(element), false);
        if text.is_none() {
            let in_order = in_order_scalars(self.context, fields);
            // The first locals are those fields' (each element field declares one, in order).
            locals.splice(..in_order.len(), in_order);
        }
        let dispatch = match arms {
            ChildArms::ByName(arms) => quote!(match child.local_name() { #(#arms)* }),
            ChildArms::Every(store) => store,
        };
        let children = if has_children {
            quote! {
                #(#locals)*
                let mut pending = r.next_child(element)?;
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
        let unused = if !has_children && attributes.is_empty() && text.is_none() {
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
        let tokens = quote! {
            /// Decodes `element`'s attributes and children; unknown children are skipped.
            pub fn read_element<'a>(r: &mut XmlReader<'a>, element: &Element<'a>) -> Result<Self> {
                #unused
                #(#attribute_reads)*
                #keep_text
                #children
                Ok(Self { #(#attribute_inits)* #(#inits)* #text_init })
            }
        };
        (tokens, false)
    }

    /// `read_run` of a sequence group: consumes the consecutive children that belong to it.
    fn read_run(&self, fields: &[Field<'a>]) -> TokenStream {
        let ChildLoop {
            locals,
            arms,
            inits,
            ..
        } = self.child_loop(fields, &quote!(parent), true);
        let ChildArms::ByName(arms) = arms else {
            unreachable!("a group run always dispatches by name")
        };
        let starts = self.starts_names(fields);
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
                    pending = r.next_child(parent)?;
                }
                Ok((Self { #(#inits)* }, pending))
            }

            #starts
        }
    }

    /// `starts(name)`: whether a child of that name begins this group.
    fn starts_names(&self, fields: &[Field<'a>]) -> TokenStream {
        let mut names = Vec::new();
        let mut groups = Vec::new();
        for field in fields {
            match field {
                Field::Element { field, .. } => names.extend(accepted_names(self.context, field)),
                Field::SizeOf { .. } | Field::Any { .. } => {}
                Field::Group { ty, .. } => groups.push(quote!(|| #ty::starts(name))),
            }
        }
        names.sort();
        names.dedup();
        let names_match = if names.is_empty() {
            quote!(false)
        } else {
            quote!(matches!(name, #(#names)|*))
        };
        quote! {
            /// Whether a child named `name` (local name) begins this group.
            pub fn starts(name: &str) -> bool {
                #names_match #(#groups)*
            }
        }
    }

    /// Locals, match arms and struct initialisers for decoding a struct's children.
    /// In a run, a second occurrence of a single-valued member (or any other child) ends it.
    fn child_loop(&self, fields: &[Field<'a>], parent: &TokenStream, run: bool) -> ChildLoop {
        let mut locals = Vec::new();
        let mut arms = Vec::new();
        let mut inits = Vec::new();
        let mut seen_names: HashSet<String> = HashSet::new();
        // Arms of `xs:any` members: optional ones guarded, a repeated one catching the rest.
        let mut any_arms: Vec<(Option<TokenStream>, TokenStream)> = Vec::new();
        let child = quote!(child);
        let has_any = fields.iter().any(|f| matches!(f, Field::Any { .. }));
        for field in fields {
            match field {
                Field::Element { field, shape, .. } => {
                    let var = format_ident!("field_{}", field.rust_name.trim_start_matches("r#"));
                    let init = read_init(shape);
                    locals.push(quote!(let mut #var = #init;));
                    let mut names = accepted_names(self.context, field);
                    let duplicate = names.iter().any(|n| seen_names.contains(n));
                    let (nil_guard, store) = read_field(shape, &var, &child);
                    let single =
                        matches!(shape.container, Container::One | Container::Optional { .. });
                    if duplicate && !single {
                        // An earlier member takes these names; this one gets the others.
                        names.retain(|n| !seen_names.contains(n));
                    }
                    seen_names.extend(names.iter().cloned());
                    let unset = (single && (run || duplicate)).then(|| quote!(#var.is_none()));
                    let guard = match (&unset, &nil_guard) {
                        (Some(a), Some(b)) => quote!(if #a && #b),
                        (Some(a), None) | (None, Some(a)) => quote!(if #a),
                        (None, None) => quote!(),
                    };
                    if !names.is_empty() {
                        arms.push(quote!(#(#names)|* #guard => { #store }));
                        // A nil child is this field's (left empty): it must neither go to an
                        // `xs:any` member nor end a group's run.
                        if nil_guard.is_some() && (run || has_any) {
                            let unset = unset.map(|unset| quote!(if #unset));
                            arms.push(quote!(#(#names)|* #unset => {}));
                        }
                    }
                    let rust = ident(&field.rust_name);
                    let finish = read_finish(shape, &var, parent, &field.xml_name.local);
                    inits.push(quote!(#rust: #finish,));
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
                    arms.push(quote! {
                        name if #ty::starts(name) #guard => {
                            let (group, next) = #ty::read_run(r, #parent, child)?;
                            #store
                            pending = next;
                            continue;
                        }
                    });
                    let local = group.rust_name.trim_start_matches("r#");
                    inits.push(match container {
                        GroupContainer::One => {
                            quote!(#rust: #var.ok_or_else(|| r.missing(#parent, #local))?,)
                        }
                        _ => quote!(#rust: #var,),
                    });
                }
                Field::Any { rust_name, occurs } => {
                    let var = format_ident!("field_{}", rust_name.trim_start_matches("r#"));
                    let rust = ident(rust_name);
                    let read = quote!(r.read_raw(&child)?.to_owned());
                    // A group run stops at anything not its own, so it collects no `xs:any`.
                    let binding = if run {
                        quote!(let #var)
                    } else {
                        quote!(let mut #var)
                    };
                    if occurs.is_repeated() {
                        locals.push(quote!(#binding = Vec::new();));
                        any_arms.push((None, quote!(#var.push(#read);)));
                        inits.push(quote!(#rust: #var,));
                    } else {
                        locals.push(quote!(#binding = None;));
                        any_arms.push((Some(quote!(#var.is_none())), quote!(#var = Some(#read);)));
                        inits.push(if occurs.is_optional() {
                            quote!(#rust: #var,)
                        } else {
                            quote!(#rust: #var.ok_or_else(|| r.missing(#parent, "any"))?,)
                        });
                    }
                }
            }
        }
        let has_children = !arms.is_empty() || !any_arms.is_empty();
        if run {
            arms.push(quote!(_ => { pending = Some(child); break; }));
        } else {
            // Unknown children go to the `xs:any` members, in order, until one takes them all;
            // without such a member, the rest are skipped.
            if arms.is_empty() {
                if let Some((None, store)) = any_arms.first() {
                    // Every child goes to one repeated `xs:any`: no match needed.
                    let store = store.clone();
                    return ChildLoop {
                        locals,
                        arms: ChildArms::Every(store),
                        inits,
                        has_children: true,
                    };
                }
            }
            let mut catches_all = false;
            for (guard, store) in any_arms {
                if !catches_all {
                    catches_all = guard.is_none();
                    let guard = guard.map(|g| quote!(if #g));
                    arms.push(quote!(_ #guard => { #store }));
                }
            }
            if !catches_all {
                arms.push(quote!(_ => {}));
            }
        }
        ChildLoop {
            locals,
            arms: ChildArms::ByName(arms),
            inits,
            has_children,
        }
    }

    fn choice(
        &self,
        name: &proc_macro2::Ident,
        doc: TokenStream,
        c: &'a ChoiceType,
    ) -> TokenStream {
        let ir = self.context.ir;
        let mut variants = Vec::new();
        let mut writes = Vec::new();
        let mut reads = Vec::new();
        let mut starts = Vec::new();
        let mut start_groups = Vec::new();
        let mut has_any = false;
        for variant in &c.variants {
            let vname = ident(&variant.rust_name);
            match &variant.content {
                VariantContent::Element(e) => {
                    let mut shape = element_shape(ir, e);
                    if let Container::Optional { .. } = shape.container {
                        shape.container = Container::One;
                    }
                    let ty = shape.rust_type();
                    let doc = doc_attr(Some(&field_doc(e)));
                    variants.push(quote!(#doc #vname(#ty),));
                    let written = self.written(e);
                    let single = Shape {
                        container: Container::One,
                        ..shape.clone()
                    };
                    let write = write_field(
                        self.context,
                        &match shape.container {
                            Container::One => single.clone(),
                            _ => shape.clone(),
                        },
                        quote!(value),
                        true,
                        &written,
                    );
                    writes.push(quote!(Self::#vname(value) => { #write }));
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
                    let held = group_type(&ty, g.occurs, g.boxed);
                    let doc = doc_attr(Some(&format!(
                        "The alternative [`{}`] (a group of elements).",
                        ir.ty(g.ty).rust_name
                    )));
                    variants.push(quote!(#doc #vname(#held),));
                    let boxed = |v: TokenStream| if g.boxed { quote!(Box::new(#v)) } else { v };
                    match group_container(g.occurs) {
                        GroupContainer::Many => {
                            writes.push(quote!(Self::#vname(groups) => { for group in groups { group.write_content(w); } }));
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
                            writes.push(quote!(Self::#vname(group) => { if let Some(group) = group { group.write_content(w); } }));
                            let value = boxed(quote!(group));
                            reads.push(quote! {
                                name if #ty::starts(name) => {
                                    let (group, next) = #ty::read_run(r, parent, first)?;
                                    Ok((Self::#vname(Some(#value)), next))
                                }
                            });
                        }
                        GroupContainer::One => {
                            writes.push(quote!(Self::#vname(group) => group.write_content(w),));
                            let value = boxed(quote!(group));
                            reads.push(quote! {
                                name if #ty::starts(name) => {
                                    let (group, next) = #ty::read_run(r, parent, first)?;
                                    Ok((Self::#vname(#value), next))
                                }
                            });
                        }
                    }
                    start_groups.push(quote!(|| #ty::starts(name)));
                }
                VariantContent::Any(a) => {
                    has_any = true;
                    let ty = any_type(Occurs {
                        min: 1,
                        max: a.occurs.max,
                    });
                    variants
                        .push(quote!(#[doc = " An element of any name, as raw XML."] #vname(#ty),));
                    if a.occurs.is_repeated() {
                        writes.push(
                            quote!(Self::#vname(raws) => { for raw in raws { w.raw(raw); } }),
                        );
                        reads.push(quote!(_ => Ok((Self::#vname(vec![r.read_raw(&first)?.to_owned()]), r.next_child(parent)?)),));
                    } else {
                        writes.push(quote!(Self::#vname(raw) => w.raw(raw),));
                        reads.push(quote!(_ => Ok((Self::#vname(r.read_raw(&first)?.to_owned()), r.next_child(parent)?)),));
                    }
                }
            }
        }
        // The catch-all (an `xs:any` alternative) must come last.
        reads.sort_by_key(|arm| arm.to_string().starts_with('_'));
        if !has_any {
            reads.push(quote! {
                other => Err(r.error(DecodeErrorKind::Invalid(format!("<{other}> does not begin any alternative of this choice")))),
            });
        }
        starts.sort();
        starts.dedup();
        let starts_match = if has_any {
            quote!(true)
        } else if starts.is_empty() {
            quote!(false)
        } else {
            quote!(matches!(name, #(#starts)|*))
        };
        let derive = derives();
        quote! {
            #doc
            #derive
            pub enum #name { #(#variants)* }

            impl #name {
                /// Writes the chosen alternative's elements.
                pub fn write_content(&self, w: &mut XmlWriter) {
                    match self { #(#writes)* }
                }

                /// Decodes the alternative that begins with `first`, a child of `parent`;
                /// returns it and the first child after it.
                pub fn read_run<'a>(r: &mut XmlReader<'a>, parent: &Element<'a>, first: Element<'a>) -> Result<(Self, Option<Element<'a>>)> {
                    match first.local_name() { #(#reads)* }
                }

                /// Whether a child named `name` (local name) begins one of the alternatives.
                pub fn starts(name: &str) -> bool {
                    #starts_match #(#start_groups)*
                }
            }
        }
    }

    fn simple_content(
        &self,
        name: &proc_macro2::Ident,
        doc: TokenStream,
        sc: &'a SimpleContentType,
    ) -> (TokenStream, bool) {
        let value_kind = simple_value(self.context, sc.value);
        let value_ty = value_kind.rust_type();
        let attributes: Vec<TokenStream> = sc
            .attributes
            .iter()
            .map(|a| self.attribute_declaration(a))
            .collect();
        let writes: Vec<TokenStream> = sc
            .attributes
            .iter()
            .map(|a| self.write_attribute(a).0)
            .collect();
        let (attribute_reads, attribute_inits) = self.read_attributes(&sc.attributes);
        let write_text = match &value_kind {
            Value::Scalar(_) => quote!(w.scalar_text(&self.value);),
            Value::Text | Value::RawXml => quote!(w.text(&self.value);),
            Value::Defined { .. } | Value::Substitution(_) => {
                quote!(w.text(&self.value.as_xml_text());)
            }
        };
        let parse = parse_text(&value_kind, quote!(text), &self.def.xml_name.local);
        let derive = derives();
        let yaserde = yaserde::type_attributes(self.context, self.id);
        let yaserde_text = yaserde::text_attributes(self.context, self.id);
        let tokens = quote! {
            #doc
            #derive
            #yaserde
            pub struct #name {
                #[doc = " The text content."]
                #yaserde_text
                pub value: #value_ty,
                #(#attributes)*
            }

            impl #name {
                /// Writes the attributes and the text; the element's start tag is open.
                pub fn write_content(&self, w: &mut XmlWriter) {
                    #(#writes)*
                    #write_text
                }

                /// Writes `self` as the element `name`.
                pub fn write_element(&self, w: &mut XmlWriter, name: &str) {
                    w.start_element(name);
                    self.write_content(w);
                    w.end_element(name);
                }

                /// Decodes `element`'s attributes and text.
                pub fn read_element<'a>(r: &mut XmlReader<'a>, element: &Element<'a>) -> Result<Self> {
                    #(#attribute_reads)*
                    let text = r.read_text(element)?;
                    let value = #parse;
                    Ok(Self { value, #(#attribute_inits)* })
                }
            }
        };
        (tokens, false)
    }
}

/// A field's documentation: the schema's, or the element it holds.
fn field_doc(field: &ElementField) -> String {
    match &field.doc {
        Some(doc) => doc.clone(),
        None => format!("The `{}` element.", field.xml_name.local),
    }
}

/// Local names that fill an element field: its own, or its substitution group's members.
fn accepted_names(context: &Context<'_>, field: &ElementField) -> Vec<String> {
    if field.substitutes.is_empty() {
        return vec![field.xml_name.local.clone()];
    }
    let mut names: Vec<String> = field
        .substitutes
        .iter()
        .map(|&e| context.ir.element(e).xml_name.local.clone())
        .collect();
    names.dedup();
    names
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
            Value::Scalar(ty) => ty.clone(),
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

/// The value of a simple type reference (complex types fall back to text).
pub(super) fn simple_value(context: &Context<'_>, ty: TypeRef) -> Value {
    match value(context.ir, ty) {
        Value::RawXml => Value::Text,
        Value::Defined { simple: false, .. } | Value::Substitution(_) => Value::Text,
        other => other,
    }
}

fn attribute_value(context: &Context<'_>, attribute: &AttributeField) -> Value {
    simple_value(context, attribute.ty)
}

enum GroupContainer {
    One,
    Optional,
    Many,
}

fn group_container(occurs: Occurs) -> GroupContainer {
    if occurs.is_repeated() {
        GroupContainer::Many
    } else if occurs.is_optional() {
        GroupContainer::Optional
    } else {
        GroupContainer::One
    }
}

fn group_type(ty: &proc_macro2::Ident, occurs: Occurs, boxed: bool) -> TokenStream {
    let inner = if boxed && !occurs.is_repeated() {
        quote!(Box<#ty>)
    } else {
        quote!(#ty)
    };
    match group_container(occurs) {
        GroupContainer::One => inner,
        GroupContainer::Optional => quote!(Option<#inner>),
        GroupContainer::Many => quote!(Vec<#inner>),
    }
}

fn any_type(occurs: Occurs) -> TokenStream {
    if occurs.is_repeated() {
        quote!(Vec<String>)
    } else if occurs.is_optional() {
        quote!(Option<String>)
    } else {
        quote!(String)
    }
}
