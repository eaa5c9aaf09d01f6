//! HTTP transport: [`HttpTransport`] sends SOAP 1.1/1.2 requests (and the few REST calls the
//! bootstrap needs) over one pooled reqwest client with rustls, Bearer tokens, timeouts, a
//! response size limit and one retry after a 401.
//!
//! Redirects are never followed: a SOAP request may carry credentials (a login envelope), and
//! a reply from another host must not pass for the call's result. A 3xx is
//! [`ErrorKind::Redirect`], naming the status and the `Location`. Every error of a call names
//! the call ([`CallSite`]), and the values the request's writer marked as secret
//! ([`XmlWriter::mark_secret`]) are redacted from it.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue};
use tracing::Instrument;

use crate::envelope::{self, write_envelope, write_envelope_with_header};
use crate::error::{CallSite, Error, ErrorKind, Result, shown_url};
use crate::excerpt;
use crate::secret::Secret;
use crate::token::{AccessToken, TokenSource};
use crate::version::SoapVersion;

mod response;

use crate::xml::{ReaderOptions, XmlWriter};
use response::{Reply, content_type_of, read_limited, redirect_error, send_error};
pub use response::{RestResponse, SoapResponse};

/// Settings of an [`HttpTransport`].
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Limit for establishing a TCP/TLS connection. Default 10 s.
    pub connect_timeout: Duration,
    /// Limit for a whole request, response body included. Default 120 s.
    pub request_timeout: Duration,
    /// Largest accepted response body (after gzip decoding), enforced while streaming.
    /// Default 64 MiB.
    pub max_response_bytes: u64,
    /// Limits for decoding responses.
    pub reader_options: ReaderOptions,
    /// `User-Agent` header.
    pub user_agent: String,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(120),
            max_response_bytes: 64 * 1024 * 1024,
            reader_options: ReaderOptions::default(),
            user_agent: concat!("soap-runtime/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

/// Static description of one SOAP operation; generated ports keep one `const` per operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// Service name, e.g. `ConfigService850` (for logs and errors).
    pub service: &'static str,
    /// Operation name, e.g. `getSecurityRole`.
    pub name: &'static str,
    /// SOAPAction value without quotes, e.g. `#getSecurityRole`.
    pub action: &'static str,
    /// Envelope version.
    pub version: SoapVersion,
    /// The element the response body must start with, for document-style operations (a
    /// response starting with another element fails with
    /// [`DecodeErrorKind::WrongElement`](crate::DecodeErrorKind::WrongElement) naming both);
    /// `None` to accept any.
    pub response: Option<ResponseElement>,
}

/// The qualified name of a response's body element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseElement {
    /// Namespace URI (`None` for an unqualified element).
    pub namespace: Option<&'static str>,
    /// Local name, e.g. `GetAgentStateResponse`.
    pub local_name: &'static str,
}

/// A SOAP endpoint URL, parsed once: a port keeps one and passes it to every call. Cheap to
/// clone.
///
/// Building one never fails; an invalid URL is reported by each call as
/// [`ErrorKind::InvalidUrl`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint(Arc<ParsedEndpoint>);

#[derive(Debug, PartialEq, Eq)]
struct ParsedEndpoint {
    text: String,
    /// The URL as errors show it: without a user name or password.
    shown: Arc<str>,
    parsed: std::result::Result<reqwest::Url, String>,
}

impl Endpoint {
    /// Parses `url`.
    pub fn new(url: impl Into<String>) -> Self {
        let text = url.into();
        let parsed = reqwest::Url::parse(&text).map_err(|e| format!("{text:?}: {e}"));
        let shown = match &parsed {
            Ok(url) => shown_url(url),
            Err(_) => Arc::from(text.as_str()),
        };
        Endpoint(Arc::new(ParsedEndpoint {
            text,
            shown,
            parsed,
        }))
    }

    /// The URL as given.
    pub fn as_str(&self) -> &str {
        &self.0.text
    }

    /// The parsed URL, or the error that makes it unusable.
    fn url(&self) -> Result<&reqwest::Url> {
        self.0
            .parsed
            .as_ref()
            .map_err(|message| ErrorKind::InvalidUrl(message.clone()).into())
    }

    /// The call site of `operation` at this endpoint, for errors.
    fn call_site(&self, operation: &Operation) -> CallSite {
        CallSite::Soap {
            operation: operation.name,
            endpoint: self.0.shown.clone(),
        }
    }
}

impl From<&str> for Endpoint {
    fn from(url: &str) -> Self {
        Endpoint::new(url)
    }
}

impl From<String> for Endpoint {
    fn from(url: String) -> Self {
        Endpoint::new(url)
    }
}

