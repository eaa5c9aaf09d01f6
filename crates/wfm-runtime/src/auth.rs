//! Tokens from the Genesys Authentication API (GAuth): [`GAuthTokenSource`] requests them
//! with `POST {base}/auth/v3/oauth/token`, caches them, and shares each refresh among all the
//! callers waiting for it.

use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use soap_runtime::excerpt::{self, RequestSecrets};
use soap_runtime::{
    AccessToken, BoxFuture, CallSite, ClientConfig, Error, ErrorKind, HttpTransport, Result,
    Secret, TokenSource,
};
use tokio::sync::watch;
use tokio::time::Instant;
use tracing::Instrument;

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
    /// How long token requests wait after a failed one.
    pub backoff: Backoff,
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
            backoff: Backoff::default(),
        }
    }
}

/// How token requests back off after a failure: the first retry waits `initial`, each further
/// one twice as long, up to `max`; each wait is shortened by a random part of up to `jitter`
/// of it, so that many clients failing together do not retry together.
///
/// Until the wait is over, callers get the failure again at once (with the time left), and no
/// request is made.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Backoff {
    /// The wait after one failure. Default 1 s.
    pub initial: Duration,
    /// The longest wait. Default 60 s.
    pub max: Duration,
    /// The largest part of a wait taken off at random, from 0.0 to 1.0. Default 0.5.
    pub jitter: f64,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            initial: Duration::from_secs(1),
            max: Duration::from_secs(60),
            jitter: 0.5,
        }
    }
}

impl Backoff {
    /// The wait after `failures` consecutive failures (at least 1).
    pub fn delay(&self, failures: u32) -> Duration {
        let doubling = 2f64.powi(failures.saturating_sub(1).min(30) as i32);
        let full = self.initial.as_secs_f64() * doubling;
        let bounded = full.min(self.max.as_secs_f64());
        let random = RandomState::new().hash_one(failures) as f64 / u64::MAX as f64;
        let jittered = bounded * (1.0 - self.jitter.clamp(0.0, 1.0) * random);
        Duration::from_secs_f64(jittered.max(0.0))
    }
}

/// The outcome of one refresh, as every caller waiting for it receives it.
type Outcome = Option<Result<AccessToken>>;

#[derive(Default)]
struct TokenState {
    token: Option<AccessToken>,
    /// `None`: no `expires_in` given, valid until the server rejects it.
    renew_at: Option<Instant>,
    refresh_token: Option<Secret>,
    /// The refresh under way, whose outcome its waiters receive.
    in_flight: Option<watch::Receiver<Outcome>>,
    /// The last refresh failed: its error, repeated to callers until `retry_at`.
    failure: Option<Failure>,
    /// Refreshes failed in a row (0 after a success).
    consecutive_failures: u32,
}

struct Failure {
    error: Error,
    retry_at: Instant,
}

impl TokenState {
    fn fresh_token(&self, now: Instant) -> Option<AccessToken> {
        let token = self.token.as_ref()?;
        self.renew_at
            .is_none_or(|at| now < at)
            .then(|| token.clone())
    }
}

/// Tokens from GAuth, cached until shortly before they expire.
///
/// A refresh is single-flight: however many callers need a token at once, one request is made
/// and every caller gets its outcome, token or error. No lock is held while the request runs,
/// and a caller that gives up (its future dropped) hands the refresh on to the others. After
/// a failure, further requests wait out a [`Backoff`]; meanwhile callers get the failure at
/// once. A refresh uses the refresh token when the server gave one, and the configured grant
/// otherwise (or when the refresh token is refused).
///
/// Failures: credentials refused (HTTP 400, 401, 403) are [`ErrorKind::Auth`]; the service
/// down, slow or unreadable (timeout, connection failure, HTTP 429 or 5xx, a body that is not
/// a token) is [`ErrorKind::TokenUnavailable`], which is retryable. Redirects are never
/// followed: the request carries the password or refresh token, so a 3xx is
/// [`ErrorKind::Redirect`]. Text from GAuth in an error is bounded, and the request's
/// password, client secret and refresh token are redacted from it.
///
/// ```no_run
/// # async fn demo() -> wfm_runtime::Result<()> {
/// use std::sync::Arc;
/// use wfm_runtime::auth::{GAuthConfig, GAuthGrant, GAuthTokenSource};
/// use wfm_runtime::{ClientConfig, HttpTransport, TokenSource};
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
/// let client = HttpTransport::new(ClientConfig::default())?.with_token_source(Arc::new(gauth));
/// # let _ = (token, client); Ok(()) }
/// ```
pub struct GAuthTokenSource {
    config: GAuthConfig,
    token_url: url::Url,
    call_site: CallSite,
    /// A client without a token source: token requests carry the client's credentials.
    http: HttpTransport,
    state: Mutex<TokenState>,
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

/// What a caller needing a token does: take the outcome it has, lead a refresh (with the
/// refresh token, if any), or wait for the refresh under way.
enum Step<'s> {
    Done(Result<AccessToken>),
    Lead(Leader<'s>, Option<Secret>),
    Wait(watch::Receiver<Outcome>),
}

/// What one refresh brought back.
struct Refreshed {
    response: Result<TokenResponse>,
    /// The refresh token was refused: forget it.
    refresh_token_refused: bool,
}

/// The leader's hold on a refresh. Dropped without [`finish`](Self::finish) (its caller gave
/// up), it withdraws the refresh, so that a waiting caller starts another.
struct Leader<'s> {
    source: &'s GAuthTokenSource,
    publish: Option<watch::Sender<Outcome>>,
}

