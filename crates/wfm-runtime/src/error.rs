//! The one error type of the runtime and of the generated SDK.
//!
//! Every variant carries the context a user needs to act (HTTP status, fault code, element path
//! and byte position) and never a token or password: request headers are not part of any
//! variant, and body snippets come from server responses only.

use std::fmt;
use std::time::Duration;

use crate::envelope::SoapVersion;
use crate::xml::{Element, XmlReader, XmlWriter};

/// Result alias used throughout the runtime and generated code.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when calling a WFM service.
///
/// Large variants are boxed so that `Result<T>` stays small on the decode hot path.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The TCP or TLS connection to the server could not be established.
    #[error("could not connect to {host}: {source}")]
    Connect {
        /// Host (and port) of the endpoint.
        host: String,
        /// The underlying HTTP client error.
        #[source]
        source: Box<reqwest::Error>,
    },
    /// The server closed the connection (or it broke) before a complete response head arrived.
    #[error("connection to {host} closed before a response was received: {source}")]
    ConnectionClosed {
        /// Host (and port) of the endpoint.
        host: String,
        /// The underlying HTTP client error.
        #[source]
        source: Box<reqwest::Error>,
    },
    /// The response body ended early: fewer bytes than announced, or the connection broke
    /// while the body was streaming.
    #[error("response body truncated after {received} bytes{}", fmt_expected(*.expected))]
    TruncatedBody {
        /// Bytes received before the body ended.
        received: u64,
        /// The announced `Content-Length`, if any.
        expected: Option<u64>,
    },
    /// Any other transport failure (protocol error, TLS error, redirect loop, ...).
    #[error("HTTP transport error: {0}")]
    Transport(#[source] Box<reqwest::Error>),
    /// The connect or request timeout elapsed.
    #[error("{phase} timed out after {after:?}")]
    Timeout {
        /// What timed out: `"connect"` or `"request"`.
        phase: &'static str,
        /// The configured limit that elapsed.
        after: Duration,
    },
    /// The server answered with an HTTP status that carries no SOAP fault (for example ATL's
    /// HTTP 500 for a request without `SOAPAction`, a 404, or a gateway error).
    #[error("HTTP {status}: {body_snippet}")]
    Http {
        /// The HTTP status code.
        status: u16,
        /// The first bytes of the response body (at most 512, lossily decoded).
        body_snippet: String,
    },
    /// The server answered with a SOAP 1.1 or 1.2 fault.
    #[error("{0}")]
    Fault(Box<SoapFault>),
    /// The response XML could not be decoded.
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// Authentication failed: the token endpoint refused the credentials, or the server still
    /// answered 401 after one token refresh.
    #[error("authentication failed: {message}")]
    Auth {
        /// What failed (never contains a secret).
        message: String,
        /// The HTTP status that reported the failure, if any.
        status: Option<u16>,
    },
    /// GAuth accepted the user, but WFM answered `403 Forbidden` on `/wfm/api/v3/system/userinfo`.
    #[error(
        "the user exists in GAuth but is not provisioned in WFM (HTTP {status} from userinfo); \
         ask Genesys to provision the user for WFM API access"
    )]
    NotProvisioned {
        /// The HTTP status (403).
        status: u16,
    },
    /// The generated client cannot make this call: the WSDL describes it in a way the
    /// generator does not support (for example rpc/encoded bodies).
    #[error("operation {operation} is not supported: {reason}")]
    Unsupported {
        /// The WSDL operation name.
        operation: &'static str,
        /// Why it is not supported.
        reason: &'static str,
    },
    /// The WFM session's service map has no URL for this service.
    #[error("service {0:?} is not available in this WFM session")]
    ServiceUnavailable(String),
    /// The response body exceeded the configured maximum size.
    #[error("response exceeds the limit of {limit} bytes")]
    ResponseTooLarge {
        /// The configured limit in bytes.
        limit: u64,
    },
    /// A URL was invalid (endpoint, base URL, or a service URL returned by the server); the
    /// text names the URL and the reason.
    #[error("invalid URL {0}")]
    InvalidUrl(String),
    /// A JSON response (token or userinfo) could not be understood.
    #[error("invalid {what} response: {message}")]
    InvalidResponse {
        /// Which response: `"token"`, `"userinfo"`, ...
        what: &'static str,
        /// What was wrong with it.
        message: String,
    },
    /// The client could not be configured (for example the TLS backend failed to initialise).
    #[error("client configuration error: {0}")]
    Config(String),
}

