//! The XML Schema built-in types.

macro_rules! builtin_types {
    ($($variant:ident => $name:literal,)*) => {
        /// An XML Schema built-in datatype (XSD 1.0, plus the few XSD 1.1 names found in the wild).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum BuiltinType {
            $(
                #[doc = concat!("`xs:", $name, "`")]
                $variant,
            )*
        }

        impl BuiltinType {
            /// Every built-in type.
            pub const ALL: &'static [BuiltinType] = &[$(BuiltinType::$variant),*];

            /// The type's local name in the XML Schema namespace.
            pub fn xsd_name(self) -> &'static str {
                match self {
                    $(BuiltinType::$variant => $name,)*
                }
            }

            /// The built-in type with this local name, if any.
            pub fn from_xsd_name(name: &str) -> Option<Self> {
                match name {
                    $($name => Some(BuiltinType::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

builtin_types! {
    AnyType => "anyType",
    AnySimpleType => "anySimpleType",
    AnyAtomicType => "anyAtomicType",
    String => "string",
    NormalizedString => "normalizedString",
    Token => "token",
    Language => "language",
    Name => "Name",
    NcName => "NCName",
    Id => "ID",
    IdRef => "IDREF",
    IdRefs => "IDREFS",
    Entity => "ENTITY",
    Entities => "ENTITIES",
    NmToken => "NMTOKEN",
    NmTokens => "NMTOKENS",
    QName => "QName",
    Notation => "NOTATION",
    AnyUri => "anyURI",
    Boolean => "boolean",
    Float => "float",
    Double => "double",
    Decimal => "decimal",
    Integer => "integer",
    NonPositiveInteger => "nonPositiveInteger",
    NegativeInteger => "negativeInteger",
    Long => "long",
    Int => "int",
    Short => "short",
    Byte => "byte",
    NonNegativeInteger => "nonNegativeInteger",
    UnsignedLong => "unsignedLong",
    UnsignedInt => "unsignedInt",
    UnsignedShort => "unsignedShort",
    UnsignedByte => "unsignedByte",
    PositiveInteger => "positiveInteger",
    DateTime => "dateTime",
    DateTimeStamp => "dateTimeStamp",
    Time => "time",
    Date => "date",
    GYearMonth => "gYearMonth",
    GYear => "gYear",
    GMonthDay => "gMonthDay",
    GDay => "gDay",
    GMonth => "gMonth",
    Duration => "duration",
    DayTimeDuration => "dayTimeDuration",
    YearMonthDuration => "yearMonthDuration",
    HexBinary => "hexBinary",
    Base64Binary => "base64Binary",
}

impl BuiltinType {
    /// The built-in a SOAP-encoding type name stands for (`soapenc:string`, `soapenc:base64`, …).
    pub fn from_soap_encoding_name(name: &str) -> Option<Self> {
        match name {
            "base64" => Some(BuiltinType::Base64Binary),
            _ => Self::from_xsd_name(name),
        }
    }

    /// Whether values of this type are lists of whitespace-separated items.
    pub fn is_list(self) -> bool {
        matches!(
            self,
            BuiltinType::IdRefs | BuiltinType::Entities | BuiltinType::NmTokens
        )
    }
}

impl serde::Serialize for BuiltinType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.xsd_name())
    }
}

#[cfg(test)]
mod tests {
    use super::BuiltinType;

    #[test]
    fn names_round_trip() {
        for &builtin in BuiltinType::ALL {
            assert_eq!(
                BuiltinType::from_xsd_name(builtin.xsd_name()),
                Some(builtin)
            );
        }
        assert_eq!(BuiltinType::from_xsd_name("Int"), None);
        assert_eq!(
            BuiltinType::from_soap_encoding_name("base64"),
            Some(BuiltinType::Base64Binary)
        );
    }
}
