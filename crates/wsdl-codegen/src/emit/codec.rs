//! Snippets of generated codec code: how one value or one field is written and read
//! through the runtime's `XmlWriter`/`XmlReader`.

use proc_macro2::TokenStream;
use quote::quote;

use super::context::Context;
use super::redact::is_secret_name;
use super::shape::{Container, Shape, Value};

/// Writes one value as an element `name`; `place` is a reference when `is_ref`, else a
/// place expression such as `self.name`. A text value named like a credential is marked
/// secret in the writer, so that the transport keeps it out of errors.
///
/// With `xsi_type` (the value's schema type as written, for types that SOAP-encoded messages
/// hold), a text or scalar value carries it in encoded mode; complex values write their own.
pub(crate) fn write_value(
    value: &Value,
    place: TokenStream,
    is_ref: bool,
    name: &str,
    xsi_type: Option<&str>,
) -> TokenStream {
    let reference = if is_ref {
        place.clone()
    } else {
        quote!(&#place)
    };
    let expr = place;
    let text_element = |text: TokenStream| match xsi_type {
        Some(xsi_type) => quote!(w.typed_text_element(#name, #xsi_type, #text);),
        None => quote!(w.text_element(#name, #text);),
    };
    match value {
        Value::Scalar(_) => match xsi_type {
            Some(xsi_type) => quote!(w.typed_scalar_element(#name, #xsi_type, #reference);),
            None => quote!(w.scalar_element(#name, #reference);),
        },
        Value::Text if is_secret_name(name.rsplit(':').next().unwrap_or(name)) => {
            let write = text_element(reference.clone());
            quote! {
                w.mark_secret(#reference);
                #write
            }
        }
        Value::Text => text_element(reference),
        Value::RawXml => quote! {
            w.start_element(#name);
            w.raw(#reference);
            w.end_element(#name);
        },
        Value::Defined { simple: true, .. } if xsi_type.is_some() => {
            text_element(quote!(&#expr.as_xml_text()))
        }
        // A simple type's `write_element` writes its text: one call, no temporary text here.
        Value::Defined { .. } => quote!(#expr.write_element(w, #name);),
        // Each alternative carries its own element name.
        Value::Substitution(_) => quote!(#expr.write_element(w);),
    }
}

/// A `Result` expression reading one value from an element (`element` is a reference to it).
pub(crate) fn read_value_result(value: &Value, element: &TokenStream) -> TokenStream {
    match value {
        Value::Scalar(ty) => quote!(r.read_scalar::<#ty>(#element)),
        Value::Text => quote!(r.read_string(#element)),
        Value::RawXml => quote!(r.read_inner_raw(#element).map(str::to_owned)),
        Value::Defined { ident, .. } | Value::Substitution(ident) => {
            quote!(#ident::read_element(r, #element))
        }
    }
}

/// Reads one value from an element (`element` is a reference to it).
pub(crate) fn read_value(value: &Value, boxed: bool, element: &TokenStream) -> TokenStream {
    let read = match value {
        Value::Scalar(ty) => quote!(r.read_scalar::<#ty>(#element)?),
        Value::Text => quote!(r.read_string(#element)?),
        Value::RawXml => quote!(r.read_inner_raw(#element)?.to_owned()),
        Value::Defined { ident, .. } | Value::Substitution(ident) => {
            quote!(#ident::read_element(r, #element)?)
        }
    };
    if boxed { quote!(Box::new(#read)) } else { read }
}

/// Writes a field: `field` is a place expression such as `self.name`, or a reference to the
/// field's value when `is_ref`; `xsi_type` as for [`write_value`].
pub(crate) fn write_field(
    context: &Context<'_>,
    shape: &Shape,
    field: TokenStream,
    is_ref: bool,
    name: &str,
    xsi_type: Option<&str>,
) -> TokenStream {
    let borrowed = if is_ref {
        field.clone()
    } else {
        quote!(&#field)
    };
    match &shape.container {
        Container::One => write_value(&shape.value, field, is_ref, name, xsi_type),
        Container::Optional { nil_when_none } => {
            match (&shape.value, *nil_when_none || shape.boxed, xsi_type) {
                // One runtime call per optional field where the value is written by a call.
                (Value::Scalar(_), false, None) => {
                    quote!(w.optional_scalar_element(#name, #borrowed);)
                }
                (Value::Defined { ident, .. }, false, None) => {
                    quote!(w.optional_element(#name, #borrowed, #ident::write_element);)
                }
                _ => {
                    let write = write_value(&shape.value, quote!(value), true, name, xsi_type);
                    if *nil_when_none {
                        quote!(match #borrowed { Some(value) => { #write } None => w.nil_element(#name), })
                    } else {
                        quote!(if let Some(value) = #borrowed { #write })
                    }
                }
            }
        }
        Container::Many => {
            let write = write_value(&shape.value, quote!(value), true, name, xsi_type);
            quote!(for value in #borrowed { #write })
        }
        Container::FlatArray {
            item,
            nillable,
            optional,
        } => {
            let item_name = context.prefixes.written(&item.xml_name);
            let write = write_value(&shape.value, quote!(value), true, &item_name, None);
            let empty = if *nillable {
                quote!(w.nil_element(#name);)
            } else if *optional {
                quote!()
            } else {
                quote!(w.start_element(#name); w.end_element(#name);)
            };
            let start = match context.prefixes.type_name(context.ir, item.ty) {
                Some(item_type) => quote!(w.start_array(#name, #item_type, #field.len());),
                None => quote!(w.start_element(#name);),
            };
            quote! {
                if #field.is_empty() {
                    #empty
                } else {
                    #start
                    for value in #borrowed { #write }
                    w.end_element(#name);
                }
            }
        }
    }
}

/// The function that reads one value from an element, as the runtime's per-field helpers
/// (`XmlReader::read_into` and its kin) take it.
pub(crate) fn value_reader(value: &Value) -> TokenStream {
    match value {
        Value::Scalar(ty) => quote!(XmlReader::read_scalar::<#ty>),
        Value::Text => quote!(XmlReader::read_string),
        Value::RawXml => quote!(XmlReader::read_inner_raw_string),
        Value::Defined { ident, .. } | Value::Substitution(ident) => quote!(#ident::read_element),
    }
}

/// One call that reads `child` into `var` (a local or a field), a `Result<()>` expression:
/// a nil child of an optional field is left alone, the items of an array wrapper are
/// appended. `None` for a boxed value, which [`read_field`] reads.
pub(crate) fn read_field_call(
    shape: &Shape,
    var: &TokenStream,
    child: &TokenStream,
) -> Option<TokenStream> {
    if shape.boxed {
        return None;
    }
    let read = value_reader(&shape.value);
    Some(match &shape.container {
        Container::One => quote!(r.read_into(&#child, &mut #var, #read)),
        Container::Optional { .. } => quote!(r.read_unless_nil_into(&#child, &mut #var, #read)),
        Container::Many => quote!(r.read_push(&#child, &mut #var, #read)),
        Container::FlatArray { item, .. } => {
            let item_local = &item.xml_name.local;
            quote!(r.read_items(&#child, #item_local, &mut #var, #read))
        }
    })
}

/// How a field read from `child` is stored into the local `var`: an optional guard for the
/// match arm (nil elements of nillable fields are left alone) and the statement.
pub(crate) fn read_field(
    shape: &Shape,
    var: &proc_macro2::Ident,
    child: &TokenStream,
) -> (Option<TokenStream>, TokenStream) {
    let read = read_value(&shape.value, shape.boxed, &quote!(&#child));
    match &shape.container {
        Container::One => (None, quote!(#var = Some(#read);)),
        Container::Optional { .. } => (
            Some(quote!(!r.is_nil(&#child)?)),
            quote!(#var = Some(#read);),
        ),
        Container::Many => (None, quote!(#var.push(#read);)),
        Container::FlatArray { item, .. } => {
            let item_local = &item.xml_name.local;
            let item_read = read_value(&shape.value, false, &quote!(&item));
            (
                Some(quote!(!r.is_nil(&#child)?)),
                quote! {
                    while let Some(item) = r.next_child(&#child)? {
                        if item.local_name() == #item_local {
                            #var.push(#item_read);
                        }
                    }
                },
            )
        }
    }
}

/// The local variable's initial value for a field being decoded.
pub(crate) fn read_init(shape: &Shape) -> TokenStream {
    match shape.container {
        Container::One | Container::Optional { .. } => quote!(None),
        Container::Many | Container::FlatArray { .. } => quote!(Vec::new()),
    }
}

/// `built` (an expression that uses the locals in `required`) once each of those locals, an
/// `Option` holding a decoded required member (with the name that says which is missing),
/// holds a value, bound to the same name: one match over them all, whose other arm is the
/// error naming the first missing one of `parent`. A `?` per member would unwind what is
/// built so far at each, and the compiler's cost of a decoder grows with that.
pub(crate) fn with_required(
    required: &[(proc_macro2::Ident, String)],
    parent: &TokenStream,
    built: TokenStream,
) -> TokenStream {
    match required {
        [] => built,
        [(var, name)] => quote! {
            match #var {
                Some(#var) => #built,
                None => Err(r.missing(#parent, #name)),
            }
        },
        required => {
            let vars: Vec<_> = required.iter().map(|(var, _)| var).collect();
            let names = required.iter().map(|(_, name)| name);
            quote! {
                match (#(#vars),*) {
                    (#(Some(#vars)),*) => #built,
                    (#(#vars),*) => Err(r.first_missing(#parent, &[#((#names, #vars.is_none())),*])),
                }
            }
        }
    }
}

/// Converts attribute or text content (`text` names a `Cow<str>` variable) into a value.
pub(crate) fn parse_text(value: &Value, text: TokenStream, type_name: &str) -> TokenStream {
    match value {
        Value::Scalar(ty) => quote! {
            <#ty as XmlScalar>::parse_lexical(&#text).ok_or_else(|| r.error(DecodeErrorKind::InvalidValue {
                type_name: <#ty as XmlScalar>::XSD_TYPE,
                value: #text.chars().take(64).collect(),
            }))?
        },
        Value::Text | Value::RawXml => quote!(#text.into_owned()),
        Value::Defined { ident, .. } | Value::Substitution(ident) => quote! {
            #ident::from_xml_text(&#text).ok_or_else(|| r.error(DecodeErrorKind::InvalidValue {
                type_name: #type_name,
                value: #text.chars().take(64).collect(),
            }))?
        },
    }
}

/// The text of a simple value, as a `Cow<str>`; `place` names the value, or a reference to
/// it when `is_ref`.
pub(crate) fn text_of(value: &Value, place: TokenStream, is_ref: bool) -> TokenStream {
    let reference = if is_ref {
        place.clone()
    } else {
        quote!(&#place)
    };
    match value {
        Value::Scalar(_) => quote!(std::borrow::Cow::<str>::Owned(scalar_text(#reference))),
        Value::Text | Value::RawXml => quote!(std::borrow::Cow::<str>::Borrowed(#place.as_str())),
        Value::Defined { .. } | Value::Substitution(_) => quote!(#place.as_xml_text()),
    }
}