impl Error {
    /// A short, stable name of the variant (`"fault"`, `"http"`, `"timeout"`, ...) for logs and
    /// metrics; unlike `Display` it never quotes response content.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Connect { .. } => "connect",
            Error::ConnectionClosed { .. } => "connection_closed",
            Error::TruncatedBody { .. } => "truncated_body",
            Error::Transport(_) => "transport",
            Error::Timeout { .. } => "timeout",
            Error::Http { .. } => "http",
            Error::Fault(_) => "fault",
            Error::Decode(_) => "decode",
            Error::Auth { .. } => "auth",
            Error::NotProvisioned { .. } => "not_provisioned",
            Error::ServiceUnavailable(_) => "service_unavailable",
            Error::Unsupported { .. } => "unsupported",
            Error::ResponseTooLarge { .. } => "response_too_large",
            Error::InvalidUrl(_) => "invalid_url",
            Error::InvalidResponse { .. } => "invalid_response",
            Error::Config(_) => "config",
        }
    }
}

fn fmt_expected(expected: Option<u64>) -> String {
    match expected {
        Some(n) => format!(" of {n} announced"),
        None => String::new(),
    }
}

impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        Error::Decode(Box::new(e))
    }
}

impl From<SoapFault> for Error {
    fn from(f: SoapFault) -> Self {
        Error::Fault(Box::new(f))
    }
}

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

    /// ATL Server's fault for a request it cannot parse or dispatch: a client fault with ATL's
    /// default faultstring, `SOAP Invalid Request`, and `explanation` (escaped) as the text of
    /// `detail`. Generated dispatchers answer a request they cannot decode with it.
    pub fn invalid_request(version: SoapVersion, explanation: impl AsRef<str>) -> Self {
        let mut detail = Vec::new();
        crate::xml::escape_text_into(explanation.as_ref(), &mut detail);
        SoapFault {
            detail: Some(String::from_utf8_lossy(&detail).into_owned()),
            ..Self::client(version, "SOAP Invalid Request")
        }
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

    /// Sets the detail to the XML that `write` writes (for servers: a generated fault enum's
    /// `to_fault` writes the detail element with the generated writer).
    ///
    /// ```
    /// use wfm_runtime::{SoapFault, SoapVersion};
    /// let fault = SoapFault::server(SoapVersion::Soap11, "no such account")
    ///     .with_detail(|w| w.text_element("reason", "closed & archived"));
    /// assert_eq!(fault.detail.as_deref(), Some("<reason>closed &amp; archived</reason>"));
    /// ```
    pub fn with_detail(mut self, write: impl FnOnce(&mut XmlWriter)) -> Self {
        let mut w = XmlWriter::new();
        write(&mut w);
        self.detail = Some(String::from_utf8_lossy(&w.into_bytes()).into_owned());
        self
    }

    /// Decodes the first element of the detail with `decode`, which returns `Ok(None)` for an
    /// element it does not know. `Ok(None)` too when there is no detail or it holds no element
    /// (ATL's plain text). The detail is decoded on its own, with
    /// [`detail_namespaces`](Self::detail_namespaces) declared around it; an error names the
    /// path from `detail` and does not change the fault.
    ///
    /// ```
    /// use wfm_runtime::{SoapFault, SoapVersion};
    /// let mut fault = SoapFault::server(SoapVersion::Soap11, "no funds");
    /// fault.detail = Some("<p:Funds><available>12</available></p:Funds>".into());
    /// fault.detail_namespaces = vec![("p".into(), "urn:bank".into())];
    /// let available = fault.decode_detail(|r, element| {
    ///     if !element.is(Some("urn:bank"), "Funds") {
    ///         return Ok(None);
    ///     }
    ///     let child = r.next_child(element)?.expect("a child");
    ///     Ok(Some(r.read_scalar::<i32>(&child)?))
    /// })?;
    /// assert_eq!(available, Some(12));
    /// # Ok::<(), wfm_runtime::Error>(())
    /// ```
    pub fn decode_detail<T>(
        &self,
        decode: impl for<'a> FnOnce(&mut XmlReader<'a>, &Element<'a>) -> Result<Option<T>>,
    ) -> Result<Option<T>> {
        let Some(detail) = self.detail.as_deref() else {
            return Ok(None);
        };
        let mut w = XmlWriter::with_capacity(detail.len() + 64);
        w.start_element("detail");
        for (prefix, uri) in &self.detail_namespaces {
            w.namespace_declaration((!prefix.is_empty()).then_some(prefix.as_str()), uri);
        }
        w.raw(detail);
        w.end_element("detail");
        let document = String::from_utf8_lossy(&w.into_bytes()).into_owned();
        let mut r = XmlReader::new(&document);
        let root = r.root()?;
        match r.next_child(&root)? {
            Some(element) => decode(&mut r, &element),
            None => Ok(None),
        }
    }
}

