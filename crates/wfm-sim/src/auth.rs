//! GAuth (`/auth/v3/oauth/token`, `/auth/v3/userinfo`), the tokens it issues, and WFM REST
//! `/wfm/api/v3/system/userinfo`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Extension;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::json;

use crate::data::{ACCOUNTS, API_USER_ID, CLIENT_ID, CLIENT_SECRET};
use crate::fault::IssueLifetime;
use crate::rng::{GAMMA, mix64};
use crate::server::App;

/// Who a token was issued to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// GAuth user name (`sim-client` for the `client_credentials` grant).
    pub name: String,
    /// The WFM user id; `None` for a GAuth user not provisioned in WFM.
    pub wfm_user_id: Option<i32>,
    /// The Configuration Server DBID GAuth reports.
    pub dbid: i64,
}

/// The outcome of checking a request's `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BearerCheck {
    /// A valid token.
    Valid(Principal),
    /// No `Authorization: Bearer` header.
    Missing,
    /// A token the simulator never issued (or has forgotten).
    Unknown,
    /// A token past its lifetime.
    Expired,
}

struct Issued {
    principal: Principal,
    issued_at: Instant,
    expires_at: Instant,
}

/// The tokens GAuth issued: access tokens with the configured lifetime, refresh tokens
/// (single use, rotated) with ten times that.
pub(crate) struct TokenStore {
    ttl: Duration,
    access: Mutex<HashMap<String, Issued>>,
    refresh: Mutex<HashMap<String, Issued>>,
    counter: AtomicU64,
}

impl TokenStore {
    pub(crate) fn new(ttl: Duration) -> Self {
        // Tokens need not be reproducible (the data is); mixing in the clock keeps two runs'
        // tokens apart.
        let clock = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        TokenStore {
            ttl,
            access: Mutex::new(HashMap::new()),
            refresh: Mutex::new(HashMap::new()),
            counter: AtomicU64::new(mix64(clock ^ u64::from(std::process::id()))),
        }
    }

    fn random_token(&self, prefix: &str) -> String {
        let a = mix64(self.counter.fetch_add(GAMMA, Ordering::Relaxed));
        let b = mix64(self.counter.fetch_add(GAMMA, Ordering::Relaxed));
        format!("{prefix}{a:016x}{b:016x}")
    }

    /// Issues an access and a refresh token to `principal`; the access token lives
    /// `access_lifetime`, at most the configured lifetime (a fault may shorten it).
    fn issue(&self, principal: Principal, access_lifetime: Duration) -> (String, String) {
        let now = Instant::now();
        let access = self.random_token("sim-at-");
        let refresh = self.random_token("sim-rt-");
        {
            let mut map = self.access.lock().unwrap_or_else(PoisonError::into_inner);
            map.retain(|_, t| t.expires_at > now);
            map.insert(
                access.clone(),
                Issued {
                    principal: principal.clone(),
                    issued_at: now,
                    expires_at: now + access_lifetime.min(self.ttl),
                },
            );
        }
        let mut map = self.refresh.lock().unwrap_or_else(PoisonError::into_inner);
        map.retain(|_, t| t.expires_at > now);
        map.insert(
            refresh.clone(),
            Issued {
                principal,
                issued_at: now,
                expires_at: now + self.ttl * 10,
            },
        );
        (access, refresh)
    }

    /// Consumes a refresh token.
    fn redeem_refresh(&self, token: &str) -> Option<Principal> {
        let mut map = self.refresh.lock().unwrap_or_else(PoisonError::into_inner);
        let issued = map.remove(token)?;
        (issued.expires_at > Instant::now()).then_some(issued.principal)
    }

    /// Checks `Authorization: Bearer <token>` (the scheme in any case, as GAuth's own docs
    /// write `bearer`).
    pub(crate) fn check(&self, headers: &HeaderMap) -> BearerCheck {
        let Some(token) = bearer_token(headers) else {
            return BearerCheck::Missing;
        };
        let mut map = self.access.lock().unwrap_or_else(PoisonError::into_inner);
        match map.get(token) {
            None => BearerCheck::Unknown,
            Some(issued) if issued.expires_at <= Instant::now() => {
                map.remove(token);
                BearerCheck::Expired
            }
            Some(issued) => BearerCheck::Valid(issued.principal.clone()),
        }
    }

    /// Early expiry: the request's access token, if issued more than `lifetime` ago, expires
    /// now (the next check finds it expired).
    pub(crate) fn expire_if_older(&self, headers: &HeaderMap, lifetime: Duration) {
        let Some(token) = bearer_token(headers) else {
            return;
        };
        let now = Instant::now();
        let mut map = self.access.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(issued) = map.get_mut(token) {
            if issued
                .issued_at
                .checked_add(lifetime)
                .is_some_and(|end| end <= now)
            {
                issued.expires_at = issued.expires_at.min(now);
            }
        }
    }
}

/// The token of `Authorization: Bearer <token>` (the scheme in any case).
fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .filter(|t| !t.is_empty())
}

/// The 401 answer to a request without a valid token.
pub(crate) fn unauthorized(check: &BearerCheck) -> Response {
    let description = match check {
        BearerCheck::Missing => "Full authentication is required to access this resource",
        BearerCheck::Expired => "Access token expired",
        _ => "Invalid access token",
    };
    let mut response = (
        StatusCode::UNAUTHORIZED,
        json_body(json!({"error": "invalid_token", "error_description": description})),
    )
        .into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"wfm-sim\", error=\"invalid_token\""),
    );
    response
}

