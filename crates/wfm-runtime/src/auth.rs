//! Bearer tokens: the [`TokenSource`] trait, a [`StaticToken`], and [`GAuthTokenSource`] for the
//! Genesys Authentication API (`POST {base}/auth/v3/oauth/token`).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE};
use tokio::sync::Mutex;
use tokio::time::Instant;
use tracing::Instrument;

use crate::error::{Error, Result, snippet};
use crate::secret::Secret;
use crate::transport::{ClientConfig, host_of, parse_url, read_limited, send_error};

/// A boxed, sendable future (what [`TokenSource`] methods return, so the trait is object safe).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// An OAuth access token. `Debug` and `Display` print `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(Secret);

impl AccessToken {
    /// Wraps a token string.
    pub fn new(token: impl Into<Secret>) -> Self {
        AccessToken(token.into())
    }

    /// The token, for the `Authorization` header.
    pub fn secret(&self) -> &str {
        self.0.expose()
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(***)")
    }
}

impl fmt::Display for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Where a [`SoapClient`](crate::SoapClient) gets its Bearer tokens.
///
/// Implementations must be cheap to call for every request (cache the token) and must make
/// concurrent callers share one refresh.
pub trait TokenSource: Send + Sync + fmt::Debug {
    /// A currently valid token.
    fn token(&self) -> BoxFuture<'_, Result<AccessToken>>;

    /// Called when the server answered 401 with `rejected`: the next [`token`](Self::token)
    /// must not return it again.
    fn invalidate<'a>(&'a self, rejected: &'a AccessToken) -> BoxFuture<'a, ()>;
}

/// A fixed token obtained elsewhere. A 401 cannot be cured by it (the retry sends the same token
/// and then fails with [`Error::Auth`]).
#[derive(Debug, Clone)]
pub struct StaticToken(AccessToken);

impl StaticToken {
    /// Wraps a token string.
    pub fn new(token: impl Into<Secret>) -> Self {
        StaticToken(AccessToken::new(token))
    }
}

impl TokenSource for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }

    fn invalidate<'a>(&'a self, _rejected: &'a AccessToken) -> BoxFuture<'a, ()> {
        Box::pin(async {})
    }
}

/// The OAuth grant a [`GAuthTokenSource`] uses first.
#[derive(Debug, Clone)]
pub enum GAuthGrant {
    /// Resource owner password credentials (`grant_type=password`).
    Password {
        /// GAuth user name (tenant prefix conventions are deployment specific).
        username: String,
        /// The user's password.
        password: Secret,
    },
    /// `grant_type=client_credentials`.
    ClientCredentials,
    /// `grant_type=refresh_token` with a refresh token obtained elsewhere.
    RefreshToken(Secret),
}

impl GAuthGrant {
    fn name(&self) -> &'static str {
        match self {
            GAuthGrant::Password { .. } => "password",
            GAuthGrant::ClientCredentials => "client_credentials",
            GAuthGrant::RefreshToken(_) => "refresh_token",
        }
    }
}

/// Settings of a [`GAuthTokenSource`].
#[derive(Debug, Clone)]
pub struct GAuthConfig {
    /// GAuth base URL, e.g. `https://gws-usw1.genhtcc.com` (`/auth/v3/oauth/token` is appended).
    pub base_url: String,
    /// OAuth client id (sent as `client_id` and in HTTP Basic authentication).
    pub client_id: String,
    /// OAuth client secret (HTTP Basic authentication).
    pub client_secret: Secret,
    /// The grant to use when no refresh token is at hand.
    pub grant: GAuthGrant,
    /// Tokens are renewed this long before `expires_in` runs out (at most half their lifetime).
    /// Default 60 s.
    pub refresh_margin: Duration,
}

impl GAuthConfig {
    /// Settings with the default refresh margin.
    pub fn new(
        base_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
        grant: GAuthGrant,
    ) -> Self {
        GAuthConfig {
            base_url: base_url.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            grant,
            refresh_margin: Duration::from_secs(60),
        }
    }
}

#[derive(Default)]
struct TokenCache {
    token: Option<AccessToken>,
    /// `None`: no `expires_in` given, valid until the server rejects it.
    renew_at: Option<Instant>,
    refresh_token: Option<Secret>,
}

