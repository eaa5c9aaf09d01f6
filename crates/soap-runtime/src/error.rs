//! The one error type of the runtime and of generated code.
//!
//! [`Error`] is small (one pointer) and cloneable: what went wrong is its [`ErrorKind`], and
//! an error from a call also names the call ([`CallSite`]: the operation and its endpoint).
//! No variant carries a token or a password: request headers are not part of any, text that
//! servers send is bounded ([`crate::excerpt`]), and the secrets a request carried are
//! redacted from it.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::excerpt::{self, RequestSecrets};
use crate::fault::SoapFault;

/// Result alias used throughout the runtime and generated code.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when calling a SOAP service: an [`ErrorKind`], and for errors
/// of a call, the [`CallSite`].
///
/// `Display` reads `GetQuote at http://quotes.example/soap: HTTP 503: …`; match on
/// [`kind`](Self::kind) to handle a case:
///
/// ```
/// use soap_runtime::{Error, ErrorKind};
/// fn describe(error: &Error) -> String {
///     match error.kind() {
///         ErrorKind::Fault(fault) => format!("the server refused: {}", fault.string),
///         ErrorKind::Timeout { .. } if error.is_retryable() => "try again later".into(),
///         _ => error.to_string(),
///     }
/// }
/// # let _ = describe;
/// ```
#[derive(Clone)]
pub struct Error(Box<Inner>);

#[derive(Clone)]
struct Inner {
    kind: ErrorKind,
    call: Option<CallSite>,
}

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// What went wrong, by value.
    pub fn into_kind(self) -> ErrorKind {
        self.0.kind
    }

    /// The call that failed, for errors of a call.
    pub fn call(&self) -> Option<&CallSite> {
        self.0.call.as_ref()
    }

    /// The SOAP fault, when the server answered with one.
    pub fn fault(&self) -> Option<&SoapFault> {
        match &self.0.kind {
            ErrorKind::Fault(fault) => Some(fault),
            _ => None,
        }
    }

    /// The HTTP status of the response that failed the call, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        match &self.0.kind {
            ErrorKind::Http { status, .. }
            | ErrorKind::Redirect { status, .. }
            | ErrorKind::UnexpectedContent { status, .. } => Some(*status),
            ErrorKind::Fault(fault) => Some(fault.http_status),
            ErrorKind::Auth { status, .. } | ErrorKind::TokenUnavailable { status, .. } => *status,
            _ => None,
        }
    }

    /// Whether the same call may succeed if made again later, unchanged: the network or the
    /// server was unavailable (connection refused or broken, timeout, HTTP 429/502/503/504,
    /// the token service down). The request may have reached the server before the failure,
    /// so retrying an operation that is not idempotent stays the caller's decision.
    pub fn is_retryable(&self) -> bool {
        match &self.0.kind {
            ErrorKind::Connect { .. }
            | ErrorKind::ConnectionClosed { .. }
            | ErrorKind::TruncatedBody { .. }
            | ErrorKind::Timeout { .. }
            | ErrorKind::TokenUnavailable { .. } => true,
            ErrorKind::Http { status, .. } | ErrorKind::UnexpectedContent { status, .. } => {
                matches!(status, 429 | 502 | 503 | 504)
            }
            _ => false,
        }
    }

    /// A short, stable name of the kind (`"fault"`, `"http"`, `"timeout"`, ...) for logs and
    /// metrics; unlike `Display` it never quotes response content.
    pub fn label(&self) -> &'static str {
        self.0.kind.label()
    }

    /// An error of a layer built on this runtime ([`ErrorKind::Other`]).
    pub fn other(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        ErrorKind::Other(Arc::new(error)).into()
    }

    /// The layer's error inside an [`ErrorKind::Other`], if it is a `T`.
    pub fn downcast_ref<T: std::error::Error + 'static>(&self) -> Option<&T> {
        match &self.0.kind {
            ErrorKind::Other(error) => error.downcast_ref(),
            _ => None,
        }
    }

    /// The error with its kind replaced by `f(kind)`, naming the same call: for a layer that
    /// reads a failure its own way (a 403 that means "not provisioned", say).
    pub fn map_kind(mut self, f: impl FnOnce(ErrorKind) -> ErrorKind) -> Self {
        let Inner { kind, call } = *self.0;
        *self.0 = Inner {
            kind: f(kind),
            call,
        };
        self
    }

    /// The error, naming `call` as the call that failed (a call already named is kept).
    pub fn with_call(mut self, call: &CallSite) -> Self {
        if self.0.call.is_none() {
            self.0.call = Some(call.clone());
        }
        self
    }

    /// The error with every occurrence of the request's secrets removed from server text.
    pub fn redacted(mut self, secrets: &RequestSecrets) -> Self {
        if secrets.is_empty() {
            return self;
        }
        let values = secrets.values();
        self.0
            .kind
            .server_texts_mut()
            .for_each(|text| excerpt::redact(text, &values));
        self
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.0.kind);
        if let Some(call) = &self.0.call {
            d.field("call", call);
        }
        d.finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.call {
            Some(call) => write!(f, "{call}: {}", self.0.kind),
            None => fmt::Display::fmt(&self.0.kind, f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.0.kind)
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error(Box::new(Inner { kind, call: None }))
    }
}

impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        ErrorKind::Decode(e).into()
    }
}

impl From<SoapFault> for Error {
    fn from(f: SoapFault) -> Self {
        ErrorKind::Fault(f).into()
    }
}

/// The call an error belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallSite {
    /// A SOAP operation at an endpoint: `GetAgentState at http://…/?Handler=…`.
    Soap {
        /// The WSDL operation name.
        operation: &'static str,
        /// The endpoint URL (without any user name or password it had).
        endpoint: Arc<str>,
    },
    /// A plain HTTP request (a token request, a REST call): `POST https://…/oauth/token`.
    Http {
        /// The HTTP method.
        method: &'static str,
        /// The URL (without any user name or password it had).
        url: Arc<str>,
    },
}

impl CallSite {
    /// A plain HTTP request to `url`, shown without any user name or password it has.
    pub fn http(method: &'static str, url: &url::Url) -> Self {
        CallSite::Http {
            method,
            url: shown_url(url),
        }
    }
}

/// The URL as errors show it: without a user name or password.
pub(crate) fn shown_url(url: &url::Url) -> Arc<str> {
    if url.username().is_empty() && url.password().is_none() {
        return Arc::from(url.as_str());
    }
    let mut shown = url.clone();
    // These fail only for URLs that cannot have credentials, which then have none.
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    Arc::from(shown.as_str())
}

impl fmt::Display for CallSite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallSite::Soap {
                operation,
                endpoint,
            } => write!(f, "{operation} at {endpoint}"),
            CallSite::Http { method, url } => write!(f, "{method} {url}"),
        }
    }
}

