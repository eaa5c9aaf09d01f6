//! GAuth as a hostile network and a careless token service would treat it: the password and
//! refresh grants never follow a redirect, failed refreshes are shared by all waiting callers
//! and bounded in time, outages are told from refusals, and echoed secrets are redacted.

#![allow(clippy::unwrap_used)] // reason: tests fail loudly on unexpected shapes

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use loopback::*;
use wfm_runtime::auth::{Backoff, GAuthConfig, GAuthGrant, GAuthTokenSource};
use wfm_runtime::{ClientConfig, Error, ErrorKind, TokenSource};

const PASSWORD: &str = "pw-SECRET-1234";
const CLIENT_SECRET: &str = "cs-SECRET-5678";

fn password_source(base: &str, client_config: ClientConfig, backoff: Backoff) -> GAuthTokenSource {
    let mut config = GAuthConfig::new(
        base,
        "wfm-client",
        CLIENT_SECRET,
        GAuthGrant::Password {
            username: "api.user".into(),
            password: PASSWORD.into(),
        },
    );
    config.backoff = backoff;
    GAuthTokenSource::new(config, client_config).unwrap()
}

/// A backoff without jitter, so its waits are exact.
fn backoff(initial: Duration) -> Backoff {
    Backoff {
        initial,
        max: Duration::from_secs(60),
        jitter: 0.0,
    }
}

fn assert_redirect(err: &Error, status: u16, location: &str) {
    match err.kind() {
        ErrorKind::Redirect {
            status: s,
            location: Some(l),
        } => {
            assert_eq!((*s, l.as_str()), (status, location));
        }
        other => panic!("expected a redirect error, got {other:?}"),
    }
    let text = err.to_string();
    assert!(
        text.contains(&format!("HTTP {status} redirect to {location}")),
        "{text}"
    );
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn the_password_grant_is_never_sent_to_a_redirect_target() {
    bounded(async {
        let (other, other_log) = decoy_host().await;
        for status in [307u16, 308] {
            let target = format!("{other}/auth/v3/oauth/token");
            let location = target.clone();
            let (base, log) = serve(move |_| Reply::redirect(status, location.clone())).await;
            let source = password_source(&base, ClientConfig::default(), Backoff::default());
            let err = source.token().await.unwrap_err();
            assert_redirect(&err, status, &target);
            assert!(
                err.to_string()
                    .starts_with(&format!("POST {base}/auth/v3/oauth/token: ")),
                "{err}"
            );
            assert_eq!(seen(&log).len(), 1);
        }
        assert!(
            seen(&other_log).is_empty(),
            "a request reached the other host"
        );
    })
    .await;
}

#[tokio::test]
async fn the_refresh_grant_is_never_sent_to_a_redirect_target() {
    bounded(async {
        let (other, other_log) = decoy_host().await;
        for status in [307u16, 308] {
            let target = format!("{other}/auth/v3/oauth/token");
            let location = target.clone();
            let requests = Arc::new(AtomicUsize::new(0));
            let counter = requests.clone();
            let (base, log) = serve(move |_| {
                if counter.fetch_add(1, Ordering::SeqCst) == 0 {
                    // Expires at once, so the next call refreshes with the refresh token.
                    Reply::json(
                        200,
                        r#"{"access_token":"t1","token_type":"bearer","expires_in":0,"refresh_token":"ref-SECRET-9"}"#,
                    )
                } else {
                    Reply::redirect(status, location.clone())
                }
            })
            .await;
            let source = password_source(&base, ClientConfig::default(), Backoff::default());
            source.token().await.unwrap();
            let err = source.token().await.unwrap_err();
            assert_redirect(&err, status, &target);
            let requests = seen(&log);
            assert_eq!(requests.len(), 2);
            assert!(requests[1].body.contains("grant_type=refresh_token"), "{:?}", requests[1]);
        }
        assert!(seen(&other_log).is_empty(), "a request reached the other host");
    })
    .await;
}

/// Starts 100 callers of one token source at once; returns their results and how long the
/// slowest took.
async fn hundred_callers(source: Arc<GAuthTokenSource>) -> (Vec<Result<(), Error>>, Duration) {
    let started = Instant::now();
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let source = source.clone();
            tokio::spawn(async move { source.token().await.map(drop) })
        })
        .collect();
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.unwrap());
    }
    (results, started.elapsed())
}

fn assert_all_unavailable(results: &[Result<(), Error>], status: Option<u16>) {
    for result in results {
        let err = result.as_ref().unwrap_err();
        match err.kind() {
            ErrorKind::TokenUnavailable { status: s, .. } => assert_eq!(*s, status, "{err}"),
            other => panic!("expected TokenUnavailable, got {other:?}"),
        }
        assert!(err.is_retryable(), "{err}");
    }
}