/// Tokens from GAuth, cached until shortly before they expire, renewed by one request however
/// many callers wait (the cache lock is held during the request), with the refresh token when the
/// server gave one and the configured grant otherwise.
///
/// ```no_run
/// # async fn demo() -> wfm_runtime::Result<()> {
/// use std::sync::Arc;
/// use wfm_runtime::auth::{GAuthConfig, GAuthGrant, GAuthTokenSource};
/// use wfm_runtime::{ClientConfig, SoapClient, TokenSource};
/// let gauth = GAuthTokenSource::new(
///     GAuthConfig::new(
///         "https://gauth.example.com",
///         "my-client",
///         "client-secret",
///         GAuthGrant::Password { username: "wfm.api".into(), password: "pw".into() },
///     ),
///     ClientConfig::default(),
/// )?;
/// let token = gauth.token().await?;
/// let client = SoapClient::new(ClientConfig::default())?.with_token_source(Arc::new(gauth));
/// # let _ = (token, client); Ok(()) }
/// ```
pub struct GAuthTokenSource {
    config: GAuthConfig,
    token_url: reqwest::Url,
    http: reqwest::Client,
    client_config: ClientConfig,
    cache: Mutex<TokenCache>,
}

impl fmt::Debug for GAuthTokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GAuthTokenSource")
            .field("token_url", &self.token_url.as_str())
            .field("client_id", &self.config.client_id)
            .field("grant", &self.config.grant.name())
            .finish_non_exhaustive()
    }
}

#[derive(serde::Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
    #[serde(default)]
    refresh_token: Option<String>,
}

impl GAuthTokenSource {
    /// A token source with its own HTTP client (timeouts and size limit from `client_config`).
    pub fn new(config: GAuthConfig, client_config: ClientConfig) -> Result<Self> {
        let http = reqwest::Client::builder()
            .connect_timeout(client_config.connect_timeout)
            .timeout(client_config.request_timeout)
            .user_agent(client_config.user_agent.clone())
            .build()
            .map_err(|e| Error::Config(e.to_string()))?;
        Self::with_http_client(config, client_config, http)
    }

    /// A token source sharing an existing reqwest client (and its pool).
    pub fn with_http_client(
        config: GAuthConfig,
        client_config: ClientConfig,
        http: reqwest::Client,
    ) -> Result<Self> {
        let token_url = parse_url(&format!(
            "{}/auth/v3/oauth/token",
            config.base_url.trim_end_matches('/')
        ))?;
        Ok(GAuthTokenSource {
            config,
            token_url,
            http,
            client_config,
            cache: Mutex::new(TokenCache::default()),
        })
    }

    async fn current_token(&self) -> Result<AccessToken> {
        let mut cache = self.cache.lock().await;
        if let Some(token) = &cache.token {
            if cache.renew_at.is_none_or(|at| Instant::now() < at) {
                return Ok(token.clone());
            }
        }
        let response = match cache.refresh_token.clone() {
            Some(refresh) => {
                match self.request(&GAuthGrant::RefreshToken(refresh)).await {
                    Ok(response) => response,
                    // A refused refresh token: fall back to the configured grant, once.
                    Err(Error::Auth { .. })
                        if !matches!(self.config.grant, GAuthGrant::RefreshToken(_)) =>
                    {
                        cache.refresh_token = None;
                        self.request(&self.config.grant).await?
                    }
                    Err(e) => return Err(e),
                }
            }
            None => self.request(&self.config.grant).await?,
        };
        let token = AccessToken::new(response.access_token);
        cache.renew_at = expires_in_seconds(response.expires_in.as_ref()).map(|seconds| {
            let lifetime = Duration::from_secs_f64(seconds.clamp(0.0, 1e9));
            let margin = self.config.refresh_margin.min(lifetime / 2);
            Instant::now() + (lifetime - margin)
        });
        if let Some(refresh) = response.refresh_token.filter(|r| !r.is_empty()) {
            cache.refresh_token = Some(Secret::new(refresh));
        }
        cache.token = Some(token.clone());
        Ok(token)
    }