/// The HTTP client generated ports call: one connection pool, Bearer tokens from a
/// [`TokenSource`], timeouts and a response size limit. Cheap to clone (shared pool).
///
/// ```
/// use std::sync::Arc;
/// use soap_runtime::{ClientConfig, HttpTransport, StaticToken};
/// let client = HttpTransport::new(ClientConfig::default())?
///     .with_token_source(Arc::new(StaticToken::new("token-from-elsewhere")));
/// # let _ = client; Ok::<(), soap_runtime::Error>(())
/// ```
#[derive(Clone)]
pub struct HttpTransport {
    http: reqwest::Client,
    tokens: Option<Arc<dyn TokenSource>>,
    config: Arc<ClientConfig>,
}

impl fmt::Debug for HttpTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpTransport")
            .field("config", &self.config)
            .field("tokens", &self.tokens)
            .finish_non_exhaustive()
    }
}

impl HttpTransport {
    /// A client without authentication (on-premises servers), with its own connection pool.
    pub fn new(config: ClientConfig) -> Result<Self> {
        let http = build_http_client(&config)?;
        Ok(HttpTransport {
            http,
            tokens: None,
            config: Arc::new(config),
        })
    }

    /// Sends `Authorization: Bearer <token>` from `tokens` on every request.
    pub fn with_token_source(mut self, tokens: Arc<dyn TokenSource>) -> Self {
        self.tokens = Some(tokens);
        self
    }

    /// The client's settings.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// Calls `operation` at `endpoint`: writes the envelope around `write_body`, POSTs it with the
    /// version's headers (SOAP 1.1: `text/xml` and a quoted `SOAPAction`; SOAP 1.2:
    /// `application/soap+xml; action="…"`), and returns the 2xx response for decoding.
    ///
    /// Any other status carrying a SOAP fault is [`ErrorKind::Fault`]; any other status
    /// without one (ATL's "no SOAPAction" 500, 404, 502, ...) is [`ErrorKind::Http`]; a 3xx is
    /// [`ErrorKind::Redirect`] (never followed); a 401 gets one retry with a fresh token, then
    /// [`ErrorKind::Auth`]. Every error names the operation and the endpoint.
    pub async fn call(
        &self,
        operation: &Operation,
        endpoint: &Endpoint,
        write_body: impl FnOnce(&mut XmlWriter),
    ) -> Result<SoapResponse> {
        let mut writer = XmlWriter::with_capacity(1024);
        write_envelope(&mut writer, operation.version, write_body);
        self.send(operation, endpoint, writer).await
    }

    /// Like [`HttpTransport::call`], with SOAP header blocks written by `write_header` into
    /// `soap:Header` (left out when it writes nothing).
    pub async fn call_with_header(
        &self,
        operation: &Operation,
        endpoint: &Endpoint,
        write_header: impl FnOnce(&mut XmlWriter),
        write_body: impl FnOnce(&mut XmlWriter),
    ) -> Result<SoapResponse> {
        let mut writer = XmlWriter::with_capacity(1024);
        write_envelope_with_header(&mut writer, operation.version, write_header, write_body);
        self.send(operation, endpoint, writer).await
    }

    /// [`call`](Self::call), then `decode` of the response, in one future. A generated client's
    /// method returns it, which keeps each method a plain function: an `async fn` per
    /// operation costs the compiler a coroutine each, and a WSDL may have a thousand.
    pub async fn call_then<T>(
        &self,
        operation: &Operation,
        endpoint: &Endpoint,
        write_body: impl FnOnce(&mut XmlWriter),
        decode: impl FnOnce(SoapResponse) -> Result<T>,
    ) -> Result<T> {
        decode(self.call(operation, endpoint, write_body).await?)
    }

    /// [`call_with_header`](Self::call_with_header), then `decode` of the response, in one
    /// future (see [`call_then`](Self::call_then)).
    pub async fn call_with_header_then<T>(
        &self,
        operation: &Operation,
        endpoint: &Endpoint,
        write_header: impl FnOnce(&mut XmlWriter),
        write_body: impl FnOnce(&mut XmlWriter),
        decode: impl FnOnce(SoapResponse) -> Result<T>,
    ) -> Result<T> {
        decode(
            self.call_with_header(operation, endpoint, write_header, write_body)
                .await?,
        )
    }

