//! The runtime as a hostile network and a careless server would treat it, through its public
//! API and loopback servers: redirects to another host never carry a credential, failed token
//! refreshes are shared and bounded in time, and every error is bounded, precise and names
//! its call.

#![allow(clippy::unwrap_used)] // reason: tests fail loudly on unexpected shapes

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::*;
use wfm_runtime::auth::{Backoff, GAuthConfig, GAuthGrant, GAuthTokenSource};
use wfm_runtime::xml::XmlWriter;
use wfm_runtime::{
    ClientConfig, DecodeErrorKind, Error, ErrorKind, Operation, ResponseElement, SoapClient,
    SoapVersion, TokenSource,
};

const PASSWORD: &str = "pw-SECRET-1234";
const CLIENT_SECRET: &str = "cs-SECRET-5678";

const PING: Operation = Operation {
    service: "SessionService800",
    name: "Ping",
    action: "#Ping",
    version: SoapVersion::Soap11,
    response: Some(ResponseElement {
        namespace: Some("urn:S"),
        local_name: "PingResponse",
    }),
};

const LOCATE_SERVER_LOGIN: Operation = Operation {
    service: "WFMLocatorService800",
    name: "LocateServerLogin",
    action: "#LocateServerLogin",
    version: SoapVersion::Soap11,
    response: None,
};

fn client() -> SoapClient {
    SoapClient::new(ClientConfig {
        request_timeout: Duration::from_secs(5),
        ..ClientConfig::default()
    })
    .unwrap()
}

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

/// The `LocateServerLogin` body as the generated writer writes it: the password marked secret.
fn write_login(w: &mut XmlWriter) {
    w.start_element("LocateServerLogin");
    w.namespace_declaration(None, "urn:WFMLocatorService800");
    w.text_element("userName", "supervisor");
    w.mark_secret(PASSWORD);
    w.text_element("password", PASSWORD);
    w.end_element("LocateServerLogin");
}

fn ping_body(w: &mut XmlWriter) {
    w.start_element("Ping");
    w.namespace_declaration(None, "urn:S");
    w.end_element("Ping");
}

async fn call_ping(client: &SoapClient, url: &str) -> Result<i32, Error> {
    let response = client.call(&PING, &url.into(), ping_body).await?;
    response.decode(|r, element| {
        let child = r
            .next_child(element)?
            .ok_or_else(|| r.missing(element, "return"))?;
        r.read_scalar(&child)
    })
}