    fn form_body(&self, grant: &GAuthGrant) -> String {
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        form.append_pair("grant_type", grant.name());
        form.append_pair("client_id", &self.config.client_id);
        form.append_pair("scope", "*");
        match grant {
            GAuthGrant::Password { username, password } => {
                form.append_pair("username", username);
                form.append_pair("password", password.expose());
            }
            GAuthGrant::RefreshToken(refresh) => {
                form.append_pair("refresh_token", refresh.expose());
            }
            GAuthGrant::ClientCredentials => {}
        }
        form.finish()
    }

    async fn request(&self, grant: &GAuthGrant) -> Result<TokenResponse> {
        let span = tracing::info_span!(
            "gauth_token",
            grant = grant.name(),
            host = %host_of(&self.token_url),
            status = tracing::field::Empty,
        );
        async {
            let form_body = self.form_body(grant);
            let response = self
                .http
                .post(self.token_url.clone())
                .basic_auth(
                    &self.config.client_id,
                    Some(self.config.client_secret.expose()),
                )
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(ACCEPT, "application/json")
                .body(form_body)
                .send()
                .await
                .map_err(|e| send_error(e, &host_of(&self.token_url), &self.client_config))?;
            let status = response.status().as_u16();
            tracing::Span::current().record("status", status);
            let body = read_limited(response, &self.client_config).await?;
            if !(200..300).contains(&status) {
                return Err(Error::Auth {
                    message: format!(
                        "GAuth refused the {} grant: HTTP {status}{}",
                        grant.name(),
                        oauth_error_text(&body)
                    ),
                    status: Some(status),
                });
            }
            let parsed: TokenResponse =
                serde_json::from_slice(&body).map_err(|e| Error::InvalidResponse {
                    what: "token",
                    // serde_json's message names the position, never the content.
                    message: e.to_string(),
                })?;
            if let Some(kind) = parsed.token_type.as_deref() {
                if !kind.eq_ignore_ascii_case("bearer") {
                    return Err(Error::InvalidResponse {
                        what: "token",
                        message: format!("token_type {kind:?} is not bearer"),
                    });
                }
            }
            tracing::info!(status, "token obtained");
            Ok(parsed)
        }
        .instrument(span)
        .await
    }
}

impl TokenSource for GAuthTokenSource {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken>> {
        Box::pin(self.current_token())
    }

    fn invalidate<'a>(&'a self, rejected: &'a AccessToken) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            let mut cache = self.cache.lock().await;
            // Another caller may already have replaced it: keep the new one.
            if cache.token.as_ref() == Some(rejected) {
                cache.token = None;
            }
        })
    }
}

fn expires_in_seconds(value: Option<&serde_json::Value>) -> Option<f64> {
    let seconds = match value? {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    // "NaN" parses as a float; `Duration::from_secs_f64` would panic on it.
    seconds.filter(|s| s.is_finite())
}

/// `: error (description)` from an OAuth or GAuth error body, without echoing anything else.
fn oauth_error_text(body: &[u8]) -> String {
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(body) else {
        return String::new();
    };
    let field = |path: &[&str]| {
        path.iter()
            .try_fold(&json, |v, key| v.get(key))
            .and_then(|v| v.as_str())
            .map(|s| snippet(s, 200))
    };
    match (
        field(&["error"]),
        field(&["error_description"]).or_else(|| field(&["status", "message"])),
    ) {
        (Some(e), Some(d)) => format!(": {e} ({d})"),
        (Some(e), None) | (None, Some(e)) => format!(": {e}"),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expires_in_accepts_numbers_and_numeric_strings_only() {
        let v = |j: &str| serde_json::from_str::<serde_json::Value>(j).ok();
        assert_eq!(expires_in_seconds(v("3600").as_ref()), Some(3600.0));
        assert_eq!(expires_in_seconds(v("\"60\"").as_ref()), Some(60.0));
        assert_eq!(expires_in_seconds(v("\"NaN\"").as_ref()), None);
        assert_eq!(expires_in_seconds(v("\"inf\"").as_ref()), None);
        assert_eq!(expires_in_seconds(v("null").as_ref()), None);
        assert_eq!(expires_in_seconds(None), None);
    }
}