    /// POSTs a written envelope for `operation` and returns the 2xx response.
    async fn send(
        &self,
        operation: &Operation,
        endpoint: &Endpoint,
        writer: XmlWriter,
    ) -> Result<SoapResponse> {
        let call_site = endpoint.call_site(operation);
        let secrets = writer.secrets().clone();
        let reply = match self.post_envelope(operation, endpoint, writer).await {
            Ok(reply) if (200..300).contains(&reply.status) => Ok(reply),
            Ok(reply) => Err(self.error_for_status(&reply)),
            Err(e) => Err(e),
        }
        .map_err(|e: Error| e.redacted(&secrets).with_call(&call_site))?;
        Ok(SoapResponse {
            status: reply.status,
            content_type: reply.content_type,
            body: reply.body,
            reader_options: self.config.reader_options,
            operation: *operation,
            call_site,
            secrets,
        })
    }

    async fn post_envelope(
        &self,
        operation: &Operation,
        endpoint: &Endpoint,
        writer: XmlWriter,
    ) -> Result<Reply> {
        let url = endpoint.url()?;
        let body = bytes::Bytes::from(writer.into_bytes());
        let (content_type, accept) = match operation.version {
            SoapVersion::Soap11 => (
                HeaderValue::from_static("text/xml; charset=utf-8"),
                "text/xml",
            ),
            SoapVersion::Soap12 => (
                header_value(&format!(
                    "application/soap+xml; charset=utf-8; action=\"{}\"",
                    operation.action
                ))?,
                "application/soap+xml",
            ),
        };
        let soap_action = header_value(&format!("\"{}\"", operation.action))?;
        let span = tracing::info_span!(
            "soap_call",
            service = operation.service,
            operation = operation.name,
            host = %host_of(url),
            status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
            bytes_sent = body.len(),
            bytes_received = tracing::field::Empty,
        );
        let version = operation.version;
        self.execute(url, |token| {
            let mut request = self
                .http
                .post(url.clone())
                .header(CONTENT_TYPE, content_type.clone())
                .header(ACCEPT, accept)
                .body(body.clone());
            if version == SoapVersion::Soap11 {
                request = request.header("SOAPAction", soap_action.clone());
            }
            authorize(request, token)
        })
        .instrument(span)
        .await
    }

    /// `GET url` with `Accept: application/json` and the Bearer token (REST calls, such as a
    /// service's bootstrap call). Non-2xx statuses are [`ErrorKind::Http`] (401 after one retry:
    /// [`ErrorKind::Auth`]; 3xx: [`ErrorKind::Redirect`]). Errors name the request.
    pub async fn get_rest(&self, url: &str) -> Result<RestResponse> {
        let parsed = parse_url(url)?;
        let call_site = CallSite::http("GET", &parsed);
        let span = tracing::info_span!(
            "rest_call",
            method = "GET",
            path = parsed.path(),
            host = %host_of(&parsed),
            status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
            bytes_received = tracing::field::Empty,
        );
        let reply = self
            .execute(&parsed, |token| {
                let request = self
                    .http
                    .get(parsed.clone())
                    .header(ACCEPT, "application/json");
                authorize(request, token)
            })
            .instrument(span)
            .await;
        match reply {
            Ok(reply) if (200..300).contains(&reply.status) => Ok(RestResponse {
                status: reply.status,
                content_type: reply.content_type,
                body: reply.body,
            }),
            Ok(reply) => Err(self.error_for_status(&reply)),
            Err(e) => Err(e),
        }
        .map_err(|e| e.with_call(&call_site))
    }

    /// `POST url` with a form body (`application/x-www-form-urlencoded`), `Accept:
    /// application/json`, HTTP Basic credentials if given, and no Bearer token: what an OAuth
    /// token endpoint takes. The response comes back whatever its status, for the caller to
    /// read (an OAuth error body, say), except a 3xx, which is [`ErrorKind::Redirect`]: the
    /// form is never sent on. Transport failures are as for calls; errors name the request.
    pub async fn post_form(
        &self,
        url: &reqwest::Url,
        basic_auth: Option<(&str, &Secret)>,
        form: String,
    ) -> Result<RestResponse> {
        let call_site = CallSite::http("POST", url);
        let mut request = self
            .http
            .post(url.clone())
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .body(form);
        if let Some((user, password)) = basic_auth {
            request = request.basic_auth(user, Some(password.expose()));
        }
        let result = async {
            let response = request
                .send()
                .await
                .map_err(|e| send_error(e, &host_of(url), &self.config))?;
            let status = response.status().as_u16();
            if response.status().is_redirection() {
                return Err(redirect_error(status, &response));
            }
            let content_type = content_type_of(&response);
            let body = read_limited(response, &self.config).await?;
            Ok(RestResponse {
                status,
                content_type,
                body,
            })
        }
        .await;
        result.map_err(|e| e.with_call(&call_site))
    }

