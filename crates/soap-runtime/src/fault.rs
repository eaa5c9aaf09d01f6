//! SOAP faults as data: [`SoapFault`] and its [`FaultCode`]s.
//!
//! Reading and writing them is the envelope's job ([`crate::envelope`]); decoding a typed
//! detail goes through [`SoapFault::decode_detail`], also there.

use std::fmt;

use crate::excerpt::{self, MAX_DETAIL_BYTES, MAX_TEXT_BYTES};
use crate::version::SoapVersion;

/// A qualified name as it appears in a fault code: namespace URI (if the prefix was bound)
/// and local name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultCode {
    /// Namespace URI of the code, e.g. the SOAP envelope namespace for `SOAP:Client`.
    pub namespace: Option<String>,
    /// Local part: `Client`, `Server`, `Sender`, `Receiver`, or an application code.
    pub local_name: String,
}

impl fmt::Display for FaultCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.local_name)
    }
}

/// A SOAP fault, version-neutral: SOAP 1.1 `faultcode/faultstring/faultactor/detail` and SOAP 1.2
/// `Code/Value/Subcode*/Reason/Text/Role/Detail` map onto the same fields.
///
/// A fault read from a response is bounded: the string, actor, node and code names keep at
/// most [`MAX_TEXT_BYTES`] bytes and the detail at most
/// [`MAX_DETAIL_BYTES`], each cut with a
/// `… [cut: N bytes in all]` marker (a cut detail no longer decodes as a typed detail).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoapFault {
    /// Envelope version the fault came in.
    pub version: SoapVersion,
    /// HTTP status of the response that carried the fault (ATL: 500).
    pub http_status: u16,
    /// `faultcode` (1.1) or `Code/Value` (1.2).
    pub code: FaultCode,
    /// SOAP 1.2 `Subcode/Value` chain, outermost first; empty for SOAP 1.1.
    pub subcodes: Vec<FaultCode>,
    /// `faultstring` (1.1) or the first `Reason/Text` (1.2).
    pub string: String,
    /// `faultactor` (1.1) or `Role` (1.2).
    pub actor: Option<String>,
    /// SOAP 1.2 `Node`.
    pub node: Option<String>,
    /// Inner XML of `detail` / `Detail`, verbatim (ATL always sends one, often plain text).
    pub detail: Option<String>,
    /// The namespace declarations in scope at `detail` in the response, `(prefix, URI)` with
    /// `""` for the default namespace: the prefixes `detail` may use without declaring them
    /// (declared on the envelope, say). [`decode_detail`](Self::decode_detail) needs them.
    pub detail_namespaces: Vec<(String, String)>,
}

impl SoapFault {
    /// A fault blaming the request (`Client` in SOAP 1.1, `Sender` in 1.2), sent with HTTP
    /// 500 as ATL Server does; for servers and test doubles. It has no `detail`; one set later
    /// is raw XML, written as is by [`crate::envelope::write_fault`] (escape text first).
    pub fn client(version: SoapVersion, string: impl Into<String>) -> Self {
        let code = match version {
            SoapVersion::Soap11 => "Client",
            SoapVersion::Soap12 => "Sender",
        };
        Self::with_code(version, code, string)
    }

    /// A fault blaming the server (`Server` in SOAP 1.1, `Receiver` in 1.2), with HTTP 500.
    pub fn server(version: SoapVersion, string: impl Into<String>) -> Self {
        let code = match version {
            SoapVersion::Soap11 => "Server",
            SoapVersion::Soap12 => "Receiver",
        };
        Self::with_code(version, code, string)
    }

    fn with_code(version: SoapVersion, code: &str, string: impl Into<String>) -> Self {
        SoapFault {
            version,
            http_status: 500,
            code: FaultCode {
                namespace: Some(version.envelope_namespace().to_owned()),
                local_name: code.to_owned(),
            },
            subcodes: Vec::new(),
            string: string.into(),
            actor: None,
            node: None,
            detail: None,
            detail_namespaces: Vec::new(),
        }
    }

    /// Cuts every text the server sent to its bound (see the type's documentation).
    pub(crate) fn bound(&mut self) {
        for code in std::iter::once(&mut self.code).chain(&mut self.subcodes) {
            excerpt::bound_in_place(&mut code.local_name, MAX_TEXT_BYTES);
        }
        excerpt::bound_in_place(&mut self.string, MAX_TEXT_BYTES);
        for text in [&mut self.actor, &mut self.node].into_iter().flatten() {
            excerpt::bound_in_place(text, MAX_TEXT_BYTES);
        }
        if let Some(detail) = &mut self.detail {
            excerpt::bound_in_place(detail, MAX_DETAIL_BYTES);
        }
    }

    /// Every text the server sent, for redaction.
    pub(crate) fn texts_mut(&mut self) -> impl Iterator<Item = &mut String> {
        std::iter::once(&mut self.code.local_name)
            .chain(self.subcodes.iter_mut().map(|c| &mut c.local_name))
            .chain(std::iter::once(&mut self.string))
            .chain(self.actor.iter_mut())
            .chain(self.node.iter_mut())
            .chain(self.detail.iter_mut())
    }
}

impl fmt::Display for SoapFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SOAP fault {}", self.code)?;
        for sub in &self.subcodes {
            write!(f, "/{sub}")?;
        }
        write!(f, " (HTTP {}): {}", self.http_status, self.string)?;
        if let Some(actor) = &self.actor {
            write!(f, " [actor {actor}]")?;
        }
        if let Some(detail) = self.detail.as_deref().filter(|d| !d.trim().is_empty()) {
            // One readable line, however large the detail.
            write!(f, "; detail: {}", excerpt::body_excerpt(detail.as_bytes()))?;
        }
        Ok(())
    }
}