/// A second host (127.0.0.2) that records whatever reaches it and answers as the real
/// service would, so that a followed redirect would look like a success.
async fn second_host() -> (String, Log) {
    serve_at("127.0.0.2", |req| {
        if req.path_and_query.contains("oauth") {
            Reply::json(
                200,
                r#"{"access_token":"stolen","token_type":"bearer","expires_in":3600}"#,
            )
        } else {
            Reply::xml(
                200,
                atl_response(r#"<PingResponse xmlns="urn:S"><return>7</return></PingResponse>"#),
            )
        }
    })
    .await
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
        let (other, other_log) = second_host().await;
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
        let (other, other_log) = second_host().await;
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

#[tokio::test]
async fn login_envelopes_and_soap_calls_are_never_sent_to_a_redirect_target() {
    bounded(async {
        let (other, other_log) = second_host().await;
        for status in [307u16, 308] {
            let target = format!("{other}/?Handler=WFMLocatorService800");
            let location = target.clone();
            let (base, log) = serve(move |_| Reply::redirect(status, location.clone())).await;
            let endpoint = format!("{base}/?Handler=WFMLocatorService800");
            let err = client()
                .call(&LOCATE_SERVER_LOGIN, &endpoint.as_str().into(), write_login)
                .await
                .unwrap_err();
            assert_redirect(&err, status, &target);
            assert!(
                err.to_string()
                    .starts_with(&format!("LocateServerLogin at {endpoint}: ")),
                "{err}"
            );
            // A plain call is not followed either: the other host's answer must not pass
            // for this call's result.
            let err = call_ping(&client(), &base).await.unwrap_err();
            assert_redirect(&err, status, &target);
            assert_eq!(seen(&log).len(), 2);
        }
        assert!(
            seen(&other_log).is_empty(),
            "a request reached the other host"
        );
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
async fn a_huge_fault_is_bounded_and_marked() {
    bounded(async {
        let huge = "x".repeat(5 * 1024 * 1024);
        let body = format!(
            "<SOAP:Envelope xmlns:SOAP=\"http://schemas.xmlsoap.org/soap/envelope/\"><SOAP:Body>\
             <SOAP:Fault><faultcode>SOAP:Server</faultcode><faultstring>{huge}</faultstring>\
             <faultactor>{huge}</faultactor><detail>{huge}</detail></SOAP:Fault></SOAP:Body>\
             </SOAP:Envelope>"
        );
        let (base, _) = serve(move |_| Reply::xml(500, body.clone())).await;
        let err = call_ping(&client(), &base).await.unwrap_err();
        let fault = err.fault().expect("a fault");
        let marker = format!("… [cut: {} bytes in all]", huge.len());
        assert!(fault.string.ends_with(&marker) && fault.string.len() < 3000);
        assert!(fault.actor.as_deref().unwrap().ends_with(&marker));
        let detail = fault.detail.as_deref().unwrap();
        assert!(detail.ends_with(&marker) && detail.len() < 70 * 1024);
        let text = err.to_string();
        assert!(text.len() < 6 * 1024, "{} bytes", text.len());
        assert!(text.contains("[cut: 5242880 bytes in all]"), "{text}");
    })
    .await;
}

#[tokio::test]
async fn secrets_the_request_sent_are_redacted_from_what_the_server_echoes() {
    bounded(async {
        // A SOAP fault quoting the login envelope's password.
        let (base, _) = serve(|req| {
            let echoed = req.body.replace('<', "&lt;");
            Reply::xml(
                500,
                atl_fault("Client", &format!("bad login: {echoed}"), &echoed),
            )
        })
        .await;
        let err = client()
            .call(&LOCATE_SERVER_LOGIN, &base.as_str().into(), write_login)
            .await
            .unwrap_err();
        let fault = err.fault().expect("a fault");
        for text in [fault.string.as_str(), fault.detail.as_deref().unwrap()] {
            assert!(
                !text.contains(PASSWORD) && text.contains("<redacted>"),
                "{text}"
            );
        }
        assert!(!format!("{err} {err:?}").contains(PASSWORD));

        // An HTTP error page quoting it.
        let (base, _) = serve(|req| Reply::xml(400, format!("you sent {}", req.body))).await;
        let err = client()
            .call(&LOCATE_SERVER_LOGIN, &base.as_str().into(), write_login)
            .await
            .unwrap_err();
        assert!(!format!("{err} {err:?}").contains(PASSWORD), "{err}");

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

#[tokio::test]
async fn corrupt_gzip_is_reported_as_such() {
    bounded(async {
        let addr = serve_raw(|socket| async move {
            let garbage = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03this is not deflate data at all";
            let mut out = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\ncontent-encoding: gzip\r\ncontent-length: {}\r\n\r\n",
                garbage.len()
            )
            .into_bytes();
            out.extend_from_slice(garbage);
            write_and_close(socket, out).await;
        })
        .await;
        let err = call_ping(&client(), &format!("http://{addr}/")).await.unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Decompression { .. }), "{err:?}");
        assert!(err.to_string().contains("gzip data is corrupt"), "{err}");
    })
    .await;
}

#[tokio::test]
async fn non_soap_replies_name_their_content_type_and_an_excerpt() {
    bounded(async {
        let html = Reply {
            content_type: "text/html; charset=utf-8",
            ..Reply::xml(
                200,
                "<!DOCTYPE html>\n<html><head><title>Sign in</title></head>\n<body>Please sign in</body></html>",
            )
        };
        let json = Reply::json(200, r#"{"status":"ok"}"#);
        let empty = Reply::xml(200, "");
        for (reply, content_type, excerpt) in [
            (html, "text/html; charset=utf-8", "<!DOCTYPE html> <html><head><title>Sign in"),
            (json, "application/json", r#"{"status":"ok"}"#),
            (empty, "text/xml; charset=utf-8", "an empty body"),
        ] {
            let (base, _) = serve(move |_| reply.clone()).await;
            let err = call_ping(&client(), &base).await.unwrap_err();
            assert!(matches!(err.kind(), ErrorKind::UnexpectedContent { status: 200, .. }), "{err:?}");
            let text = err.to_string();
            assert!(
                text.starts_with(&format!("Ping at {base}/: expected a SOAP envelope, got HTTP 200 with Content-Type {content_type}: ")),
                "{text}"
            );
            assert!(text.contains(excerpt), "{text}");
        }
    })
    .await;
}

#[tokio::test]
async fn the_wrong_response_element_is_refused_naming_both() {
    bounded(async {
        let (base, _) = serve(|_| {
            Reply::xml(
                200,
                atl_response(
                    r#"<GetAgentStateResponse xmlns="urn:S"><return>1</return></GetAgentStateResponse>"#,
                ),
            )
        })
        .await;
        let err = call_ping(&client(), &base).await.unwrap_err();
        let ErrorKind::Decode(decode) = err.kind() else {
            panic!("expected a decode error, got {err:?}")
        };
        assert_eq!(
            decode.kind,
            DecodeErrorKind::WrongElement {
                expected: "{urn:S}PingResponse".into(),
                found: "{urn:S}GetAgentStateResponse".into(),
            }
        );
        assert!(err.to_string().starts_with(&format!("Ping at {base}/: decode error at Envelope/Body/GetAgentStateResponse")), "{err}");
    })
    .await;
}

#[tokio::test]
async fn no_error_prints_an_empty_path() {
    bounded(async {
        let (base, _) = serve(|_| Reply::xml(200, "<soap:Envelope>\u{0}")).await;
        let mut body =
            b"<soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'>".to_vec();
        body.extend_from_slice(b"\xff\xfe");
        let addr = serve_raw(move |socket| {
            let body = body.clone();
            async move {
                let mut out = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                )
                .into_bytes();
                out.extend_from_slice(&body);
                write_and_close(socket, out).await;
            }
        })
        .await;
        for url in [base, format!("http://{addr}/")] {
            let err = call_ping(&client(), &url).await.unwrap_err();
            let text = err.to_string();
            assert!(!text.contains("at  ("), "{text}");
            assert!(matches!(err.kind(), ErrorKind::Decode(_)), "{err:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn truncated_gzip_is_a_truncated_body_not_corrupt_data() {
    bounded(async {
        let addr = serve_raw(|socket| async move {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            std::io::Write::write_all(&mut encoder, &[b'<'; 100_000]).unwrap();
            let compressed = encoder.finish().unwrap();
            let mut out = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\ncontent-encoding: gzip\r\ncontent-length: {}\r\n\r\n",
                compressed.len()
            )
            .into_bytes();
            out.extend_from_slice(&compressed[..compressed.len() / 2]);
            write_and_close(socket, out).await;
        })
        .await;
        let err = call_ping(&client(), &format!("http://{addr}/")).await.unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::TruncatedBody { .. }), "{err:?}");
        assert!(err.is_retryable());
    })
    .await;
}
