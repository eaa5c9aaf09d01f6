//! How IR types and fields are held in Rust: the value kind of a type reference and the
//! container (`Option`, `Vec`, `Box`, a flattened array wrapper) of a field.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote};

use crate::builtin::BuiltinType;
use crate::ir::{ElementField, FieldContainer, Ir, TypeKind, TypeRef};

/// How a value is encoded: the runtime helper family that reads and writes it.
#[derive(Clone)]
pub(crate) enum Value {
    /// A Rust scalar with an XSD lexical form (`XmlScalar`): numbers and `bool`, or the type
    /// a type override puts in their place.
    Scalar(ScalarType),
    /// Text kept as a `String` (strings, dates, decimals, … kept lexically exact).
    Text,
    /// An element's inner XML kept as written (`xs:anyType`).
    RawXml,
    /// A generated type with `write_element`/`read_element` (complex) or text conversion
    /// (simple).
    Defined { ident: Ident, simple: bool },
    /// An element of a substitution group: a generated enum that writes each alternative
    /// under its own element name (`write_element(w)`) and reads any of them.
    Substitution(Ident),
}

impl Value {
    pub fn rust_type(&self) -> TokenStream {
        match self {
            Value::Scalar(scalar) => scalar.to_token_stream(),
            Value::Text | Value::RawXml => quote!(String),
            Value::Defined { ident, .. } | Value::Substitution(ident) => quote!(#ident),
        }
    }
}

pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type of a scalar value: the built-in scalar, or a type override's type, which
/// reads and writes itself through `XmlScalar` with the scalar's lexical form and converts
/// from and into the scalar with `From`.
#[derive(Clone)]
pub(crate) struct ScalarType {
    /// The built-in scalar of the schema type: the wire form.
    pub wire: Scalar,
    /// The override's type, if a type override replaces the scalar.
    pub replaced_by: Option<TokenStream>,
}

impl ScalarType {
    fn wire(wire: Scalar) -> Self {
        ScalarType {
            wire,
            replaced_by: None,
        }
    }
}

impl ToTokens for ScalarType {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match &self.replaced_by {
            Some(path) => path.to_tokens(tokens),
            None => self.wire.to_tokens(tokens),
        }
    }
}

/// A Rust scalar type that holds XSD values (numbers and booleans).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scalar {
    Bool,
    F32,
    F64,
    I64,
    I32,
    I16,
    I8,
    U64,
    U32,
    U16,
    U8,
}

impl Scalar {
    /// The scalar holding values of a built-in type, if one does.
    pub(crate) fn of(builtin: BuiltinType) -> Option<Self> {
        use BuiltinType as B;
        Some(match builtin {
            B::Boolean => Scalar::Bool,
            B::Float => Scalar::F32,
            B::Double => Scalar::F64,
            B::Long | B::Integer | B::NonPositiveInteger | B::NegativeInteger => Scalar::I64,
            B::Int => Scalar::I32,
            B::Short => Scalar::I16,
            B::Byte => Scalar::I8,
            B::UnsignedLong | B::NonNegativeInteger | B::PositiveInteger => Scalar::U64,
            B::UnsignedInt => Scalar::U32,
            B::UnsignedShort => Scalar::U16,
            B::UnsignedByte => Scalar::U8,
            _ => return None,
        })
    }
}

impl ToTokens for Scalar {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(match self {
            Scalar::Bool => quote!(bool),
            Scalar::F32 => quote!(f32),
            Scalar::F64 => quote!(f64),
            Scalar::I64 => quote!(i64),
            Scalar::I32 => quote!(i32),
            Scalar::I16 => quote!(i16),
            Scalar::I8 => quote!(i8),
            Scalar::U64 => quote!(u64),
            Scalar::U32 => quote!(u32),
            Scalar::U16 => quote!(u16),
            Scalar::U8 => quote!(u8),
        });
    }
}