#[tokio::test]
async fn a_silent_token_endpoint_fails_all_callers_within_one_timeout_with_one_request() {
    bounded(async {
        let accepted = Arc::new(AtomicUsize::new(0));
        let counter = accepted.clone();
        // Reads the request, then never answers.
        let addr = serve_raw(move |socket| {
            counter.fetch_add(1, Ordering::SeqCst);
            async move {
                tokio::time::sleep(Duration::from_secs(30)).await;
                drop(socket);
            }
        })
        .await;
        let timeout = Duration::from_secs(1);
        let source = Arc::new(password_source(
            &format!("http://{addr}"),
            ClientConfig {
                request_timeout: timeout,
                ..ClientConfig::default()
            },
            Backoff::default(),
        ));
        let (results, slowest) = hundred_callers(source).await;
        assert_all_unavailable(&results, None);
        let message = results[0].as_ref().unwrap_err().to_string();
        assert!(message.contains("timed out after 1s"), "{message}");
        assert_eq!(
            accepted.load(Ordering::SeqCst),
            1,
            "one request for all callers"
        );
        // Correctness bound, not a measurement: one timeout, not one per caller.
        assert!(
            slowest < timeout * 3,
            "the last caller failed after {slowest:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_failing_token_endpoint_is_asked_once_then_backs_off() {
    bounded(async {
        for (reply, status) in [
            (Reply::json(500, r#"{"error":"server_error"}"#), Some(500)),
            (Reply::json(200, "<html>this is no token</html>"), Some(200)),
        ] {
            let (base, log) = serve(move |_| reply.clone()).await;
            let source = Arc::new(password_source(
                &base,
                ClientConfig::default(),
                backoff(Duration::from_millis(500)),
            ));
            let (results, _) = hundred_callers(source.clone()).await;
            assert_all_unavailable(&results, status);
            assert_eq!(seen(&log).len(), 1, "one request for 100 callers");

            // During the backoff callers get the failure at once, with the time left.
            let err = source.token().await.unwrap_err();
            match err.kind() {
                ErrorKind::TokenUnavailable {
                    retry_in: Some(left),
                    ..
                } => assert!(*left <= Duration::from_millis(500), "{left:?}"),
                other => panic!("expected TokenUnavailable with retry_in, got {other:?}"),
            }
            assert!(err.to_string().contains("next attempt in"), "{err}");
            assert_eq!(seen(&log).len(), 1, "no request during the backoff");

            // After it, one more request; the next backoff doubles.
            tokio::time::sleep(Duration::from_millis(600)).await;
            source.token().await.unwrap_err();
            assert_eq!(seen(&log).len(), 2);
            tokio::time::sleep(Duration::from_millis(600)).await;
            source.token().await.unwrap_err();
            assert_eq!(seen(&log).len(), 2, "the second wait is 1 s");
        }
    })
    .await;
}

#[tokio::test]
async fn an_outage_is_unavailable_and_refused_credentials_are_auth() {
    bounded(async {
        for (status, unavailable) in [(503u16, true), (429, true), (502, true), (400, false), (401, false)] {
            let (base, _) = serve(move |_| {
                Reply::json(status, r#"{"error":"e","error_description":"d"}"#)
            })
            .await;
            let source = password_source(&base, ClientConfig::default(), Backoff::default());
            let err = source.token().await.unwrap_err();
            let kind_matches = if unavailable {
                matches!(err.kind(), ErrorKind::TokenUnavailable { status: Some(s), .. } if *s == status)
            } else {
                matches!(err.kind(), ErrorKind::Auth { status: Some(s), .. } if *s == status)
            };
            assert!(kind_matches, "HTTP {status}: {err:?}");
            assert_eq!(err.is_retryable(), unavailable, "HTTP {status}");
        }
        // Nobody listening: unavailable too.
        let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", closed.local_addr().unwrap());
        drop(closed);
        let source = password_source(&base, ClientConfig::default(), Backoff::default());
        let err = source.token().await.unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::TokenUnavailable { status: None, .. }), "{err:?}");
    })
    .await;
}

#[tokio::test]
async fn a_caller_that_gives_up_hands_the_refresh_on() {
    bounded(async {
        let requests = Arc::new(AtomicUsize::new(0));
        let counter = requests.clone();
        let (base, _) = serve(move |_| {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            Reply::json(
                200,
                r#"{"access_token":"t","token_type":"bearer","expires_in":3600}"#,
            )
            // The first request is slow; its caller gives up.
            .delayed(if n == 0 {
                Duration::from_secs(2)
            } else {
                Duration::ZERO
            })
        })
        .await;
        let source = Arc::new(password_source(
            &base,
            ClientConfig::default(),
            Backoff::default(),
        ));
        let leader = {
            let source = source.clone();
            tokio::spawn(async move { source.token().await })
        };
        tokio::time::sleep(Duration::from_millis(200)).await;
        let waiter = {
            let source = source.clone();
            tokio::spawn(async move { source.token().await })
        };
        tokio::time::sleep(Duration::from_millis(200)).await;
        leader.abort();
        let token = tokio::time::timeout(Duration::from_secs(5), waiter)
            .await
            .expect("the waiter is not stranded")
            .unwrap()
            .unwrap();
        assert_eq!(token.secret(), "t");
        assert_eq!(requests.load(Ordering::SeqCst), 2);
    })
    .await;
}

#[tokio::test]
async fn secrets_the_token_request_sent_are_redacted_from_what_gauth_echoes() {
    bounded(async {
        // GAuth's error_description quoting the form: password and client secret.
        let (base, _) = serve(|req| {
            let description = format!("{} / {CLIENT_SECRET}", req.body);
            Reply::json(
                400,
                serde_json::json!({"error": "invalid_grant", "error_description": description})
                    .to_string(),
            )
        })
        .await;
        let source = password_source(&base, ClientConfig::default(), Backoff::default());
        let err = source.token().await.unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(matches!(err.kind(), ErrorKind::Auth { .. }), "{err:?}");
        assert!(
            !text.contains(PASSWORD) && !text.contains(CLIENT_SECRET),
            "{text}"
        );
        assert!(text.contains("<redacted>"), "{text}");
    })
    .await;
}