fn json_body(value: serde_json::Value) -> ([(header::HeaderName, HeaderValue); 1], String) {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json;charset=UTF-8"),
        )],
        value.to_string(),
    )
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        json_body(json!({"error": error, "error_description": description})),
    )
        .into_response()
}

/// The HTTP Basic client id and secret, if the header is well formed.
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

/// `POST /auth/v3/oauth/token`.
pub(crate) async fn token(
    State(app): State<Arc<App>>,
    lifetime: Option<Extension<IssueLifetime>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match basic_credentials(&headers) {
        Some((id, secret)) if id == CLIENT_ID && secret == CLIENT_SECRET => {}
        Some(_) => {
            return oauth_error(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Bad client credentials",
            );
        }
        None => {
            return oauth_error(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Full authentication is required to access this resource",
            );
        }
    }
    let form: HashMap<String, String> = url::form_urlencoded::parse(&body).into_owned().collect();
    let field = |name: &str| form.get(name).map(String::as_str);
    if field("client_id").is_some_and(|id| id != CLIENT_ID) {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "client_id does not match the authenticated client",
        );
    }
    if field("scope").is_some_and(|s| s != "*") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            "Only scope * is supported",
        );
    }
    let principal = match field("grant_type") {
        Some("password") => {
            let (Some(user), Some(password)) = (field("username"), field("password")) else {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "username and password are required",
                );
            };
            match ACCOUNTS
                .iter()
                .find(|a| a.user_name == user && a.password == password)
            {
                Some(account) => Principal {
                    name: account.user_name.to_owned(),
                    wfm_user_id: account.wfm_user_id,
                    dbid: account.dbid,
                },
                None => {
                    return oauth_error(
                        StatusCode::BAD_REQUEST,
                        "invalid_grant",
                        "Bad credentials",
                    );
                }
            }
        }
        Some("client_credentials") => Principal {
            name: CLIENT_ID.to_owned(),
            wfm_user_id: Some(API_USER_ID),
            dbid: 100,
        },
        Some("refresh_token") => {
            let Some(refresh) = field("refresh_token") else {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "refresh_token is required",
                );
            };
            match app.sim.tokens.redeem_refresh(refresh) {
                Some(principal) => principal,
                None => {
                    return oauth_error(
                        StatusCode::BAD_REQUEST,
                        "invalid_grant",
                        "Invalid refresh token",
                    );
                }
            }
        }
        Some(other) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                &format!("Unsupported grant type: {other}"),
            );
        }
        None => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "grant_type is required",
            );
        }
    };
    // An early-expiry fault shortens the token's real life, not the lifetime announced.
    let ttl = app.sim.config.token_ttl;
    let lifetime = lifetime.map_or(ttl, |Extension(IssueLifetime(lifetime))| lifetime);
    let (access, refresh) = app.sim.tokens.issue(principal, lifetime);
    let expires_in = ttl.as_secs_f64().ceil() as u64;
    (
        StatusCode::OK,
        json_body(json!({
            "access_token": access,
            "token_type": "bearer",
            "expires_in": expires_in,
            "refresh_token": refresh,
            "scope": "*",
        })),
    )
        .into_response()
}

/// `GET /auth/v3/userinfo`: GAuth's `CloudUserDetails`.
pub(crate) async fn gauth_userinfo(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let principal = match app.sim.tokens.check(&headers) {
        BearerCheck::Valid(p) => p,
        other => return unauthorized(&other),
    };
    let authority = if principal.wfm_user_id.is_some() {
        "ROLE_WFM_USER"
    } else {
        "ROLE_USER"
    };
    (
        StatusCode::OK,
        json_body(json!({
            "authorities": [{"authority": authority}],
            "username": format!("{}\\{}\\sim-cc-0001", principal.name, principal.dbid),
            "cmeUserName": principal.name,
            "loginName": principal.name,
            "contactCenterId": "sim-cc-0001",
            "environmentId": "sim-env-0001",
            "dbid": principal.dbid,
            "properties": {},
        })),
    )
        .into_response()
}

/// `GET /wfm/api/v3/system/userinfo`: 401 without a valid token, 403 for a user not
/// provisioned in WFM. The JSON field names are not public; the simulator answers `userId`,
/// `userName`, `userType` and a few more.
pub(crate) async fn wfm_userinfo(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let principal = match app.sim.tokens.check(&headers) {
        BearerCheck::Valid(p) => p,
        other => return unauthorized(&other),
    };
    let Some(user_id) = principal.wfm_user_id else {
        return (
            StatusCode::FORBIDDEN,
            json_body(json!({
                "status": {"code": 403, "message": "Forbidden",
                           "detail": "The user is not provisioned in WFM"},
            })),
        )
            .into_response();
    };
    let user = app.sim.org_read().users.get(&user_id).cloned();
    let (first, last, role) = user
        .map(|u| (u.gsw_first_name, u.gsw_last_name, u.wm_security_role_id))
        .unwrap_or_default();
    let user_type = match user_id {
        API_USER_ID => "API",
        crate::data::AGENT_USER_ID => "AGENT",
        _ => "SUPERVISOR",
    };
    (
        StatusCode::OK,
        json_body(json!({
            "userId": user_id,
            "userName": principal.name,
            "userType": user_type,
            "firstName": first,
            "lastName": last,
            "securityRoleId": role,
            "tenantId": 1,
        })),
    )
        .into_response()
}
