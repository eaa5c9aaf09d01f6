//! `HttpTransport` against real HTTP servers on 127.0.0.1: headers, success, faults, HTTP errors,
//! timeouts, size limits, truncated bodies and dropped connections.

#![allow(clippy::unwrap_used)] // reason: tests fail loudly on unexpected shapes

use std::time::Duration;

use loopback::*;
use soap_runtime::{ClientConfig, Error, ErrorKind, HttpTransport, Operation, SoapVersion};

const PING: Operation = Operation {
    service: "SessionService800",
    name: "Ping",
    action: "#Ping",
    version: SoapVersion::Soap11,
    response: None,
};

const PING12: Operation = Operation {
    service: "TestService",
    name: "Ping",
    action: "urn:Test#Ping",
    version: SoapVersion::Soap12,
    response: None,
};

fn client() -> HttpTransport {
    HttpTransport::new(ClientConfig {
        request_timeout: Duration::from_secs(5),
        ..ClientConfig::default()
    })
    .unwrap()
}

fn write_ping(w: &mut soap_runtime::xml::XmlWriter) {
    w.start_element("Ping");
    w.namespace_declaration(None, "urn:SessionService800");
    w.scalar_element("value", &41i32);
    w.end_element("Ping");
}

async fn call_ping(client: &HttpTransport, url: &str, op: &Operation) -> Result<i32, Error> {
    let response = client.call(op, &url.into(), write_ping).await?;
    response.decode(|r, el| {
        let mut out = None;
        while let Some(child) = r.next_child(el)? {
            if child.local_name() == "return" {
                out = Some(r.read_scalar(&child)?);
            }
        }
        out.ok_or_else(|| r.missing(el, "return"))
    })
}

#[tokio::test]
async fn soap11_call_sends_atl_headers_and_decodes() {
    bounded(async {
        let (base, log) = serve(|_| {
            Reply::xml(
                200,
                atl_response(
                    r#"<PingResponse xmlns="urn:SessionService800"><return>42</return></PingResponse>"#,
                ),
            )
        })
        .await;
        let url = format!("{base}/?Handler=SessionService800");
        assert_eq!(call_ping(&client(), &url, &PING).await.unwrap(), 42);
        let seen = seen(&log);
        assert_eq!(seen.len(), 1);
        let req = &seen[0];
        assert_eq!(req.path_and_query, "/?Handler=SessionService800");
        assert_eq!(req.header("soapaction").as_deref(), Some("\"#Ping\""));
        assert_eq!(req.header("content-type").as_deref(), Some("text/xml; charset=utf-8"));
        assert!(req.header("authorization").is_none());
        assert!(req.header("accept-encoding").unwrap_or_default().contains("gzip"));
        assert!(req.body.contains("<soap:Body><Ping xmlns=\"urn:SessionService800\"><value>41</value></Ping></soap:Body>"));
    })
    .await;
}

#[tokio::test]
async fn soap12_call_puts_action_in_content_type() {
    bounded(async {
        let (base, log) = serve(|_| {
            Reply::xml(
                200,
                r#"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><r:PingResponse xmlns:r="urn:T"><return>7</return></r:PingResponse></env:Body></env:Envelope>"#,
            )
        })
        .await;
        assert_eq!(call_ping(&client(), &base, &PING12).await.unwrap(), 7);
        let req = &seen(&log)[0];
        assert_eq!(
            req.header("content-type").as_deref(),
            Some("application/soap+xml; charset=utf-8; action=\"urn:Test#Ping\"")
        );
        assert!(req.header("soapaction").is_none());
        assert!(req.body.contains("http://www.w3.org/2003/05/soap-envelope"));
    })
    .await;
}

#[tokio::test]
async fn atl_server_fault_on_http_500_is_a_fault() {
    bounded(async {
        let (base, _) = serve(|_| {
            Reply::xml(
                500,
                atl_fault(
                    "Server",
                    "SOAP Server Application Faulted",
                    "Application Error",
                ),
            )
        })
        .await;
        let err = call_ping(&client(), &base, &PING).await.unwrap_err();
        let ErrorKind::Fault(fault) = err.kind() else {
            panic!("expected a fault, got {err:?}")
        };
        assert_eq!(fault.http_status, 500);
        assert_eq!(fault.version, SoapVersion::Soap11);
        assert_eq!(fault.code.local_name, "Server");
        assert_eq!(fault.code.namespace.as_deref(), Some(SOAP11_NS));
        assert_eq!(fault.string, "SOAP Server Application Faulted");
        assert_eq!(fault.detail.as_deref(), Some("Application Error"));
        assert_eq!(fault.actor, None);
        assert!(
            err.to_string()
                .contains("SOAP fault Server (HTTP 500): SOAP Server Application Faulted"),
            "{err}"
        );
    })
    .await;
}

