//! Simple types as emitted: open enumerations, newtypes for restrictions, lists and unions,
//! and SOAP-encoded arrays. Each converts to and from its XML text (`as_xml_text`,
//! `from_xml_text`) and has `write_element`/`read_element` over that text.

use proc_macro2::TokenStream;
use quote::quote;

use super::model::TypeEmitter;
use crate::emit::attrs::{derives, doc_attr, wsdl_doc};
use crate::emit::codec::{read_value_result, text_of};
use crate::emit::context::Context;
use crate::emit::shape::{Value, ident, simple_value, value};
use crate::ir::{
    EnumerationType, ListType, RestrictionType, SoapArrayType, TypeRef, UnionType, array_brackets,
};

impl<'a> TypeEmitter<'_, 'a> {
    pub(super) fn enumeration(
        &self,
        name: &proc_macro2::Ident,
        doc: TokenStream,
        e: &'a EnumerationType,
    ) -> TokenStream {
        let other = ident(&e.unknown_rust_name);
        let variants = e.variants.iter().map(|v| {
            let vname = ident(&v.rust_name);
            let value = &v.value;
            let doc = doc_attr(&match &v.doc {
                Some(doc) => format!("`{value}`: {}", wsdl_doc(doc)),
                None => format!("`{value}`"),
            });
            quote!(#doc #vname,)
        });
        let to_text = e.variants.iter().map(|v| {
            let vname = ident(&v.rust_name);
            let value = &v.value;
            quote!(Self::#vname => #value,)
        });
        let from_text = e.variants.iter().map(|v| {
            let vname = ident(&v.rust_name);
            let value = &v.value;
            quote!(#value => Self::#vname,)
        });
        let derive = derives(self.context.derives);
        // `from_xml_text` takes every text, so the shared codec's reader never refuses one.
        let codec = self.simple_codec();
        quote! {
            #doc
            #derive
            pub enum #name {
                #(#variants)*
                /// A value the schema does not list (a newer server may send one).
                #other(String),
            }

            impl #name {
                /// The value as written in XML.
                pub fn as_xml_text(&self) -> std::borrow::Cow<'_, str> {
                    std::borrow::Cow::Borrowed(match self {
                        #(#to_text)*
                        Self::#other(value) => value.as_str(),
                    })
                }

                /// The value for an XML text; unknown values are kept, never refused.
                pub fn from_xml_text(text: &str) -> Option<Self> {
                    Some(match text.trim() {
                        #(#from_text)*
                        other => Self::#other(other.to_owned()),
                    })
                }

                #codec
            }
        }
    }

    /// A newtype over the restricted type; the facets are documented, not enforced.
    pub(super) fn restriction(
        &self,
        name: &proc_macro2::Ident,
        doc: TokenStream,
        restriction: &'a RestrictionType,
    ) -> TokenStream {
        let inner = simple_value(self.context.ir, restriction.base);
        let facets = facet_doc(&restriction.facets);
        self.newtype(name, doc, &inner, &facets)
    }

    fn newtype(
        &self,
        name: &proc_macro2::Ident,
        doc: TokenStream,
        inner: &Value,
        extra_doc: &str,
    ) -> TokenStream {
        let ty = inner.rust_type();
        let to_text = text_of(inner, quote!(self.0), false);
        let parse = match inner {
            Value::Scalar(ty) => quote!(<#ty as XmlScalar>::parse_lexical(text).map(Self)),
            Value::Text | Value::RawXml => quote!(Some(Self(text.to_owned()))),
            Value::Defined { ident, .. } | Value::Substitution(ident) => {
                quote!(#ident::from_xml_text(text).map(Self))
            }
        };
        let extra = if extra_doc.is_empty() {
            quote!()
        } else {
            doc_attr(extra_doc)
        };
        let codec = self.simple_codec();
        let derive = derives(self.context.derives);
        quote! {
            #doc
            #extra
            #derive
            pub struct #name(pub #ty);

            impl #name {
                /// The value as written in XML.
                pub fn as_xml_text(&self) -> std::borrow::Cow<'_, str> {
                    #to_text
                }

                /// The value for an XML text, if it is a valid lexical form of the base type.
                pub fn from_xml_text(text: &str) -> Option<Self> {
                    #parse
                }

                #codec
            }
        }
    }

    /// `write_element`/`read_element` of a simple type, over `as_xml_text`/`from_xml_text`.
    fn simple_codec(&self) -> TokenStream {
        let type_name = &self.def.xml_name.local;
        quote! {
            /// Writes the value as the element `name`.
            pub fn write_element(&self, w: &mut XmlWriter, name: &str) {
                w.text_element(name, &self.as_xml_text());
            }

            /// Decodes the value from `element`'s text.
            pub fn read_element<'a>(r: &mut XmlReader<'a>, element: &Element<'a>) -> Result<Self> {
                r.read_parsed(element, #type_name, Self::from_xml_text)
            }
        }
    }

    pub(super) fn list(
        &self,
        name: &proc_macro2::Ident,
        doc: TokenStream,
        list: &'a ListType,
    ) -> TokenStream {
        let item = simple_value(self.context.ir, list.item);
        let item_ty = item.rust_type();
        let item_text = text_of(&item, quote!(item), true);
        let parse_item = match &item {
            Value::Scalar(ty) => quote!(<#ty as XmlScalar>::parse_lexical),
            Value::Text | Value::RawXml => quote!(|part: &str| Some(part.to_owned())),
            Value::Defined { ident, .. } | Value::Substitution(ident) => {
                quote!(#ident::from_xml_text)
            }
        };
        let codec = self.simple_codec();
        let derive = derives(self.context.derives);
        quote! {
            #doc
            #derive
            pub struct #name(pub Vec<#item_ty>);

            impl #name {
                /// The items separated by spaces, as written in XML.
                pub fn as_xml_text(&self) -> std::borrow::Cow<'_, str> {
                    std::borrow::Cow::Owned(self.0.iter().map(|item| #item_text.into_owned()).collect::<Vec<_>>().join(" "))
                }

                /// The items of a whitespace-separated XML text, if each is valid.
                pub fn from_xml_text(text: &str) -> Option<Self> {
                    text.split_whitespace().map(#parse_item).collect::<Option<Vec<_>>>().map(Self)
                }

                #codec
            }
        }
    }

    /// A union keeps its lexical text: which member type a value belongs to is the reader's call.
    pub(super) fn union(
        &self,
        name: &proc_macro2::Ident,
        doc: TokenStream,
        union: &'a UnionType,
    ) -> TokenStream {
        let members: Vec<String> = union
            .members
            .iter()
            .map(|m| type_label(self.context, *m))
            .collect();
        let note = format!("A value of any of: {}.", members.join(", "));
        self.newtype(name, doc, &Value::Text, &note)
    }

    /// A SOAP-encoded array: a newtype over the runtime's `SoapArray` (nested for arrays of
    /// arrays), which keeps dimensions and positions and reads items of any name.
    pub(super) fn soap_array(
        &self,
        name: &proc_macro2::Ident,
        doc: TokenStream,
        array: &'a SoapArrayType,
    ) -> TokenStream {
        let runtime = &self.context.runtime;
        let item = value(self.context.ir, array.item);
        let item_type = self
            .context
            .prefixes
            .type_name(self.context.ir, array.item)
            .unwrap_or_else(|| "xsd:anyType".to_owned());
        let levels = array.ranks.len().max(1);
        let mut rust_type = item.rust_type();
        for _ in 0..levels {
            rust_type = quote!(#runtime::encoding::SoapArray<#rust_type>);
        }
        // Inside out: the items' own writer and reader, then one array level around them at
        // a time, each level's items typed `T[,]…` with the brackets of the levels inside it.
        let mut write_item = item_writer(&item, &item_type);
        let mut read_item = read_value_result(&item, &quote!(item));
        let mut typed = item_type.clone();
        for level in (1..levels).rev() {
            write_item = quote!(item.write(w, name, #typed, |w, name, item| { #write_item }););
            read_item = quote!(#runtime::encoding::SoapArray::read(r, item, |r, item| #read_item));
            typed = format!("{item_type}{}", array_brackets(&array.ranks[level..]));
        }
        let derive = derives(self.context.derives);
        quote! {
            #doc
            #derive
            pub struct #name(pub #rust_type);

            impl #name {
                /// Writes the array type and the items; the element's start tag is open.
                pub fn write_content(&self, w: &mut XmlWriter) {
                    self.0.write_content(w, #typed, |w, name, item| { #write_item });
                }

                /// Writes `self` as the element `name`.
                pub fn write_element(&self, w: &mut XmlWriter, name: &str) {
                    w.start_element(name);
                    self.write_content(w);
                    w.end_element(name);
                }

                /// Decodes the items of `element`, whatever their names, with the array's
                /// dimensions and positions.
                pub fn read_element<'a>(r: &mut XmlReader<'a>, element: &Element<'a>) -> Result<Self> {
                    #runtime::encoding::SoapArray::read(r, element, |r, item| #read_item).map(Self)
                }
            }
        }
    }
}

/// Writes an array item `item` (a reference) as the element `name` (a `&str` variable), typed
/// `item_type` in SOAP encoding.
fn item_writer(item: &Value, item_type: &str) -> TokenStream {
    match item {
        Value::Scalar(_) => quote!(w.typed_scalar_element(name, #item_type, item);),
        Value::Text => quote!(w.typed_text_element(name, #item_type, item);),
        Value::RawXml => quote! {
            w.start_element(name);
            w.raw(item);
            w.end_element(name);
        },
        Value::Defined { simple: true, .. } => {
            quote!(w.typed_text_element(name, #item_type, &item.as_xml_text());)
        }
        Value::Defined { simple: false, .. } => quote!(item.write_element(w, name);),
        // Each alternative carries its own element name.
        Value::Substitution(_) => quote!(item.write_element(w);),
    }
}

fn type_label(context: &Context<'_>, ty: TypeRef) -> String {
    match ty {
        TypeRef::Builtin(b) => format!("`xs:{}`", b.xsd_name()),
        TypeRef::Defined(id) => format!("[`{}`]", context.ir.ty(id).rust_name),
    }
}

fn facet_doc(facets: &crate::ir::Facets) -> String {
    let mut parts: Vec<String> = facets
        .patterns
        .iter()
        .map(|p| format!("pattern `{p}`"))
        .collect();
    parts.extend(
        facets
            .bounds
            .iter()
            .map(|(name, value)| format!("{name} `{value}`")),
    );
    if parts.is_empty() {
        String::new()
    } else {
        format!("Schema facets (not enforced): {}.", parts.join(", "))
    }
}
