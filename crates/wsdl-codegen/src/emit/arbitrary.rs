//! `Arbitrary` impls for property-based tests of the codec, and the round-trip test of a set.
//!
//! Every emitted type gets a hand-written `arbitrary::Arbitrary` impl (in a module behind the
//! generated crate's `arbitrary` feature) whose values the codec can carry: each field is
//! built by a generator of `soap_runtime::arbitrary` chosen from the field's shape, so text
//! holds only XML characters, floats are never `NaN`, `xs:any` members hold well-formed
//! elements, and so on. Where the XML form of a value is ambiguous, the generator builds the
//! form the decoder reads back; each such place says why.

use proc_macro2::TokenStream;
use quote::quote;

use super::context::Context;
use super::format::format_file;
use super::options::{EmitError, EmitOptions};
use super::shape::{
    Container, Scalar, ScalarType, Shape, Value, element_shape, ident, simple_value, value,
};
use super::types::model::{Field, TypeEmitter};
use crate::ir::{
    ChoiceType, EnumerationType, GroupField, Ir, StructType, SubstitutionEnum, TypeId, TypeKind,
    TypeRole, VariantContent,
};
use crate::ir::{Occurs, SumVariant};

/// The module of `Arbitrary` impls, one per emitted type.
/// The `Arbitrary` impls of every type the module defines, one entry a type: the items of
/// the module's `arbitrary_values` part.
pub(crate) fn emit_arbitrary(context: &Context<'_>) -> Vec<TokenStream> {
    let mut impls: Vec<TokenStream> = emitted_types(context)
        .map(|id| {
            let emitter = TypeEmitter {
                context,
                def: context.ir.ty(id),
                id,
            };
            emitter.arbitrary_impl()
        })
        .collect();
    impls.extend(emitted_types(context).filter_map(|id| sum_type_impl(context, id)));
    impls.extend(
        context
            .ir
            .substitution_enums()
            .map(|(_, substitution)| substitution_impl(context, substitution)),
    );
    impls
}

/// The types the module defines (array wrappers flattened into `Vec` fields are not).
fn emitted_types<'c>(context: &'c Context<'_>) -> impl Iterator<Item = TypeId> + 'c {
    (0..context.ir.types.len() as u32)
        .map(TypeId)
        .filter(|&id| context.ir.is_emitted(id))
}

