//! Qualified XML names and the namespaces every WSDL set assumes.

use std::fmt;

/// The XML Schema namespace.
pub const XSD_NS: &str = "http://www.w3.org/2001/XMLSchema";
/// Pre-Recommendation XML Schema namespaces still found in old ATL Server and SOAP toolkits.
pub const XSD_LEGACY_NS: [&str; 2] = [
    "http://www.w3.org/2000/10/XMLSchema",
    "http://www.w3.org/1999/XMLSchema",
];
/// The XML Schema instance namespace (`xsi:type`, `xsi:nil`).
pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// The `xml:` namespace.
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// WSDL 1.1.
pub const WSDL_NS: &str = "http://schemas.xmlsoap.org/wsdl/";
/// WSDL 1.1 SOAP 1.1 binding extension.
pub const WSDL_SOAP11_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap/";
/// WSDL 1.1 SOAP 1.2 binding extension.
pub const WSDL_SOAP12_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap12/";
/// WSDL 1.1 HTTP binding extension.
pub const WSDL_HTTP_NS: &str = "http://schemas.xmlsoap.org/wsdl/http/";
/// WSDL 1.1 MIME binding extension.
pub const WSDL_MIME_NS: &str = "http://schemas.xmlsoap.org/wsdl/mime/";
/// SOAP 1.1 encoding (`soapenc:Array`, `soapenc:string`, …).
pub const SOAP_ENCODING_NS: &str = "http://schemas.xmlsoap.org/soap/encoding/";
/// SOAP 1.2 encoding.
pub const SOAP12_ENCODING_NS: &str = "http://www.w3.org/2003/05/soap-encoding";
/// SOAP 1.1 envelope.
pub const SOAP11_ENVELOPE_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// SOAP 1.2 envelope.
pub const SOAP12_ENVELOPE_NS: &str = "http://www.w3.org/2003/05/soap-envelope";
/// The ATL Server WSDL extension namespace (`atls:SizeIs`).
pub const ATL_SERVER_NS: &str = "http://tempuri.org/vc/atl/server/";
/// The SOAP-over-HTTP transport URI.
pub const SOAP_HTTP_TRANSPORT: &str = "http://schemas.xmlsoap.org/soap/http";

/// Whether `ns` names XML Schema itself (current or legacy).
pub fn is_xsd_namespace(ns: &str) -> bool {
    ns == XSD_NS || XSD_LEGACY_NS.contains(&ns)
}

/// Namespaces whose definitions are built in, so importing them needs no file.
pub fn is_well_known_namespace(ns: &str) -> bool {
    is_xsd_namespace(ns)
        || [
            XSI_NS,
            XML_NS,
            WSDL_NS,
            SOAP_ENCODING_NS,
            SOAP12_ENCODING_NS,
            SOAP11_ENVELOPE_NS,
            SOAP12_ENVELOPE_NS,
        ]
        .contains(&ns)
}

/// An expanded XML name: namespace URI (absent for "no namespace") and local name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct QName {
    /// Namespace URI; `None` for names in no namespace.
    pub namespace: Option<String>,
    /// Local name.
    pub local: String,
}

impl QName {
    /// A name in a namespace.
    pub fn new(namespace: impl Into<String>, local: impl Into<String>) -> Self {
        QName {
            namespace: Some(namespace.into()),
            local: local.into(),
        }
    }

    /// A name whose namespace may be absent.
    pub fn with_optional_namespace(namespace: Option<&str>, local: impl Into<String>) -> Self {
        QName {
            namespace: namespace.map(str::to_owned),
            local: local.into(),
        }
    }

    /// The namespace, or `""` for no namespace.
    pub fn namespace_str(&self) -> &str {
        self.namespace.as_deref().unwrap_or("")
    }
}

impl fmt::Display for QName {
    /// Clark notation: `{namespace}local`, or `local` in no namespace.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.namespace {
            Some(ns) => write!(f, "{{{ns}}}{}", self.local),
            None => f.write_str(&self.local),
        }
    }
}