/// What went wrong; see [`Error`].
///
/// Variants that quote the server (fault texts, body excerpts, error descriptions) hold
/// bounded text, cut with a `… [cut: N bytes in all]` marker.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The TCP or TLS connection to the server could not be established.
    #[error("could not connect to {host}: {source}")]
    Connect {
        /// Host (and port) of the endpoint.
        host: String,
        /// The underlying HTTP client error.
        #[source]
        source: Arc<reqwest::Error>,
    },
    /// The server closed the connection (or it broke) before a complete response head arrived.
    #[error("connection to {host} closed before a response was received: {source}")]
    ConnectionClosed {
        /// Host (and port) of the endpoint.
        host: String,
        /// The underlying HTTP client error.
        #[source]
        source: Arc<reqwest::Error>,
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
    /// The response body is compressed (`Content-Encoding`) but its data is corrupt.
    #[error("the response body's {encoding} data is corrupt: {source}")]
    Decompression {
        /// The `Content-Encoding`, e.g. `gzip`.
        encoding: String,
        /// The decompressor's error.
        #[source]
        source: Arc<reqwest::Error>,
    },
    /// Any other transport failure (protocol error, TLS error, ...).
    #[error("HTTP transport error: {0}")]
    Transport(#[source] Arc<reqwest::Error>),
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
    #[error("HTTP {status}{}: {body_snippet}", fmt_content_type(content_type.as_deref()))]
    Http {
        /// The HTTP status code.
        status: u16,
        /// The response's `Content-Type`, if any.
        content_type: Option<String>,
        /// An excerpt of the response body (see [`crate::excerpt::body_excerpt`]).
        body_snippet: String,
    },
    /// The server answered with a redirect. Redirects are never followed: the request may
    /// carry credentials (a password grant, a login envelope) that must not go elsewhere.
    #[error(
        "HTTP {status} redirect to {}; redirects are not followed (point the client at the new address if it is trusted)",
        location.as_deref().unwrap_or("an unnamed location")
    )]
    Redirect {
        /// The HTTP status (301, 302, 303, 307, 308).
        status: u16,
        /// The `Location` header, if any (bounded).
        location: Option<String>,
    },
    /// The server answered a SOAP call with something that is not a SOAP envelope (an HTML
    /// error page, JSON, an empty body).
    #[error(
        "expected a SOAP envelope, got HTTP {status} with {}: {}",
        content_type.as_deref().map_or_else(|| "no Content-Type".to_owned(), |t| format!("Content-Type {t}")),
        if excerpt.is_empty() { "an empty body" } else { excerpt.as_str() }
    )]
    UnexpectedContent {
        /// The HTTP status.
        status: u16,
        /// The response's `Content-Type`, if any.
        content_type: Option<String>,
        /// An excerpt of the body (empty for an empty body).
        excerpt: String,
    },
    /// The server answered with a SOAP 1.1 or 1.2 fault.
    #[error("{0}")]
    Fault(SoapFault),
    /// The response XML could not be decoded.
    #[error("{0}")]
    Decode(DecodeError),
    /// Authentication failed: the token service refused the credentials, or the server still
    /// answered 401 after one token refresh. Not retryable: the credentials need fixing.
    #[error("authentication failed: {message}")]
    Auth {
        /// What failed (never contains a secret).
        message: String,
        /// The HTTP status that reported the failure, if any.
        status: Option<u16>,
    },
    /// The token service could not be reached or did not answer usefully (timeout, connection
    /// failure, HTTP 429 or 5xx, an unreadable answer). Retryable: the credentials may be
    /// fine.
    #[error("the token service is unavailable: {message}{}", fmt_retry_in(*.retry_in))]
    TokenUnavailable {
        /// What failed (never contains a secret).
        message: String,
        /// The HTTP status, if the service answered.
        status: Option<u16>,
        /// When the next token request will be made, if requests are backing off.
        retry_in: Option<Duration>,
    },
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
    /// A JSON response (a token, a REST call) could not be understood.
    #[error("invalid {what} response: {message}")]
    InvalidResponse {
        /// Which response: `"token"`, ...
        what: &'static str,
        /// What was wrong with it.
        message: String,
    },
    /// The client could not be configured (for example the TLS backend failed to initialise).
    #[error("client configuration error: {0}")]
    Config(String),
    /// An error of a layer built on this runtime (a service SDK's own cases), reachable with
    /// [`Error::downcast_ref`].
    #[error("{0}")]
    Other(Arc<dyn std::error::Error + Send + Sync + 'static>),
}

