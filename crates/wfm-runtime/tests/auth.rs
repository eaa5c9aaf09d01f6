//! Token sources against a GAuth-like token server on 127.0.0.1: caching, expiry, single-flight
//! refresh, refresh-token use, 401 → refresh → retry once, userinfo, and secrecy.

#![allow(clippy::unwrap_used)] // reason: tests fail loudly on unexpected shapes

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use loopback::*;
use wfm_runtime::auth::{GAuthConfig, GAuthGrant, GAuthTokenSource};
use wfm_runtime::soap_runtime::{Operation, SoapVersion};
use wfm_runtime::userinfo::{UserId, fetch_user_info, userinfo_url};
use wfm_runtime::{ClientConfig, ErrorKind, HttpTransport, StaticToken, TokenSource, WfmError};

const PASSWORD: &str = "pw-SECRET-1234";
const CLIENT_SECRET: &str = "cs-SECRET-5678";
const TOKEN_PREFIX: &str = "tok-SECRET-";

const PING: Operation = Operation {
    service: "SessionService800",
    name: "Ping",
    action: "#Ping",
    version: SoapVersion::Soap11,
    response: None,
};

/// A GAuth token endpoint issuing `tok-SECRET-<n>` with `expires_in` and a refresh token,
/// after `delay`.
async fn token_server(expires_in: u64, delay: Duration) -> (String, Log, Arc<AtomicUsize>) {
    let issued = Arc::new(AtomicUsize::new(0));
    let counter = issued.clone();
    let (base, log) = serve(move |req| {
        if req.path_and_query != "/auth/v3/oauth/token" {
            return Reply::json(404, "{}");
        }
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        Reply::json(
            200,
            format!(
                r#"{{"access_token":"{TOKEN_PREFIX}{n}","token_type":"bearer","expires_in":{expires_in},"refresh_token":"ref-{n}","scope":"*"}}"#
            ),
        )
        .delayed(delay)
    })
    .await;
    (base, log, issued)
}

fn gauth(base: &str) -> GAuthTokenSource {
    GAuthTokenSource::new(
        GAuthConfig::new(
            base,
            "wfm-client",
            CLIENT_SECRET,
            GAuthGrant::Password {
                username: "api.user".into(),
                password: PASSWORD.into(),
            },
        ),
        ClientConfig::default(),
    )
    .unwrap()
}

fn form(body: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect()
}

fn field<'a>(form: &'a [(String, String)], key: &str) -> Option<&'a str> {
    form.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn password_grant_request_shape_and_caching() {
    bounded(async {
        let (base, log, issued) = token_server(3600, Duration::ZERO).await;
        let source = gauth(&base);
        for _ in 0..5 {
            assert_eq!(source.token().await.unwrap().secret(), "tok-SECRET-1");
        }
        assert_eq!(issued.load(Ordering::SeqCst), 1, "token cached");
        let req = &seen(&log)[0];
        assert_eq!(req.method, "POST");
        assert_eq!(
            req.header("content-type").as_deref(),
            Some("application/x-www-form-urlencoded")
        );
        // Basic base64("wfm-client:cs-SECRET-5678")
        assert_eq!(
            req.header("authorization").as_deref(),
            Some("Basic d2ZtLWNsaWVudDpjcy1TRUNSRVQtNTY3OA==")
        );
        let f = form(&req.body);
        assert_eq!(field(&f, "grant_type"), Some("password"));
        assert_eq!(field(&f, "client_id"), Some("wfm-client"));
        assert_eq!(field(&f, "scope"), Some("*"));
        assert_eq!(field(&f, "username"), Some("api.user"));
        assert_eq!(field(&f, "password"), Some(PASSWORD));
    })
    .await;
}

#[tokio::test]
async fn expiry_refreshes_once_for_100_concurrent_callers_using_the_refresh_token() {
    bounded(async {
        // expires_in 2 s: renewed after 1 s (the margin is capped at half the lifetime).
        let (base, log, issued) = token_server(2, Duration::from_millis(300)).await;
        let source = Arc::new(gauth(&base));
        assert_eq!(source.token().await.unwrap().secret(), "tok-SECRET-1");
        tokio::time::sleep(Duration::from_millis(1200)).await;
        let tasks: Vec<_> = (0..100)
            .map(|_| {
                let source = source.clone();
                tokio::spawn(async move { source.token().await.map(|t| t.secret().to_owned()) })
            })
            .collect();
        for task in tasks {
            assert_eq!(task.await.unwrap().unwrap(), "tok-SECRET-2");
        }
        assert_eq!(
            issued.load(Ordering::SeqCst),
            2,
            "exactly one refresh for 100 callers"
        );
        let second = form(&seen(&log)[1].body);
        assert_eq!(field(&second, "grant_type"), Some("refresh_token"));
        assert_eq!(field(&second, "refresh_token"), Some("ref-1"));
    })
    .await;
}

