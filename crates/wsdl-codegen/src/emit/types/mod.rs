//! Type definitions and their codec: one Rust item (struct, enum or newtype) per IR type,
//! with `write_content`/`write_element` and `read_element` (or `read_run` for groups).
//!
//! Each type is built from three parts along the seams of the generated code: its
//! [declaration](declaration), its [writer](writer) and its [reader](reader); simple types
//! (text values) are in [`simple`].

mod declaration;
pub(super) mod model;
mod reader;
mod simple;
mod writer;

use std::ops::Range;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::attrs::{doc_attr, wsdl_doc};
use super::context::Context;
use super::polymorphism;
use super::shape::{Value, ident, simple_value};
use crate::ir::{ChoiceType, Ir, SimpleContentType, StructType, TypeId, TypeKind, TypeRole};
use model::TypeEmitter;

/// The types whose index in the IR is in `range`, in IR order, each followed by its sum type
/// if it has derived types.
pub(super) fn emit_type_range(context: &Context<'_>, range: Range<usize>) -> TokenStream {
    let mut out = TokenStream::new();
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
        out.extend(TypeEmitter { context, def, id }.emit());
        if let TypeKind::Struct(StructType {
            sum_rust_name: Some(sum),
            ..
        }) = &def.kind
        {
            out.extend(polymorphism::sum_type(context, id, sum));
        }
    }
    out
}

/// What follows the types: the enums of substitution groups, and the `scalar_text` helper
/// when a type formats a scalar as text.
pub(super) fn emit_after_types(context: &Context<'_>) -> TokenStream {
    let mut out = TokenStream::new();
    for (head, substitution) in context.ir.substitution_enums() {
        out.extend(polymorphism::substitution_enum(context, head, substitution));
    }
    if needs_scalar_text(context.ir) {
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

/// Whether a newtype over a scalar or a list of scalars formats its text with `scalar_text`.
fn needs_scalar_text(ir: &Ir) -> bool {
    ir.types.iter().any(|def| {
        let text = match &def.kind {
            TypeKind::Restriction(r) => r.base,
            TypeKind::List(l) => l.item,
            _ => return false,
        };
        matches!(simple_value(ir, text), Value::Scalar(_))
    })
}

impl<'a> TypeEmitter<'_, 'a> {
    fn emit(&self) -> TokenStream {
        let name = ident(&self.def.rust_name);
        let doc = doc_attr(&match &self.def.doc {
            Some(doc) => wsdl_doc(doc),
            None => self.xml_doc(),
        });
        match &self.def.kind {
            TypeKind::Struct(s) => self.structure(&name, doc, s),
            TypeKind::Choice(c) => self.choice(&name, doc, c),
            TypeKind::SimpleContent(sc) => self.simple_content(&name, doc, sc),
            TypeKind::Enumeration(e) => self.enumeration(&name, doc, e),
            TypeKind::Restriction(r) => self.restriction(&name, doc, r),
            TypeKind::List(l) => self.list(&name, doc, l),
            TypeKind::Union(u) => self.union(&name, doc, u),
            TypeKind::SoapArray(a) => self.soap_array(&name, doc, a),
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

    fn structure(&self, name: &Ident, doc: TokenStream, s: &'a StructType) -> TokenStream {
        let is_group = self.def.role == TypeRole::Group;
        let fields = self.fields(s);
        let text = s.text_rust_name.as_deref().map(ident);
        let definition = self.struct_declaration(name, doc, s, &fields, text.as_ref());
        let write = self.struct_writer(s, &fields, text.as_ref(), is_group);
        let into_default = (s.default && text.is_none() && !is_group)
            .then(|| self.read_element_into_default(&fields, &s.attributes))
            .flatten();
        let read = if is_group {
            self.read_run(&fields)
        } else if let Some(read) = into_default {
            read
        } else {
            self.read_element(&fields, &s.attributes, text.as_ref())
        };
        let base_reader = self
            .context
            .ir
            .is_composed_base(self.id)
            .then(|| self.base_reader(&fields, &s.attributes));
        let new = self.constructor(name, s, &fields, text.as_ref());
        quote! {
            #definition
            impl #name {
                #new
                #write
                #read
                #base_reader
            }
        }
    }

    fn choice(&self, name: &Ident, doc: TokenStream, c: &'a ChoiceType) -> TokenStream {
        let definition = self.choice_declaration(name, doc, c);
        let write = self.choice_writer(c);
        let read = self.choice_reader(c);
        quote! {
            #definition

            impl #name {
                #write

                #read
            }
        }
    }

    fn simple_content(
        &self,
        name: &Ident,
        doc: TokenStream,
        sc: &'a SimpleContentType,
    ) -> TokenStream {
        let definition = self.simple_content_declaration(name, doc, sc);
        let write = self.simple_content_writer(sc);
        let read = self.simple_content_reader(sc);
        quote! {
            #definition

            impl #name {
                #write

                #read
            }
        }
    }
}