impl ErrorKind {
    /// A short, stable name of the kind (`"fault"`, `"http"`, `"timeout"`, ...) for logs and
    /// metrics; unlike `Display` it never quotes response content.
    pub fn label(&self) -> &'static str {
        match self {
            ErrorKind::Connect { .. } => "connect",
            ErrorKind::ConnectionClosed { .. } => "connection_closed",
            ErrorKind::TruncatedBody { .. } => "truncated_body",
            ErrorKind::Decompression { .. } => "decompression",
            ErrorKind::Transport(_) => "transport",
            ErrorKind::Timeout { .. } => "timeout",
            ErrorKind::Http { .. } => "http",
            ErrorKind::Redirect { .. } => "redirect",
            ErrorKind::UnexpectedContent { .. } => "unexpected_content",
            ErrorKind::Fault(_) => "fault",
            ErrorKind::Decode(_) => "decode",
            ErrorKind::Auth { .. } => "auth",
            ErrorKind::TokenUnavailable { .. } => "token_unavailable",
            ErrorKind::ResponseTooLarge { .. } => "response_too_large",
            ErrorKind::InvalidUrl(_) => "invalid_url",
            ErrorKind::InvalidResponse { .. } => "invalid_response",
            ErrorKind::Config(_) => "config",
            ErrorKind::Other(_) => "other",
        }
    }

    /// The texts in this error that came from a server.
    fn server_texts_mut(&mut self) -> Box<dyn Iterator<Item = &mut String> + '_> {
        match self {
            ErrorKind::Http { body_snippet, .. } => Box::new(std::iter::once(body_snippet)),
            ErrorKind::Redirect { location, .. } => Box::new(location.iter_mut()),
            ErrorKind::UnexpectedContent { excerpt, .. } => Box::new(std::iter::once(excerpt)),
            ErrorKind::Fault(fault) => Box::new(fault.texts_mut()),
            ErrorKind::Decode(decode) => Box::new(decode.texts_mut()),
            ErrorKind::Auth { message, .. }
            | ErrorKind::TokenUnavailable { message, .. }
            | ErrorKind::InvalidResponse { message, .. } => Box::new(std::iter::once(message)),
            _ => Box::new(std::iter::empty()),
        }
    }
}

fn fmt_expected(expected: Option<u64>) -> String {
    match expected {
        Some(n) => format!(" of {n} announced"),
        None => String::new(),
    }
}

fn fmt_content_type(content_type: Option<&str>) -> String {
    content_type.map(|t| format!(" ({t})")).unwrap_or_default()
}

fn fmt_retry_in(retry_in: Option<Duration>) -> String {
    match retry_in {
        Some(after) => format!(" (next attempt in {:.1} s)", after.as_secs_f64()),
        None => String::new(),
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
        if self.path.is_empty() {
            // Before the document element: there is no path to name.
            write!(f, "decode error at byte {}: {}", self.position, self.kind)
        } else {
            write!(
                f,
                "decode error at {} (byte {}): {}",
                self.path, self.position, self.kind
            )
        }
    }
}

impl std::error::Error for DecodeError {}

impl DecodeError {
    /// The texts in this error that may quote the document.
    fn texts_mut(&mut self) -> Box<dyn Iterator<Item = &mut String> + '_> {
        let kind: Box<dyn Iterator<Item = &mut String>> = match &mut self.kind {
            DecodeErrorKind::Syntax(text)
            | DecodeErrorKind::UnboundPrefix(text)
            | DecodeErrorKind::UnknownEntity(text)
            | DecodeErrorKind::UnexpectedElement(text)
            | DecodeErrorKind::MissingElement(text)
            | DecodeErrorKind::DanglingReference(text)
            | DecodeErrorKind::CyclicReference(text)
            | DecodeErrorKind::Invalid(text) => Box::new(std::iter::once(text)),
            DecodeErrorKind::InvalidValue { value, .. } => Box::new(std::iter::once(value)),
            DecodeErrorKind::WrongElement { expected, found } => {
                Box::new([expected, found].into_iter())
            }
            _ => Box::new(std::iter::empty()),
        };
        Box::new(std::iter::once(&mut self.path).chain(kind))
    }
}

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
    /// A SOAP-encoded accessor refers (`href="#id"`, `enc:ref="id"`) to an id no element of
    /// the message carries.
    #[error("reference to #{0}, which no element of the message carries")]
    DanglingReference(String),
    /// A SOAP-encoded value refers back to itself, directly or through others: a graph a Rust
    /// value (a tree) cannot hold.
    #[error("cyclic reference: #{0} is read again while it is being read")]
    CyclicReference(String),
    /// Shared SOAP-encoded references would make the reader read more than its limit (a message
    /// built to blow up when every reference is expanded).
    #[error("multi-references expand to more than {limit} bytes")]
    ReferenceExpansion {
        /// The limit on the bytes read again through references.
        limit: usize,
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
