//! A generated client with a SOAP header part (fixture `soap_header`) sends the header block in
//! `soap:Header` and the request in `soap:Body`, and decodes the wrapped response: checked
//! against a real HTTP server on loopback.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::http::HeaderMap;
use axum::routing::post;
use codegen_fixtures::soap_header::{AccountServicePortClient, Credentials, GetBalance};
use soap_runtime::{ClientConfig, HttpTransport};

/// The requests the server received: SOAPAction header and body.
type Received = Arc<Mutex<Vec<(Option<String>, String)>>>;

const RESPONSE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Body>
    <GetBalanceResponse xmlns="urn:fixtures:soap_header"><balance>1234.50</balance></GetBalanceResponse>
  </soap:Body>
</soap:Envelope>"#;

#[tokio::test]
async fn header_parts_are_sent_in_the_soap_header() {
    let received: Received = Arc::default();
    let seen = received.clone();
    let app = Router::new().route(
        "/",
        post(move |headers: HeaderMap, body: String| {
            let action = headers
                .get("SOAPAction")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            seen.lock().expect("not poisoned").push((action, body));
            async { ([("content-type", "text/xml; charset=utf-8")], RESPONSE) }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let address = listener.local_addr().expect("local address");
    tokio::spawn(async move { axum::serve(listener, app).await });

    let soap = HttpTransport::new(ClientConfig::default()).expect("client");
    let client = AccountServicePortClient::new(soap, format!("http://{address}/"));
    let credentials = Credentials {
        user_name: "ada".into(),
        api_key: "k-123".into(),
    };
    let request = GetBalance {
        account_id: "ACC-7".into(),
    };
    let balance = tokio::time::timeout(
        Duration::from_secs(30),
        client.get_balance(&request, &credentials),
    )
    .await
    .expect("no hang")
    .expect("the call succeeds");
    assert_eq!(balance, "1234.50");

    let received = received.lock().expect("not poisoned");
    let [(action, body)] = received.as_slice() else {
        panic!("expected one request, got {}", received.len());
    };
    assert_eq!(
        action.as_deref(),
        Some("\"urn:fixtures:soap_header#GetBalance\"")
    );
    let header_start = body.find("<soap:Header>").expect("a soap:Header");
    let header_end = body.find("</soap:Header>").expect("a closed soap:Header");
    let body_start = body.find("<soap:Body>").expect("a soap:Body");
    let header = &body[header_start..header_end];
    assert!(header.contains("Credentials"), "{header}");
    assert!(
        header.contains(">ada<") && header.contains(">k-123<"),
        "{header}"
    );
    assert!(
        header_end < body_start,
        "the header comes before the body: {body}"
    );
    assert!(body[body_start..].contains(">ACC-7<"), "{body}");
    assert!(
        !body[body_start..].contains("k-123"),
        "the header is not in the body: {body}"
    );
}