    /// Sends the request built by `build` (with the current token), retries once with a fresh
    /// token after a 401, reads the body within the size limit, and records the span fields.
    async fn execute(
        &self,
        url: &reqwest::Url,
        build: impl Fn(Option<&AccessToken>) -> reqwest::RequestBuilder,
    ) -> Result<Reply> {
        let started = Instant::now();
        let span = tracing::Span::current();
        // The token the server refused, once it has refused one.
        let mut refused: Option<AccessToken> = None;
        let result = loop {
            let token = match &self.tokens {
                Some(source) => Some(source.token().await?),
                None => None,
            };
            let response = match build(token.as_ref()).send().await {
                Ok(response) => response,
                Err(e) => break Err(send_error(e, &host_of(url), &self.config)),
            };
            let status = response.status().as_u16();
            if response.status().is_redirection() {
                break Err(redirect_error(status, &response));
            }
            if status == 401 {
                let message = match (&self.tokens, token, refused) {
                    (Some(source), Some(token), None) => {
                        tracing::debug!("HTTP 401: invalidating the token and retrying once");
                        source.invalidate(&token).await;
                        refused = Some(token);
                        continue;
                    }
                    (None, _, _) | (_, None, _) => {
                        "the server answered HTTP 401 (no token source configured)"
                    }
                    (Some(_), Some(token), Some(first)) if token == first => {
                        "the server answered HTTP 401, and again when the same token was sent \
                         once more: the token source has no other (a fixed token cannot be renewed)"
                    }
                    (Some(_), Some(_), Some(_)) => {
                        "the server answered HTTP 401 again after a token refresh"
                    }
                };
                break Err(ErrorKind::Auth {
                    message: message.into(),
                    status: Some(401),
                }
                .into());
            }
            let content_type = content_type_of(&response);
            break read_limited(response, &self.config)
                .await
                .map(|body| Reply {
                    status,
                    content_type,
                    body,
                });
        };
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        match &result {
            Ok(reply) => {
                span.record("status", reply.status);
                span.record("bytes_received", reply.body.len());
                tracing::info!(
                    status = reply.status,
                    bytes_received = reply.body.len(),
                    "call finished"
                );
            }
            // The error's label only: its text may quote response content.
            Err(e) => tracing::info!(error = e.label(), "call failed"),
        }
        result
    }

    /// The error for a response that is not 2xx: its SOAP fault if it carries one, else
    /// [`ErrorKind::Http`] with its content type and an excerpt of its body.
    fn error_for_status(&self, reply: &Reply) -> Error {
        if envelope::looks_like_envelope(&reply.body) {
            if let Ok(text) = std::str::from_utf8(&reply.body) {
                if let Err(fault) =
                    envelope::read_body(text, self.config.reader_options, reply.status)
                {
                    if matches!(fault.kind(), ErrorKind::Fault(_)) {
                        return fault;
                    }
                }
            }
        }
        ErrorKind::Http {
            status: reply.status,
            content_type: reply.content_type.clone(),
            body_snippet: excerpt::body_excerpt(&reply.body),
        }
        .into()
    }
}

/// The HTTP client of an [`HttpTransport`]: pooled, with the configured timeouts, gzip, and no
/// redirects followed.
fn build_http_client(config: &ClientConfig) -> Result<reqwest::Client> {
    reqwest::Client::builder()
        // A redirect is returned to the caller as an error, never followed: requests carry
        // credentials in their bodies (password grants, login envelopes), which reqwest would
        // send on to the new location.
        .redirect(reqwest::redirect::Policy::none())
        // Retries are decided above HTTP (one after a 401). reqwest's own only covers HTTP/2
        // refusals, which HTTP/1.1 never sends; with none allowed it also stops copying every
        // request in case of one.
        .retry(reqwest::retry::never().max_retries_per_request(0))
        .connect_timeout(config.connect_timeout)
        .timeout(config.request_timeout)
        .user_agent(config.user_agent.clone())
        .gzip(true)
        .build()
        .map_err(|e| ErrorKind::Config(e.to_string()).into())
}

fn authorize(
    request: reqwest::RequestBuilder,
    token: Option<&AccessToken>,
) -> reqwest::RequestBuilder {
    match token {
        // `bearer_auth` marks the header sensitive, so reqwest never prints it.
        Some(token) => request.bearer_auth(token.secret()),
        None => request,
    }
}

fn parse_url(url: &str) -> Result<reqwest::Url> {
    reqwest::Url::parse(url).map_err(|e| ErrorKind::InvalidUrl(format!("{url:?}: {e}")).into())
}

fn header_value(value: &str) -> Result<HeaderValue> {
    HeaderValue::from_str(value)
        .map_err(|_| ErrorKind::Config(format!("invalid header value {value:?}")).into())
}

fn host_of(url: &reqwest::Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        _ => String::new(),
    }
}
