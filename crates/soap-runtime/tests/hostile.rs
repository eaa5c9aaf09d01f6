//! The runtime as a hostile network and a careless server would treat it, through its public
//! API and loopback servers: redirects to another host never carry a credential, and every
//! error is bounded, precise, cleaned of the request's secrets and names its call.

#![allow(clippy::unwrap_used)] // reason: tests fail loudly on unexpected shapes

use std::time::Duration;

use loopback::*;
use soap_runtime::xml::XmlWriter;
use soap_runtime::{
    ClientConfig, DecodeErrorKind, Error, ErrorKind, HttpTransport, Operation, ResponseElement,
    SoapVersion,
};

const PASSWORD: &str = "pw-SECRET-1234";

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

const LOGIN: Operation = Operation {
    service: "AccountService",
    name: "Login",
    action: "#Login",
    version: SoapVersion::Soap11,
    response: None,
};

fn client() -> HttpTransport {
    HttpTransport::new(ClientConfig {
        request_timeout: Duration::from_secs(5),
        ..ClientConfig::default()
    })
    .unwrap()
}

/// A login body as a generated writer writes it: the password marked secret.
fn write_login(w: &mut XmlWriter) {
    w.start_element("Login");
    w.namespace_declaration(None, "urn:Accounts");
    w.text_element("userName", "supervisor");
    w.mark_secret(PASSWORD);
    w.text_element("password", PASSWORD);
    w.end_element("Login");
}

fn ping_body(w: &mut XmlWriter) {
    w.start_element("Ping");
    w.namespace_declaration(None, "urn:S");
    w.end_element("Ping");
}

async fn call_ping(client: &HttpTransport, url: &str) -> Result<i32, Error> {
    let response = client.call(&PING, &url.into(), ping_body).await?;
    response.decode(|r, element| {
        let child = r
            .next_child(element)?
            .ok_or_else(|| r.missing(element, "return"))?;
        r.read_scalar(&child)
    })
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
async fn login_envelopes_and_soap_calls_are_never_sent_to_a_redirect_target() {
    bounded(async {
        let (other, other_log) = decoy_host().await;
        for status in [307u16, 308] {
            let target = format!("{other}/?Handler=AccountService");
            let location = target.clone();
            let (base, log) = serve(move |_| Reply::redirect(status, location.clone())).await;
            let endpoint = format!("{base}/?Handler=AccountService");
            let err = client()
                .call(&LOGIN, &endpoint.as_str().into(), write_login)
                .await
                .unwrap_err();
            assert_redirect(&err, status, &target);
            assert!(
                err.to_string()
                    .starts_with(&format!("Login at {endpoint}: ")),
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
            .call(&LOGIN, &base.as_str().into(), write_login)
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
            .call(&LOGIN, &base.as_str().into(), write_login)
            .await
            .unwrap_err();
        assert!(!format!("{err} {err:?}").contains(PASSWORD), "{err}");
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
