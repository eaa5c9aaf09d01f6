//! The writers of types with element content: `write_content` (attributes, then text and
//! children; the start tag is open) and `write_element` (the whole element) of structs and
//! simple-content types, `write_content` of choices (the chosen alternative's elements), and
//! `write_base_attributes`/`write_base_children` of a struct whose members a derived type
//! holds whole (each level's attributes go on the start tag before any child).

use proc_macro2::TokenStream;
use quote::quote;

use super::model::{
    Field, GroupContainer, TypeEmitter, attribute_value, base_field, group_container,
};
use crate::emit::codec::write_field;
use crate::emit::shape::{Value, element_shape, ident, simple_value};
use crate::ir::{AttributeField, ChoiceType, SimpleContentType, StructType, VariantContent};

impl<'a> TypeEmitter<'_, 'a> {
    /// `write_element` over `write_content`, for types with an element of their own; in SOAP
    /// encoding with the type's `xsi:type`.
    fn element_writer(&self) -> TokenStream {
        match self.xsi_type(crate::ir::TypeRef::Defined(self.id)) {
            Some(xsi_type) => quote! {
                /// Writes `self` as the element `name` (with `xsi:type` in SOAP encoding).
                pub fn write_element(&self, w: &mut XmlWriter, name: &str) {
                    w.start_typed_element(name, #xsi_type);
                    self.write_content(w);
                    w.end_element(name);
                }
            },
            None => quote! {
                /// Writes `self` as the element `name`.
                pub fn write_element(&self, w: &mut XmlWriter, name: &str) {
                    w.start_element(name);
                    self.write_content(w);
                    w.end_element(name);
                }
            },
        }
    }

    /// The `xsi:type` a value of `ty` held by this type carries in SOAP encoding: only for
    /// types that encoded messages hold, and only for named types.
    pub(super) fn xsi_type(&self, ty: crate::ir::TypeRef) -> Option<String> {
        if !self.def.encoded {
            return None;
        }
        self.context.prefixes.type_name(self.context.ir, ty)
    }

    /// `write_content` of a struct, and `write_element` unless it is a group (which has no
    /// element of its own).
    pub(super) fn struct_writer(
        &self,
        s: &'a StructType,
        fields: &[Field<'a>],
        text: Option<&proc_macro2::Ident>,
        is_group: bool,
    ) -> TokenStream {
        let write_attributes: Vec<TokenStream> = s
            .attributes
            .iter()
            .map(|a| self.write_attribute(a))
            .collect();
        let write_members: Vec<TokenStream> = fields
            .iter()
            .filter_map(|field| self.write_member(field))
            .collect();
        let write_text = text
            .into_iter()
            .map(|text| quote!(for text in &self.#text { w.text(text); }));
        let base = base_field(fields).map(|(rust, _)| rust);
        let base_attributes = base
            .as_ref()
            .map(|base| quote!(self.#base.write_base_attributes(w);));
        let base_children = base
            .as_ref()
            .map(|base| quote!(self.#base.write_base_children(w);));
        let (writes, base_writers): (Vec<TokenStream>, TokenStream) =
            if self.context.ir.is_composed_base(self.id) {
                // The code is in the writers a derived type calls too; a base is never mixed.
                let attributes: Vec<TokenStream> = base_attributes
                    .into_iter()
                    .chain(write_attributes)
                    .collect();
                let children: Vec<TokenStream> =
                    base_children.into_iter().chain(write_members).collect();
                let (attributes_writer, children_writer) = (writer(&attributes), writer(&children));
                (
                    vec![quote!(self.write_base_attributes(w); self.write_base_children(w);)],
                    quote! {
                        /// Writes the attributes of this type's content (its bases' first), for
                        /// a value of it or of a type that holds it as its base.
                        fn write_base_attributes(&self, #attributes_writer: &mut XmlWriter) {
                            #(#attributes)*
                        }

                        /// Writes the children of this type's content (its bases' first), for
                        /// a value of it or of a type that holds it as its base.
                        fn write_base_children(&self, #children_writer: &mut XmlWriter) {
                            #(#children)*
                        }
                    },
                )
            } else {
                let writes = base_attributes
                    .into_iter()
                    .chain(write_attributes)
                    .chain(write_text)
                    .chain(base_children)
                    .chain(write_members)
                    .collect();
                (writes, quote!())
            };
        let writer = writer(&writes);
        let element_writer = if is_group {
            quote!()
        } else {
            self.element_writer()
        };
        quote! {
            /// Writes the attributes and the children; the element's start tag is open.
            pub fn write_content(&self, #writer: &mut XmlWriter) {
                #(#writes)*
            }

            #base_writers

            #element_writer
        }
    }

    /// Writes one member of a struct's element content (nothing for the base's members held
    /// whole, which the base writes).
    fn write_member(&self, field: &Field<'a>) -> Option<TokenStream> {
        Some(match field {
            Field::Element { field, shape, name } => {
                let rust = ident(&field.rust_name);
                let xsi_type = self.xsi_type(field.ty);
                write_field(
                    self.context,
                    shape,
                    quote!(self.#rust),
                    false,
                    name,
                    xsi_type.as_deref(),
                )
            }
            Field::SizeOf { name, length } => {
                let length = quote!(&i32::try_from(#length).unwrap_or(i32::MAX));
                match self.xsi_type(crate::ir::TypeRef::Builtin(
                    crate::builtin::BuiltinType::Int,
                )) {
                    Some(xsi_type) => quote!(w.typed_scalar_element(#name, #xsi_type, #length);),
                    None => quote!(w.scalar_element(#name, #length);),
                }
            }
            Field::Group { group, .. } => {
                let rust = ident(&group.rust_name);
                match group_container(group.occurs) {
                    GroupContainer::One => quote!(self.#rust.write_content(w);),
                    GroupContainer::Optional => {
                        quote!(if let Some(group) = &self.#rust { group.write_content(w); })
                    }
                    GroupContainer::Many => {
                        quote!(for group in &self.#rust { group.write_content(w); })
                    }
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
            Field::Base { .. } => return None,
        })
    }

    /// Writes one attribute.
    fn write_attribute(&self, attribute: &AttributeField) -> TokenStream {
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
        if attribute.required {
            write(quote!(self.#rust), quote!(&self.#rust))
        } else {
            let inner = write(quote!(value), quote!(value));
            quote!(if let Some(value) = &self.#rust { #inner })
        }
    }

    /// `write_content` of a choice: the chosen alternative's elements.
    pub(super) fn choice_writer(&self, c: &'a ChoiceType) -> TokenStream {
        let writes = c.variants.iter().map(|variant| {
            let vname = ident(&variant.rust_name);
            match &variant.content {
                VariantContent::Element(e) => {
                    let shape = element_shape(self.context.ir, e);
                    let xsi_type = self.xsi_type(e.ty);
                    let write = write_field(
                        self.context,
                        &shape,
                        quote!(value),
                        true,
                        &self.written(e),
                        xsi_type.as_deref(),
                    );
                    quote!(Self::#vname(value) => { #write })
                }
                VariantContent::Group(g) => match group_container(g.occurs) {
                    GroupContainer::Many => {
                        quote!(Self::#vname(groups) => { for group in groups { group.write_content(w); } })
                    }
                    GroupContainer::Optional => {
                        quote!(Self::#vname(group) => { if let Some(group) = group { group.write_content(w); } })
                    }
                    GroupContainer::One => quote!(Self::#vname(group) => group.write_content(w),),
                },
                VariantContent::Any(a) => {
                    if a.occurs.is_repeated() {
                        quote!(Self::#vname(raws) => { for raw in raws { w.raw(raw); } })
                    } else {
                        quote!(Self::#vname(raw) => w.raw(raw),)
                    }
                }
            }
        });
        quote! {
            /// Writes the chosen alternative's elements.
            pub fn write_content(&self, w: &mut XmlWriter) {
                match self { #(#writes)* }
            }
        }
    }

    /// `write_content` (attributes, then the text) and `write_element` of a simple-content
    /// type.
    pub(super) fn simple_content_writer(&self, sc: &'a SimpleContentType) -> TokenStream {
        let writes = sc.attributes.iter().map(|a| self.write_attribute(a));
        let write_text = match simple_value(self.context.ir, sc.value) {
            Value::Scalar(_) => quote!(w.scalar_text(&self.value);),
            Value::Text | Value::RawXml => quote!(w.text(&self.value);),
            Value::Defined { .. } | Value::Substitution(_) => {
                quote!(w.text(&self.value.as_xml_text());)
            }
        };
        let element_writer = self.element_writer();
        quote! {
            /// Writes the attributes and the text; the element's start tag is open.
            pub fn write_content(&self, w: &mut XmlWriter) {
                #(#writes)*
                #write_text
            }

            #element_writer
        }
    }
}

/// The name of a writer's `XmlWriter` parameter: `_w` when it writes nothing.
fn writer(writes: &[TokenStream]) -> TokenStream {
    if writes.is_empty() {
        quote!(_w)
    } else {
        quote!(w)
    }
}