impl fmt::Display for SoapFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SOAP fault {}", self.code)?;
        for sub in &self.subcodes {
            write!(f, "/{sub}")?;
        }
        write!(f, " (HTTP {}): {}", self.http_status, self.string)?;
        if let Some(detail) = self.detail.as_deref().filter(|d| !d.trim().is_empty()) {
            write!(f, "; detail: {}", snippet(detail, 256))?;
        }
        Ok(())
    }
}

/// A decode failure with the element path and the byte position where it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Element path from the document root, e.g.
    /// `Envelope/Body/GetAgentStateResponse/return/schAgentState[17]/wmPaid`.
    /// `[n]` is the zero-based position among consecutive same-named siblings (omitted for 0).
    pub path: String,
    /// Byte offset into the decoded document.
    pub position: u64,
    /// What went wrong.
    pub kind: DecodeErrorKind,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "decode error at {} (byte {}): {}",
            self.path, self.position, self.kind
        )
    }
}

impl std::error::Error for DecodeError {}

/// The kinds of [`DecodeError`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The document is not well-formed XML.
    #[error("malformed XML: {0}")]
    Syntax(String),
    /// The input is not valid UTF-8.
    #[error("input is not valid UTF-8")]
    InvalidUtf8,
    /// The input ended inside an element.
    #[error("unexpected end of input")]
    UnexpectedEof,
    /// The document has a `<!DOCTYPE ...>`; DTDs are refused (entity expansion attacks).
    #[error("DTDs are not allowed")]
    DtdNotAllowed,
    /// Elements are nested deeper than the reader's limit.
    #[error("elements nested deeper than the limit of {limit}")]
    TooDeep {
        /// The configured limit.
        limit: usize,
    },
    /// A scalar's text is not a valid lexical form of its XSD type.
    #[error("invalid {type_name} value {value:?}")]
    InvalidValue {
        /// XSD type name, e.g. `xs:int`.
        type_name: &'static str,
        /// The offending text (truncated to 64 characters).
        value: String,
    },
    /// A namespace prefix is used without a declaration.
    #[error("undeclared namespace prefix {0:?}")]
    UnboundPrefix(String),
    /// An entity other than the five predefined ones or a character reference.
    #[error("unknown entity &{0};")]
    UnknownEntity(String),
    /// Text content was expected, an element was found.
    #[error("expected text content, found element <{0}>")]
    UnexpectedElement(String),
    /// A required element is missing.
    #[error("missing required element <{0}>")]
    MissingElement(String),
    /// A different element was expected here.
    #[error("expected element {expected}, found {found}")]
    WrongElement {
        /// What was expected (`{namespace}local`).
        expected: String,
        /// What was found (`{namespace}local`).
        found: String,
    },
    /// Any other violation of the expected document shape.
    #[error("{0}")]
    Invalid(String),
    /// Generated code used the reader out of order (a bug in the generator, not in the input).
    #[error("reader used out of order: {0}")]
    ReaderMisuse(&'static str),
}

/// The first `max` characters of `text`, with `…` when cut.
pub(crate) fn snippet(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}
