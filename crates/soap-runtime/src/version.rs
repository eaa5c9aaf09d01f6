//! The SOAP protocol versions and their envelope namespaces.

/// The SOAP 1.1 envelope namespace.
pub const SOAP11_ENVELOPE_NAMESPACE: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// The SOAP 1.2 envelope namespace.
pub const SOAP12_ENVELOPE_NAMESPACE: &str = "http://www.w3.org/2003/05/soap-envelope";

/// The SOAP protocol version of an envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SoapVersion {
    /// SOAP 1.1, the only version ATL Server speaks.
    Soap11,
    /// SOAP 1.2.
    Soap12,
}

impl SoapVersion {
    /// The envelope namespace URI of this version.
    pub fn envelope_namespace(self) -> &'static str {
        match self {
            SoapVersion::Soap11 => SOAP11_ENVELOPE_NAMESPACE,
            SoapVersion::Soap12 => SOAP12_ENVELOPE_NAMESPACE,
        }
    }

    /// The version whose envelope namespace is `namespace`.
    pub(crate) fn from_namespace(namespace: Option<&str>) -> Option<Self> {
        match namespace {
            Some(SOAP11_ENVELOPE_NAMESPACE) => Some(SoapVersion::Soap11),
            Some(SOAP12_ENVELOPE_NAMESPACE) => Some(SoapVersion::Soap12),
            _ => None,
        }
    }
}