/// The value kind of a type reference.
pub(crate) fn value(ir: &Ir, ty: TypeRef) -> Value {
    match ty {
        TypeRef::Builtin(BuiltinType::AnyType) => Value::RawXml,
        TypeRef::Builtin(builtin) => Scalar::of(builtin).map_or(Value::Text, |scalar| {
            Value::Scalar(ScalarType::wire(scalar))
        }),
        TypeRef::Defined(id) => {
            let def = ir.ty(id);
            let name = match &def.kind {
                TypeKind::Struct(s) => s.sum_rust_name.as_deref().unwrap_or(&def.rust_name),
                _ => &def.rust_name,
            };
            Value::Defined {
                ident: ident(name),
                simple: is_simple_type(&def.kind),
            }
        }
    }
}

/// The value of a simple type reference (complex types fall back to text).
pub(crate) fn simple_value(ir: &Ir, ty: TypeRef) -> Value {
    match value(ir, ty) {
        Value::RawXml => Value::Text,
        Value::Defined { simple: false, .. } | Value::Substitution(_) => Value::Text,
        other => other,
    }
}

pub(crate) fn is_simple_type(kind: &TypeKind) -> bool {
    matches!(
        kind,
        TypeKind::Enumeration(_)
            | TypeKind::Restriction(_)
            | TypeKind::List(_)
            | TypeKind::Union(_)
    )
}

/// How many values a field holds, and how.
#[derive(Clone)]
pub(crate) enum Container {
    /// Exactly one value.
    One,
    /// `Option<T>`: absent (min 0) or nil (nillable).
    Optional { nil_when_none: bool },
    /// `Vec<T>`: repeated.
    Many,
    /// An ATL-style array wrapper (an anonymous type holding one repeated element),
    /// flattened to `Vec<item>`: empty is written as nil (nillable), omitted (optional) or an
    /// empty wrapper.
    FlatArray {
        item: Box<ElementField>,
        nillable: bool,
        optional: bool,
    },
}

/// The Rust shape of an element field.
#[derive(Clone)]
pub(crate) struct Shape {
    pub value: Value,
    pub boxed: bool,
    pub container: Container,
}

impl Shape {
    pub fn rust_type(&self) -> TokenStream {
        let mut inner = self.value.rust_type();
        if self.boxed {
            inner = quote!(Box<#inner>);
        }
        match self.container {
            Container::One => inner,
            Container::Optional { .. } => quote!(Option<#inner>),
            Container::Many | Container::FlatArray { .. } => quote!(Vec<#inner>),
        }
    }
}

/// The shape of an element field, from the container the IR gives it.
pub(crate) fn element_shape(ir: &Ir, field: &ElementField) -> Shape {
    let container = match &field.container {
        FieldContainer::FlattenedArray => {
            if let Some(item) = ir.array_wrapper_item(field.ty) {
                return Shape {
                    value: replaced(value(ir, item.ty), field),
                    boxed: false,
                    container: Container::FlatArray {
                        item: Box::new(item.clone()),
                        nillable: field.nillable,
                        optional: field.occurs.is_optional(),
                    },
                };
            }
            unreachable!("a flattened field holds an array wrapper");
        }
        FieldContainer::One => Container::One,
        // A size companion holds no Rust field; its value is the array's length.
        FieldContainer::SizeOf { .. } => Container::One,
        FieldContainer::Optional { nil_when_none } => Container::Optional {
            nil_when_none: *nil_when_none,
        },
        FieldContainer::Many => Container::Many,
    };
    let value = match field.substitution_head {
        Some(head) => match &ir.element(head).substitution {
            Some(substitution) => Value::Substitution(ident(&substitution.rust_name)),
            None => value(ir, field.ty),
        },
        None => replaced(value(ir, field.ty), field),
    };
    Shape {
        value,
        boxed: field.boxed,
        container,
    }
}

/// `value` with the Rust type a type override gives the field, if one does (the resolver
/// only lets overrides match scalar fields).
fn replaced(value: Value, field: &ElementField) -> Value {
    match (value, &field.rust_type) {
        (Value::Scalar(scalar), Some(rust_type)) => Value::Scalar(ScalarType {
            replaced_by: rust_type.name.parse().ok(),
            ..scalar
        }),
        (value, _) => value,
    }
}