#[tokio::test]
async fn atl_client_fault_with_actor_and_xml_detail() {
    bounded(async {
        let body = r#"<SOAP:Envelope xmlns:SOAP="http://schemas.xmlsoap.org/soap/envelope/"><SOAP:Body><SOAP:Fault><faultcode>SOAP:Client</faultcode><faultstring>SOAP Invalid Request</faultstring><faultactor>urn:ConfigService850</faultactor><detail><e:info xmlns:e="urn:e">bad &amp; worse</e:info></detail></SOAP:Fault></SOAP:Body></SOAP:Envelope>"#;
        let (base, _) = serve(move |_| Reply::xml(500, body)).await;
        let ErrorKind::Fault(fault) = call_ping(&client(), &base, &PING).await.unwrap_err().into_kind() else { panic!() };
        assert_eq!(fault.code.local_name, "Client");
        assert_eq!(fault.actor.as_deref(), Some("urn:ConfigService850"));
        assert_eq!(fault.detail.as_deref(), Some(r#"<e:info xmlns:e="urn:e">bad &amp; worse</e:info>"#));
    })
    .await;
}

#[tokio::test]
async fn soap12_fault_with_subcodes() {
    bounded(async {
        let body = r#"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:app="urn:app">
          <env:Body><env:Fault>
            <env:Code><env:Value>env:Sender</env:Value>
              <env:Subcode><env:Value>app:Validation</env:Value>
                <env:Subcode><env:Value>app:MissingSite</env:Value></env:Subcode></env:Subcode></env:Code>
            <env:Reason><env:Text xml:lang="en">Site is required</env:Text><env:Text xml:lang="de">Standort fehlt</env:Text></env:Reason>
            <env:Node>urn:node</env:Node><env:Role>urn:role</env:Role>
            <env:Detail><app:d>x</app:d></env:Detail>
          </env:Fault></env:Body></env:Envelope>"#;
        let (base, _) = serve(move |_| Reply::xml(400, body)).await;
        let ErrorKind::Fault(fault) = call_ping(&client(), &base, &PING12).await.unwrap_err().into_kind() else { panic!() };
        assert_eq!(fault.version, SoapVersion::Soap12);
        assert_eq!(fault.http_status, 400);
        assert_eq!(fault.code.local_name, "Sender");
        let subs: Vec<_> = fault.subcodes.iter().map(|c| (c.namespace.as_deref(), c.local_name.as_str())).collect();
        assert_eq!(subs, [(Some("urn:app"), "Validation"), (Some("urn:app"), "MissingSite")]);
        assert_eq!(fault.string, "Site is required");
        assert_eq!(fault.node.as_deref(), Some("urn:node"));
        assert_eq!(fault.actor.as_deref(), Some("urn:role"));
        assert_eq!(fault.detail.as_deref(), Some("<app:d>x</app:d>"));
    })
    .await;
}

#[tokio::test]
async fn fault_in_http_200_is_a_fault_on_decode() {
    bounded(async {
        let (base, _) = serve(|_| Reply::xml(200, atl_fault("Server", "boom", ""))).await;
        let err = call_ping(&client(), &base, &PING).await.unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::Fault(f) if f.string == "boom" && f.http_status == 200),
            "{err:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn atl_no_soapaction_500_without_soap_body_is_http_error() {
    bounded(async {
        let (base, _) = serve(|_| Reply {
            status: 500,
            content_type: "text/html",
            body: "<html><body>Server Error: ISE_SUBERR_SOAPNOSOAPACTION</body></html>".into(),
            delay: Duration::ZERO,
            location: None,
        })
        .await;
        let err = call_ping(&client(), &base, &PING).await.unwrap_err();
        match err.kind() {
            ErrorKind::Http {
                status: 500,
                content_type,
                body_snippet,
            } => {
                assert!(body_snippet.contains("SOAPNOSOAPACTION"));
                assert_eq!(content_type.as_deref(), Some("text/html"));
            }
            other => panic!("expected Http 500, got {other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn other_statuses_are_http_errors() {
    bounded(async {
        for status in [404u16, 502, 503] {
            let (base, _) = serve(move |_| Reply::xml(status, "not here")).await;
            let err = call_ping(&client(), &base, &PING).await.unwrap_err();
            assert!(matches!(err.kind(), ErrorKind::Http { status: s, body_snippet, .. } if *s == status && body_snippet == "not here"), "{err:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn request_timeout_is_a_timeout_error() {
    bounded(async {
        let (base, _) = serve(|_| Reply::xml(200, atl_response("<x/>")).delayed(Duration::from_secs(10))).await;
        let client = HttpTransport::new(ClientConfig {
            request_timeout: Duration::from_millis(300),
            ..ClientConfig::default()
        })
        .unwrap();
        let err = call_ping(&client, &base, &PING).await.unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Timeout { phase: "request", after } if *after == Duration::from_millis(300)), "{err:?}");
    })
    .await;
}

#[tokio::test]
async fn oversized_response_is_refused() {
    bounded(async {
        let big = atl_response(&format!("<R><return>{}</return></R>", "x".repeat(200_000)));
        let (base, _) = serve(move |_| Reply::xml(200, big.clone())).await;
        let client = HttpTransport::new(ClientConfig {
            max_response_bytes: 100_000,
            ..ClientConfig::default()
        })
        .unwrap();
        let err = call_ping(&client, &base, &PING).await.unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::ResponseTooLarge { limit: 100_000 }),
            "{err:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn oversized_chunked_response_is_refused_while_streaming() {
    bounded(async {
        let addr = serve_raw(|socket| async move {
            let mut out =
                b"HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\ntransfer-encoding: chunked\r\n\r\n"
                    .to_vec();
            for _ in 0..40 {
                out.extend_from_slice(format!("{:x}\r\n", 10_000).as_bytes());
                out.extend_from_slice(&[b'a'; 10_000]);
                out.extend_from_slice(b"\r\n");
            }
            out.extend_from_slice(b"0\r\n\r\n");
            write_and_close(socket, out).await;
        })
        .await;
        let client = HttpTransport::new(ClientConfig {
            max_response_bytes: 100_000,
            ..ClientConfig::default()
        })
        .unwrap();
        let err = call_ping(&client, &format!("http://{addr}/"), &PING)
            .await
            .unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::ResponseTooLarge { limit: 100_000 }),
            "{err:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn truncated_body_is_reported_with_sizes() {
    bounded(async {
        let addr = serve_raw(|socket| async move {
            let mut out =
                b"HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\ncontent-length: 1000\r\n\r\n"
                    .to_vec();
            out.extend_from_slice(&[b'<'; 100]);
            write_and_close(socket, out).await;
        })
        .await;
        let err = call_ping(&client(), &format!("http://{addr}/"), &PING)
            .await
            .unwrap_err();
        assert!(
            matches!(
                err.kind(),
                ErrorKind::TruncatedBody {
                    received: 100,
                    expected: Some(1000)
                }
            ),
            "{err:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn truncated_xml_in_a_complete_body_is_a_decode_error() {
    bounded(async {
        let full = atl_response(r#"<PingResponse xmlns="urn:S"><return>42</return></PingResponse>"#);
        let cut = full[..full.len() - 30].to_owned();
        let (base, _) = serve(move |_| Reply::xml(200, cut.clone())).await;
        let err = call_ping(&client(), &base, &PING).await.unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Decode(d) if d.kind == soap_runtime::DecodeErrorKind::UnexpectedEof), "{err:?}");
    })
    .await;
}

#[tokio::test]
async fn connection_dropped_before_response_is_connection_closed() {
    bounded(async {
        let addr = serve_raw(|socket| async move { drop(socket) }).await;
        let err = call_ping(&client(), &format!("http://{addr}/"), &PING)
            .await
            .unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::ConnectionClosed { .. }),
            "{err:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn refused_connection_is_a_connect_error() {
    bounded(async {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let err = call_ping(&client(), &format!("http://{addr}/"), &PING)
            .await
            .unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Connect { .. }), "{err:?}");
    })
    .await;
}

#[tokio::test]
async fn invalid_endpoint_is_invalid_url() {
    bounded(async {
        let err = call_ping(&client(), "not a url", &PING).await.unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::InvalidUrl(_)), "{err:?}");
    })
    .await;
}

#[tokio::test]
async fn broken_xml_in_an_envelope_with_http_200_is_a_decode_error() {
    bounded(async {
        let (base, _) = serve(|_| Reply::xml(200, "<soap:Envelope xmlns:soap='urn:x'><oops")).await;
        let err = call_ping(&client(), &base, &PING).await.unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Decode(_)), "{err:?}");
    })
    .await;
}

fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

async fn gzip_server(body: Vec<u8>) -> std::net::SocketAddr {
    let compressed = std::sync::Arc::new(gzip(&body));
    serve_raw(move |socket| {
        let compressed = compressed.clone();
        async move {
            let mut out = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\ncontent-encoding: gzip\r\ncontent-length: {}\r\n\r\n",
                compressed.len()
            )
            .into_bytes();
            out.extend_from_slice(&compressed);
            write_and_close(socket, out).await;
        }
    })
    .await
}

#[tokio::test]
async fn gzip_responses_are_decoded() {
    bounded(async {
        let body = atl_response(r#"<PingResponse xmlns="urn:S"><return>9</return></PingResponse>"#);
        let addr = gzip_server(body.into_bytes()).await;
        assert_eq!(
            call_ping(&client(), &format!("http://{addr}/"), &PING)
                .await
                .unwrap(),
            9
        );
    })
    .await;
}

#[tokio::test]
async fn gzip_bomb_hits_the_size_limit_after_decompression() {
    bounded(async {
        let addr = gzip_server(vec![b' '; 20 * 1024 * 1024]).await;
        let client = HttpTransport::new(ClientConfig {
            max_response_bytes: 1024 * 1024,
            ..ClientConfig::default()
        })
        .unwrap();
        let err = call_ping(&client, &format!("http://{addr}/"), &PING)
            .await
            .unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::ResponseTooLarge { limit: 1_048_576 }),
            "{err:?}"
        );
    })
    .await;
}

#[test]
fn error_stays_small_for_the_decode_hot_path() {
    assert!(
        std::mem::size_of::<Error>() <= 40,
        "{}",
        std::mem::size_of::<Error>()
    );
}