impl Leader<'_> {
    fn finish(mut self, refreshed: Refreshed) -> Result<AccessToken> {
        let source = self.source;
        let mut state = source.state();
        state.in_flight = None;
        if refreshed.refresh_token_refused {
            state.refresh_token = None;
        }
        let outcome = match refreshed.response {
            Ok(response) => {
                let token = AccessToken::new(response.access_token);
                state.renew_at = expires_in_seconds(response.expires_in.as_ref()).map(|seconds| {
                    let lifetime = Duration::from_secs_f64(seconds.clamp(0.0, 1e9));
                    let margin = source.config.refresh_margin.min(lifetime / 2);
                    Instant::now() + (lifetime - margin)
                });
                if let Some(refresh) = response.refresh_token.filter(|r| !r.is_empty()) {
                    state.refresh_token = Some(Secret::new(refresh));
                }
                state.token = Some(token.clone());
                state.failure = None;
                state.consecutive_failures = 0;
                Ok(token)
            }
            Err(error) => {
                state.consecutive_failures = state.consecutive_failures.saturating_add(1);
                let wait = source.config.backoff.delay(state.consecutive_failures);
                state.failure = Some(Failure {
                    error: error.clone(),
                    retry_at: Instant::now() + wait,
                });
                Err(error)
            }
        };
        drop(state);
        if let Some(publish) = self.publish.take() {
            // No receiver left is fine: nobody was waiting.
            let _ = publish.send(Some(outcome.clone()));
        }
        outcome
    }
}

impl Drop for Leader<'_> {
    fn drop(&mut self) {
        if self.publish.is_some() {
            // Abandoned mid-request: the waiters see the sender dropped and try again.
            self.source.state().in_flight = None;
        }
    }
}

impl GAuthTokenSource {
    /// A token source with its own HTTP client (timeouts and size limit from `client_config`;
    /// redirects are never followed).
    pub fn new(config: GAuthConfig, client_config: ClientConfig) -> Result<Self> {
        let http = HttpTransport::new(client_config)?;
        let text = format!(
            "{}/auth/v3/oauth/token",
            config.base_url.trim_end_matches('/')
        );
        let token_url =
            url::Url::parse(&text).map_err(|e| ErrorKind::InvalidUrl(format!("{text:?}: {e}")))?;
        Ok(GAuthTokenSource {
            call_site: CallSite::http("POST", &token_url),
            config,
            token_url,
            http,
            state: Mutex::new(TokenState::default()),
        })
    }