/// How a value is built: a function of `&mut Unstructured` returning `Result<T>`.
fn generator(context: &Context<'_>, value: &Value) -> TokenStream {
    let runtime = &context.runtime;
    match value {
        Value::Scalar(ScalarType {
            wire,
            replaced_by: None,
        }) => match wire {
            Scalar::F64 => quote!(#runtime::arbitrary::comparable_f64),
            Scalar::F32 => quote!(#runtime::arbitrary::comparable_f32),
            _ => quote!(Arbitrary::arbitrary),
        },
        // A type override's value comes from its wire scalar (the field's type is inferred).
        Value::Scalar(ScalarType {
            wire,
            replaced_by: Some(_),
        }) => match wire {
            Scalar::F64 => quote!(#runtime::arbitrary::comparable_f64_into),
            Scalar::F32 => quote!(#runtime::arbitrary::comparable_f32_into),
            _ => quote!(#runtime::arbitrary::scalar_into::<#wire, _>),
        },
        Value::Text => quote!(#runtime::arbitrary::xml_string),
        Value::RawXml => quote!(#runtime::arbitrary::xml_content),
        Value::Defined { ident, .. } | Value::Substitution(ident) => {
            quote!(super::#ident::arbitrary)
        }
    }
}

/// The impl for the sum type of a base with derived types: the base or any derived type,
/// each round-tripping through its `xsi:type`.
fn sum_type_impl(context: &Context<'_>, base: TypeId) -> Option<TokenStream> {
    let ir = context.ir;
    let TypeKind::Struct(StructType {
        sum_rust_name: Some(sum),
        ..
    }) = &ir.ty(base).kind
    else {
        return None;
    };
    let sum = ident(sum);
    let base_ident = ident(&ir.ty(base).rust_name);
    let mut arms = vec![quote!(0 => Self::#base_ident(super::#base_ident::arbitrary(u)?),)];
    for (index, variant) in ir.sum_variants(base).into_iter().enumerate() {
        let index = index + 1;
        let arm = match variant {
            SumVariant::Struct(id) => {
                let variant = ident(&ir.ty(id).rust_name);
                quote!(Self::#variant(Box::new(super::#variant::arbitrary(u)?)))
            }
            SumVariant::Sum(id) => {
                let TypeKind::Struct(StructType {
                    sum_rust_name: Some(sum),
                    ..
                }) = &ir.ty(id).kind
                else {
                    unreachable!("a nested variant is a struct with a sum type")
                };
                let (variant, sum) = (ident(&ir.ty(id).rust_name), ident(sum));
                quote!(Self::#variant(super::#sum::arbitrary(u)?))
            }
        };
        arms.push(quote!(#index => #arm,));
    }
    let count = arms.len();
    Some(quote! {
        impl<'a> Arbitrary<'a> for super::#sum {
            fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
                Ok(match u.choose_index(#count)? {
                    #(#arms)*
                    _ => unreachable!("choose_index stays below its bound"),
                })
            }
        }
    })
}

/// The impl for the enum of a substitution group: any member the decoder reads back.
fn substitution_impl(context: &Context<'_>, substitution: &SubstitutionEnum) -> TokenStream {
    let ir = context.ir;
    let name = ident(&substitution.rust_name);
    let arms: Vec<TokenStream> = substitution
        .variants
        .iter()
        .filter(|v| v.decodable)
        .enumerate()
        .map(|(index, v)| {
            let make = generator(context, &value(ir, ir.element(v.element).ty));
            let variant = ident(&v.rust_name);
            quote!(#index => Self::#variant(#make(u)?),)
        })
        .collect();
    let count = arms.len();
    quote! {
        impl<'a> Arbitrary<'a> for super::#name {
            fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
                Ok(match u.choose_index(#count)? {
                    #(#arms)*
                    _ => unreachable!("choose_index stays below its bound"),
                })
            }
        }
    }
}

/// An expression building a field of this shape.
fn field_value(context: &Context<'_>, shape: &Shape) -> TokenStream {
    let runtime = &context.runtime;
    let make = generator(context, &shape.value);
    match (&shape.container, shape.boxed) {
        (Container::One, false) => quote!(#make(u)?),
        (Container::One, true) => quote!(Box::new(#make(u)?)),
        (Container::Optional { .. }, false) => quote!(#runtime::arbitrary::optional(u, #make)?),
        (Container::Optional { .. }, true) => {
            quote!(#runtime::arbitrary::optional(u, #make)?.map(Box::new))
        }
        (Container::Many | Container::FlatArray { .. }, _) => {
            quote!(#runtime::arbitrary::items(u, #make)?)
        }
    }
}

/// An expression building a nested group held as `Ty`, `Box<Ty>`, `Option<…>` or `Vec<Ty>`.
fn group_value(
    ir: &Ir,
    group: &GroupField,
    ty: &proc_macro2::Ident,
    runtime: &TokenStream,
) -> TokenStream {
    let make = quote!(super::#ty::arbitrary);
    if group.occurs.is_repeated() {
        let merging = merging_variants(ir, group.ty);
        if merging.is_empty() {
            return quote!(#runtime::arbitrary::items(u, #make)?);
        }
        // Two adjacent items of one of these alternatives are written as one run of elements
        // and read back as one item: keep them apart.
        let pairs = merging
            .iter()
            .map(|variant| quote!((super::#ty::#variant(_), super::#ty::#variant(_))));
        return quote! {
            #runtime::arbitrary::items_apart(u, #make, |a, b| matches!((a, b), #(#pairs)|*))?
        };
    }
    let boxed = if group.boxed {
        quote!(.map(Box::new))
    } else {
        quote!()
    };
    if group.occurs.is_optional() {
        quote!(#runtime::arbitrary::optional(u, #make)?#boxed)
    } else if group.boxed {
        quote!(Box::new(#make(u)?))
    } else {
        quote!(#make(u)?)
    }
}

/// The alternatives of the choice `ty` (if it is one) that hold a repeated element: a run of
/// them followed by another run of the same alternative reads back as a single run.
fn merging_variants(ir: &Ir, ty: TypeId) -> Vec<proc_macro2::Ident> {
    let TypeKind::Choice(choice) = &ir.ty(ty).kind else {
        return Vec::new();
    };
    choice
        .variants
        .iter()
        .filter(|variant| match &variant.content {
            VariantContent::Element(element) => matches!(
                element_shape(ir, element).container,
                Container::Many | Container::FlatArray { .. }
            ),
            // A group's items are told apart by their structure, and a repeated `xs:any`
            // alternative is built with one element per item.
            VariantContent::Group(_) | VariantContent::Any(_) => false,
        })
        .map(|variant| ident(&variant.rust_name))
        .collect()
}

/// An expression building the raw XML of an `xs:any` member.
fn any_value(occurs: Occurs, runtime: &TokenStream) -> TokenStream {
    let make = quote!(#runtime::arbitrary::xml_element);
    if occurs.is_repeated() {
        quote!(#runtime::arbitrary::items(u, #make)?)
    } else if occurs.is_optional() {
        quote!(#runtime::arbitrary::optional(u, #make)?)
    } else {
        quote!(#make(u)?)
    }
}

impl<'a> TypeEmitter<'_, 'a> {
    fn arbitrary_impl(&self) -> TokenStream {
        let name = ident(&self.def.rust_name);
        let runtime = &self.context.runtime;
        // Whether the value is built from data at all (a struct may have no Rust field).
        let mut uses_data = true;
        let body = match &self.def.kind {
            TypeKind::Struct(s) => {
                let inits = self.arbitrary_struct(s);
                uses_data = !inits.is_empty();
                quote!(Ok(Self { #(#inits)* }))
            }
            TypeKind::Choice(c) => {
                uses_data = !c.variants.is_empty();
                self.arbitrary_choice(c)
            }
            TypeKind::SimpleContent(sc) => {
                let make = generator(self.context, &simple_value(self.context.ir, sc.value));
                let attributes = self.arbitrary_attributes(&sc.attributes);
                quote!(Ok(Self { value: #make(u)?, #(#attributes)* }))
            }
            TypeKind::Enumeration(e) => arbitrary_enumeration(e, runtime),
            TypeKind::Restriction(r) => {
                let make = generator(self.context, &simple_value(self.context.ir, r.base));
                quote!(Ok(Self(#make(u)?)))
            }
            TypeKind::List(l) => match simple_value(self.context.ir, l.item) {
                // An item is one whitespace-free token: `a b` would come back as two items.
                Value::Text | Value::RawXml => {
                    quote!(Ok(Self(#runtime::arbitrary::items(u, #runtime::arbitrary::xml_token)?)))
                }
                value @ Value::Scalar(_) => {
                    let make = generator(self.context, &value);
                    quote!(Ok(Self(#runtime::arbitrary::items(u, #make)?)))
                }
                // Items of a defined simple type whose text is not one token cannot be told
                // apart in a list: they are left out.
                Value::Defined { ident, .. } | Value::Substitution(ident) => quote! {
                    let items: Vec<super::#ident> = #runtime::arbitrary::items(u, super::#ident::arbitrary)?;
                    Ok(Self(items.into_iter().filter(|item| #runtime::arbitrary::is_list_item(&item.as_xml_text())).collect()))
                },
            },
            // A union keeps its text as written.
            TypeKind::Union(_) => quote!(Ok(Self(#runtime::arbitrary::xml_string(u)?))),
            // Dense one-dimensional arrays: what literal XML (which has no place for
            // dimensions) and SOAP encoding both read back as written.
            TypeKind::SoapArray(a) => {
                let mut make = generator(self.context, &value(self.context.ir, a.item));
                for _ in 1..a.ranks.len() {
                    make = quote!(|u: &mut Unstructured<'a>| Ok(#runtime::encoding::SoapArray::from(#runtime::arbitrary::items(u, #make)?)));
                }
                quote!(Ok(Self(#runtime::encoding::SoapArray::from(#runtime::arbitrary::items(u, #make)?))))
            }
        };
        let unstructured = if uses_data { quote!(u) } else { quote!(_u) };
        quote! {
            impl<'a> Arbitrary<'a> for super::#name {
                fn arbitrary(#unstructured: &mut Unstructured<'a>) -> Result<Self> {
                    #body
                }
            }
        }
    }

    fn arbitrary_attributes(&self, attributes: &[crate::ir::AttributeField]) -> Vec<TokenStream> {
        let runtime = &self.context.runtime;
        attributes
            .iter()
            .map(|attribute| {
                let rust = ident(&attribute.rust_name);
                let make = generator(self.context, &simple_value(self.context.ir, attribute.ty));
                if attribute.required {
                    quote!(#rust: #make(u)?,)
                } else {
                    quote!(#rust: #runtime::arbitrary::optional(u, #make)?,)
                }
            })
            .collect()
    }

    /// The field initialisers of a struct.
    fn arbitrary_struct(&self, s: &'a StructType) -> Vec<TokenStream> {
        let runtime = &self.context.runtime;
        let mut inits = Vec::new();
        for field in self.fields(s) {
            match field {
                Field::Element { field, shape, .. } => {
                    let rust = ident(&field.rust_name);
                    let value = field_value(self.context, &shape);
                    inits.push(quote!(#rust: #value,));
                }
                // Computed from the array's length by the writer.
                Field::SizeOf { .. } => {}
                Field::Group { group, ty } => {
                    let rust = ident(&group.rust_name);
                    let value = group_value(self.context.ir, group, &ty, runtime);
                    inits.push(quote!(#rust: #value,));
                }
                Field::Any { rust_name, occurs } => {
                    let rust = ident(rust_name);
                    let value = any_value(occurs, runtime);
                    inits.push(quote!(#rust: #value,));
                }
                Field::Base { rust_name, ty } => {
                    let rust = ident(rust_name);
                    inits.push(quote!(#rust: super::#ty::arbitrary(u)?,));
                }
            }
        }
        inits.extend(self.arbitrary_attributes(&s.attributes));
        if let Some(text) = s.text_rust_name.as_deref().map(ident) {
            // The writer puts the text before the children, where it reads back as one run
            // (a run of only whitespace is dropped): at most one run with some content.
            inits.push(quote! {
                #text: #runtime::arbitrary::optional(u, #runtime::arbitrary::xml_string)?
                    .filter(|run| !run.trim().is_empty())
                    .into_iter()
                    .collect(),
            });
        }
        inits
    }

    /// One alternative, built so that it writes at least one element: an alternative that
    /// writes nothing cannot be recognised by the decoder.
    fn arbitrary_choice(&self, c: &'a ChoiceType) -> TokenStream {
        let runtime = &self.context.runtime;
        let ir = self.context.ir;
        let alternatives: Vec<TokenStream> = c
            .variants
            .iter()
            .map(|variant| {
                let vname = ident(&variant.rust_name);
                let value = match &variant.content {
                    VariantContent::Element(e) => {
                        let shape = element_shape(ir, e);
                        let make = generator(self.context, &shape.value);
                        match shape.container {
                            Container::Many | Container::FlatArray { .. } => {
                                quote!(#runtime::arbitrary::non_empty_items(u, #make)?)
                            }
                            _ if shape.boxed => quote!(Box::new(#make(u)?)),
                            _ => quote!(#make(u)?),
                        }
                    }
                    VariantContent::Group(g) => {
                        let ty = ident(&ir.ty(g.ty).rust_name);
                        let make = quote!(super::#ty::arbitrary);
                        let one = if g.boxed && !g.occurs.is_repeated() {
                            quote!(Box::new(#make(u)?))
                        } else {
                            quote!(#make(u)?)
                        };
                        if g.occurs.is_repeated() {
                            quote!(#runtime::arbitrary::non_empty_items(u, #make)?)
                        } else if g.occurs.is_optional() {
                            quote!(Some(#one))
                        } else {
                            one
                        }
                    }
                    VariantContent::Any(a) => {
                        let make = quote!(#runtime::arbitrary::xml_element(u)?);
                        // The decoder takes one element per repeated `xs:any` alternative.
                        if a.occurs.is_repeated() {
                            quote!(vec![#make])
                        } else {
                            make
                        }
                    }
                };
                quote!(Self::#vname(#value))
            })
            .collect();
        choose(&alternatives, runtime)
    }
}

/// `Ok(one of the alternatives)`, picked by the data.
fn choose(alternatives: &[TokenStream], runtime: &TokenStream) -> TokenStream {
    match alternatives {
        // A choice without alternatives has no value.
        [] => quote!(Err(#runtime::arbitrary::Error::IncorrectFormat)),
        [only] => quote!(Ok(#only)),
        [init @ .., last] => {
            let count = proc_macro2::Literal::usize_unsuffixed(alternatives.len());
            let indices = (0..init.len()).map(proc_macro2::Literal::usize_unsuffixed);
            quote! {
                Ok(match u.choose_index(#count)? {
                    #(#indices => #init,)*
                    _ => #last,
                })
            }
        }
    }
}

/// A listed value or, as often as any one of them, an unlisted one.
fn arbitrary_enumeration(e: &EnumerationType, runtime: &TokenStream) -> TokenStream {
    let other = ident(&e.unknown_rust_name);
    let known: Vec<&str> = e.variants.iter().map(|v| v.value.as_str()).collect();
    // A value listed twice decodes as its first variant; one with surrounding whitespace is
    // trimmed by the decoder and comes back unlisted.
    let mut seen = std::collections::HashSet::new();
    let mut alternatives: Vec<TokenStream> = e
        .variants
        .iter()
        .filter(|v| v.value.trim() == v.value && seen.insert(v.value.as_str()))
        .map(|v| {
            let vname = ident(&v.rust_name);
            quote!(Self::#vname)
        })
        .collect();
    alternatives
        .push(quote!(Self::#other(#runtime::arbitrary::unlisted_value(u, &[#(#known),*])?)));
    choose(&alternatives, runtime)
}

/// The round-trip test of a generated module (a crate's `tests/round_trip.rs`): for every
/// type the module defines, values built by `Arbitrary` from seeded bytes are written, read
/// back and compared. `module_path` is the module's Rust path: the generated crate's name
/// (`my_service`), or a module of a crate (`my_crate::my_service`).
pub fn emit_round_trip_test(
    ir: &Ir,
    module_path: &str,
    options: &EmitOptions,
) -> Result<String, EmitError> {
    let context = Context::new(ir, options)?;
    let runtime = &context.runtime;
    let krate: syn::Path = syn::parse_str(module_path).map_err(|error| EmitError::InvalidRust {
        source_name: options.source.clone(),
        message: format!("`{module_path}` is not a Rust path: {error}"),
    })?;
    let checks = emitted_types(&context).map(|id| {
        let def = ir.ty(id);
        let name = ident(&def.rust_name);
        let label = &def.rust_name;
        let is_group = def.role == TypeRole::Group || matches!(def.kind, TypeKind::Choice(_));
        if is_group {
            quote!(check.group(#label, #krate::#name::write_content, #krate::#name::read_run);)
        } else if def.encoded {
            quote! {
                check.element(#label, #krate::#name::write_element, #krate::#name::read_element);
                check.encoded_element(#label, #krate::#name::write_element, #krate::#name::read_element);
            }
        } else {
            quote!(check.element(#label, #krate::#name::write_element, #krate::#name::read_element);)
        }
    });
    let sum_checks = emitted_types(&context).filter_map(|id| match &ir.ty(id).kind {
        TypeKind::Struct(StructType {
            sum_rust_name: Some(sum),
            ..
        }) => {
            let name = ident(sum);
            Some(quote!(check.element(#sum, #krate::#name::write_element, #krate::#name::read_element);))
        }
        _ => None,
    });
    // A substitution group's enum writes each member under its own element name.
    let substitution_checks = ir.substitution_enums().map(|(_, substitution)| {
        let label = &substitution.rust_name;
        let name = ident(label);
        quote! {
            check.element(
                #label,
                |value: &#krate::#name, w: &mut #runtime::xml::XmlWriter, _: &str| value.write_element(w),
                #krate::#name::read_element,
            );
        }
    });
    let checks = checks.chain(sum_checks).chain(substitution_checks);
    let tokens = quote! {
        //! Every type of the crate survives `write_element` → `read_element` unchanged, for
        //! values built by its `Arbitrary` impl from seeded random bytes.

        use #runtime::arbitrary::RoundTrip;

        /// Values per type; `ROUND_TRIP_CASES` overrides it.
        const CASES: u64 = 64;

        #[test]
        fn every_type_survives_encode_then_decode() {
            let cases = std::env::var("ROUND_TRIP_CASES")
                .ok()
                .and_then(|cases| cases.parse().ok())
                .unwrap_or(CASES);
            let mut check = RoundTrip::new(cases, #krate::NAMESPACES);
            #(#checks)*
            println!("round trip: {} types, {} values", check.types(), check.values());
            for failure in check.failures() {
                eprintln!("{failure}\n");
            }
            assert!(
                check.failures().is_empty(),
                "{} of {} types did not survive the round trip",
                check.failures().len(),
                check.types()
            );
        }
    };
    format_file(
        options,
        &format!(
            "// Generated by wsdl-codegen from {}; do not edit.",
            options.source
        ),
        tokens,
    )
}