#[tokio::test]
async fn client_credentials_grant_and_refused_credentials() {
    bounded(async {
        let (base, log) = serve(|_| {
            Reply::json(
                401,
                r#"{"error":"invalid_client","error_description":"Bad client"}"#,
            )
        })
        .await;
        let source = GAuthTokenSource::new(
            GAuthConfig::new(&base, "c", CLIENT_SECRET, GAuthGrant::ClientCredentials),
            ClientConfig::default(),
        )
        .unwrap();
        let err = source.token().await.unwrap_err();
        match err.kind() {
            ErrorKind::Auth {
                message,
                status: Some(401),
            } => {
                assert!(
                    message.contains("client_credentials") && message.contains("invalid_client"),
                    "{message}"
                );
            }
            other => panic!("expected Auth, got {other:?}"),
        }
        assert_eq!(
            field(&form(&seen(&log)[0].body), "grant_type"),
            Some("client_credentials")
        );
    })
    .await;
}

/// A SOAP server that rejects the tokens in `rejected` with 401 and answers the rest.
async fn soap_server(rejected: &'static [&'static str]) -> (String, Log) {
    serve(move |req| {
        let auth = req.header("authorization").unwrap_or_default();
        if rejected.iter().any(|t| auth == format!("Bearer {t}")) || !auth.starts_with("Bearer ") {
            return Reply::xml(401, "");
        }
        Reply::xml(
            200,
            atl_response(r#"<PingResponse xmlns="urn:S"><return>1</return></PingResponse>"#),
        )
    })
    .await
}

#[tokio::test]
async fn http_401_refreshes_the_token_and_retries_once() {
    bounded(async {
        let (token_base, _, issued) = token_server(3600, Duration::ZERO).await;
        let (soap_base, soap_log) = soap_server(&["tok-SECRET-1"]).await;
        let client = HttpTransport::new(ClientConfig::default())
            .unwrap()
            .with_token_source(Arc::new(gauth(&token_base)));
        let response = client
            .call(&PING, &soap_base.as_str().into(), |_| {})
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(issued.load(Ordering::SeqCst), 2);
        let auths: Vec<_> = seen(&soap_log)
            .iter()
            .map(|r| r.header("authorization").unwrap())
            .collect();
        assert_eq!(auths, ["Bearer tok-SECRET-1", "Bearer tok-SECRET-2"]);
    })
    .await;
}

#[tokio::test]
async fn a_second_401_is_an_auth_error_without_more_retries() {
    bounded(async {
        let (soap_base, soap_log) = soap_server(&["static-token"]).await;
        let client = HttpTransport::new(ClientConfig::default())
            .unwrap()
            .with_token_source(Arc::new(StaticToken::new("static-token")));
        let err = client
            .call(&PING, &soap_base.as_str().into(), |_| {})
            .await
            .unwrap_err();
        match err.kind() {
            ErrorKind::Auth {
                status: Some(401),
                message,
            } => assert!(
                message.contains("a fixed token cannot be renewed"),
                "a fixed token is re-sent, not refreshed: {message}"
            ),
            other => panic!("expected ErrorKind::Auth, got {other:?}"),
        }
        assert_eq!(seen(&soap_log).len(), 2, "one try and exactly one retry");
    })
    .await;
}

#[tokio::test]
async fn userinfo_decodes_and_403_is_not_provisioned() {
    bounded(async {
        let (base, log) = serve(|req| match req.header("authorization").as_deref() {
            Some("Bearer good") => Reply::json(
                200,
                r#"{"userId": 1234, "userType": "Supervisor", "site": 3}"#,
            ),
            _ => Reply::json(403, r#"{"status":{"code":403}}"#),
        })
        .await;
        let good = HttpTransport::new(ClientConfig::default())
            .unwrap()
            .with_token_source(Arc::new(StaticToken::new("good")));
        let info = fetch_user_info(&good, &userinfo_url(&format!("{base}/")))
            .await
            .unwrap();
        assert_eq!(info.user_id, Some(UserId::Number(1234)));
        assert_eq!(info.user_type.as_deref(), Some("Supervisor"));
        assert_eq!(info.fields.get("site"), Some(&serde_json::json!(3)));
        assert_eq!(seen(&log)[0].path_and_query, "/wfm/api/v3/system/userinfo");

        let other = HttpTransport::new(ClientConfig::default())
            .unwrap()
            .with_token_source(Arc::new(StaticToken::new("unknown")));
        let err = fetch_user_info(&other, &userinfo_url(&base))
            .await
            .unwrap_err();
        assert!(
            matches!(
                WfmError::of(&err),
                Some(WfmError::NotProvisioned { status: 403 })
            ),
            "{err:?}"
        );
        assert!(
            err.to_string()
                .contains("exists in GAuth but is not provisioned in WFM"),
            "{err}"
        );
    })
    .await;
}

/// A `MakeWriter` collecting formatted tracing output.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn secrets_never_appear_in_debug_display_errors_or_traces() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(captured.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    bounded(async {
        let (token_base, _, _) = token_server(3600, Duration::ZERO).await;
        let (soap_base, _) = soap_server(&["tok-SECRET-1"]).await;
        let (fault_base, _) = serve(|_| {
            Reply::xml(
                500,
                atl_fault("Server", "SOAP Server Application Faulted", "x"),
            )
        })
        .await;
        let source = Arc::new(gauth(&token_base));
        let client = HttpTransport::new(ClientConfig::default())
            .unwrap()
            .with_token_source(source.clone());

        let mut shown = Vec::new();
        let ok = client
            .call(&PING, &soap_base.as_str().into(), |_| {})
            .await
            .unwrap();
        shown.push(format!("{ok:?}"));
        let fault = client
            .call(&PING, &fault_base.as_str().into(), |_| {})
            .await
            .unwrap_err();
        shown.push(format!("{fault:?} {fault}"));
        let http = client.get_rest(&format!("{soap_base}/missing")).await;
        shown.push(format!("{http:?}"));
        let token = source.token().await.unwrap();
        assert!(token.secret().starts_with(TOKEN_PREFIX));
        shown.push(format!("{token:?} {token} {client:?} {source:?}"));
        let refused = HttpTransport::new(ClientConfig::default())
            .unwrap()
            .with_token_source(Arc::new(StaticToken::new("tok-SECRET-static")))
            .call(&PING, &soap_base.as_str().into(), |_| {})
            .await;
        shown.push(format!("{refused:?}"));
        let bad_gauth = GAuthTokenSource::new(
            GAuthConfig::new(
                &fault_base,
                "c",
                CLIENT_SECRET,
                GAuthGrant::Password {
                    username: "u".into(),
                    password: PASSWORD.into(),
                },
            ),
            ClientConfig::default(),
        )
        .unwrap();
        let auth_err = bad_gauth.token().await.unwrap_err();
        shown.push(format!("{auth_err:?} {auth_err} {bad_gauth:?}"));
        let config = GAuthConfig::new(
            base_url_placeholder(),
            "c",
            CLIENT_SECRET,
            GAuthGrant::RefreshToken("ref-1".into()),
        );
        shown.push(format!(
            "{config:?} {:?}",
            wfm_runtime::Secret::new(PASSWORD)
        ));

        let traces = String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned();
        assert!(
            traces.contains("soap_call"),
            "tracing captured nothing: {traces}"
        );
        assert!(traces.contains("gauth_token"));
        // One span per call with service, operation, host, status, duration and sizes.
        let call_line = traces
            .lines()
            .find(|l| l.contains("soap_call") && l.contains("call finished"))
            .unwrap_or_else(|| panic!("no finished soap_call in {traces}"));
        for field in [
            "SessionService800",
            "operation",
            "host=127.0.0.1:",
            "status=200",
            "duration_ms=",
            "bytes_sent=",
            "bytes_received=",
        ] {
            assert!(call_line.contains(field), "{field} missing in {call_line}");
        }
        for text in shown.iter().chain(std::iter::once(&traces)) {
            for secret in [TOKEN_PREFIX, PASSWORD, CLIENT_SECRET, "ref-1"] {
                assert!(!text.contains(secret), "{secret} leaked in: {text}");
            }
        }
    })
    .await;
}

fn base_url_placeholder() -> String {
    "http://127.0.0.1:1".into()
}