    fn state(&self) -> MutexGuard<'_, TokenState> {
        // The state stays consistent between statements, so a panic elsewhere cannot leave
        // it half-updated: a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    async fn current_token(&self) -> Result<AccessToken> {
        loop {
            match self.next_step() {
                Step::Done(outcome) => return outcome,
                Step::Lead(leader, refresh_token) => {
                    let refreshed = self.refresh(refresh_token).await;
                    return leader.finish(refreshed);
                }
                Step::Wait(mut in_flight) => {
                    if let Ok(outcome) = in_flight.wait_for(Option::is_some).await {
                        if let Some(outcome) = outcome.as_ref() {
                            return outcome.clone();
                        }
                    }
                    // The leader gave up before an outcome: start again (one waiter leads).
                }
            }
        }
    }

    /// What a caller needing a token does next, decided under the lock (which is released
    /// before anything is awaited).
    fn next_step(&self) -> Step<'_> {
        let mut state = self.state();
        let now = Instant::now();
        if let Some(token) = state.fresh_token(now) {
            return Step::Done(Ok(token));
        }
        if let Some(in_flight) = &state.in_flight {
            return Step::Wait(in_flight.clone());
        }
        if let Some(failure) = state.failure.as_ref().filter(|f| now < f.retry_at) {
            return Step::Done(Err(with_retry_in(
                failure.error.clone(),
                failure.retry_at - now,
            )));
        }
        let (publish, in_flight) = watch::channel(None);
        state.in_flight = Some(in_flight);
        Step::Lead(
            Leader {
                source: self,
                publish: Some(publish),
            },
            state.refresh_token.clone(),
        )
    }

    /// One refresh: the refresh token if there is one (falling back to the configured grant
    /// when it is refused), else the configured grant.
    async fn refresh(&self, refresh_token: Option<Secret>) -> Refreshed {
        let Some(refresh) = refresh_token else {
            return Refreshed {
                response: self.request(&self.config.grant).await,
                refresh_token_refused: false,
            };
        };
        match self.request(&GAuthGrant::RefreshToken(refresh)).await {
            Err(e)
                if matches!(e.kind(), ErrorKind::Auth { .. })
                    && !matches!(self.config.grant, GAuthGrant::RefreshToken(_)) =>
            {
                Refreshed {
                    response: self.request(&self.config.grant).await,
                    refresh_token_refused: true,
                }
            }
            response => Refreshed {
                response,
                refresh_token_refused: false,
            },
        }
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

    /// The secrets a request with `grant` carries, to keep out of its errors.
    fn secrets(&self, grant: &GAuthGrant) -> RequestSecrets {
        let mut secrets = RequestSecrets::new();
        secrets.push(self.config.client_secret.clone());
        match grant {
            GAuthGrant::Password { password, .. } => secrets.push(password.clone()),
            GAuthGrant::RefreshToken(refresh) => secrets.push(refresh.clone()),
            GAuthGrant::ClientCredentials => {}
        }
        secrets
    }

    async fn request(&self, grant: &GAuthGrant) -> Result<TokenResponse> {
        let span = tracing::info_span!(
            "gauth_token",
            grant = grant.name(),
            host = self.token_url.host_str().unwrap_or_default(),
            status = tracing::field::Empty,
        );
        self.send(grant)
            .instrument(span)
            .await
            .map_err(|e| e.redacted(&self.secrets(grant)).with_call(&self.call_site))
    }

    async fn send(&self, grant: &GAuthGrant) -> Result<TokenResponse> {
        let unavailable = |message: String, status: Option<u16>| -> Error {
            ErrorKind::TokenUnavailable {
                message,
                status,
                retry_in: None,
            }
            .into()
        };
        let credentials = (self.config.client_id.as_str(), &self.config.client_secret);
        let response = self
            .http
            .post_form(&self.token_url, Some(credentials), self.form_body(grant))
            .await
            .map_err(|e| match e.kind() {
                // Never followed: the form holds the password or the refresh token.
                ErrorKind::Redirect { .. } => e,
                // Whatever broke on the way, the token service is not available.
                kind => unavailable(kind.to_string(), e.http_status()),
            })?;
        let status = response.status;
        tracing::Span::current().record("status", status);
        let body = response.body;
        match status {
            200..=299 => {}
            429 | 500..=599 => {
                return Err(unavailable(
                    format!("HTTP {status}{}", oauth_error_text(&body)),
                    Some(status),
                ));
            }
            _ => {
                return Err(ErrorKind::Auth {
                    message: format!(
                        "GAuth refused the {} grant: HTTP {status}{}",
                        grant.name(),
                        oauth_error_text(&body)
                    ),
                    status: Some(status),
                }
                .into());
            }
        }
        let parsed: TokenResponse = serde_json::from_slice(&body).map_err(|e| {
            // serde_json's message names the position, never the content.
            unavailable(
                format!("the token response is unreadable: {e}"),
                Some(status),
            )
        })?;
        if let Some(kind) = parsed.token_type.as_deref() {
            if !kind.eq_ignore_ascii_case("bearer") {
                return Err(ErrorKind::InvalidResponse {
                    what: "token",
                    message: format!("token_type {:?} is not bearer", excerpt::bounded(kind, 64)),
                }
                .into());
            }
        }
        tracing::info!(status, "token obtained");
        Ok(parsed)
    }
}

impl TokenSource for GAuthTokenSource {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken>> {
        Box::pin(self.current_token())
    }

    fn invalidate<'a>(&'a self, rejected: &'a AccessToken) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            let mut state = self.state();
            // Another caller may already have replaced it: keep the new one.
            if state.token.as_ref() == Some(rejected) {
                state.token = None;
            }
        })
    }
}

/// `error` as returned to a caller during the backoff: with the time left, when it says the
/// service is unavailable.
fn with_retry_in(error: Error, left: Duration) -> Error {
    error.map_kind(|kind| match kind {
        ErrorKind::TokenUnavailable {
            message, status, ..
        } => ErrorKind::TokenUnavailable {
            message,
            status,
            retry_in: Some(left),
        },
        other => other,
    })
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

/// `: error (description)` from an OAuth or GAuth error body, bounded, without echoing
/// anything else.
fn oauth_error_text(body: &[u8]) -> String {
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(body) else {
        return String::new();
    };
    let field = |path: &[&str]| {
        path.iter()
            .try_fold(&json, |v, key| v.get(key))
            .and_then(|v| v.as_str())
            .map(|s| excerpt::bounded(s, 256))
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
