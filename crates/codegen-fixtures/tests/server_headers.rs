//! Generated server traits receive the request's SOAP headers as typed parameters (fixtures
//! `soap_header`, an optional header, and `soap_header_binding_only`, a required one): sent by
//! the generated client over loopback HTTP, absent, or malformed.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use codegen_fixtures::{soap_header, soap_header_binding_only};
use soap_runtime::envelope::read_body;
use soap_runtime::{ClientConfig, Error, ErrorKind, HttpTransport, SoapFault};

/// Answers with who asked: the credentials header's user and key, or `anonymous`.
struct Accounts;

impl soap_header::AccountServicePortServer for Accounts {
    async fn get_balance(
        &self,
        request: soap_header::GetBalance,
        credentials: Option<soap_header::Credentials>,
    ) -> Result<String, SoapFault> {
        let caller = match credentials {
            Some(c) => format!("{}/{}", c.user_name, c.api_key),
            None => "anonymous".to_owned(),
        };
        Ok(format!("{caller} asked for {}", request.account_id))
    }
}

/// Closes an account only within a session, answering with the calls left (an output
/// header).
struct Sessions;

impl soap_header_binding_only::AccountServicePortServer for Sessions {
    async fn close_account(
        &self,
        request: soap_header_binding_only::CloseAccount,
        session: soap_header_binding_only::SessionHeader,
    ) -> Result<soap_header_binding_only::CloseAccountOutput, SoapFault> {
        if session.session_id == "S-1" && request.account_id == "ACC-7" {
            Ok(soap_header_binding_only::CloseAccountOutput {
                quota_info: Some(soap_header_binding_only::QuotaInfo {
                    remaining_calls: 99,
                }),
            })
        } else {
            Err(SoapFault::server(
                soap_runtime::SoapVersion::Soap11,
                format!("{} not in {}", request.account_id, session.session_id),
            ))
        }
    }
}

async fn serve(app: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let address = listener.local_addr().expect("local address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    address
}

fn envelope(header: &str, body: &str) -> Vec<u8> {
    format!(
        r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">{header}<soap:Body>{body}</soap:Body></soap:Envelope>"#
    )
    .into_bytes()
}

/// The fault in a dispatcher's answer.
fn fault_of((status, envelope): (u16, Vec<u8>)) -> SoapFault {
    let text = String::from_utf8(envelope).expect("UTF-8");
    match read_body(&text, Default::default(), status).map_err(Error::into_kind) {
        Err(ErrorKind::Fault(fault)) => fault,
        other => panic!("expected a fault, got {other:?} in {text}"),
    }
}

const GET_BALANCE: &str =
    r#"<GetBalance xmlns="urn:fixtures:soap_header"><accountId>ACC-7</accountId></GetBalance>"#;

#[tokio::test]
async fn an_optional_header_reaches_the_trait_method() {
    let app = Router::new().route(
        "/",
        post(|headers: HeaderMap, body: Bytes| async move {
            let action = headers.get("SOAPAction").and_then(|v| v.to_str().ok());
            let (status, envelope) =
                soap_header::serve_account_service_port(&Accounts, action, &body).await;
            (
                StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                envelope,
            )
        }),
    );
    let address = serve(app).await;
    let soap = HttpTransport::new(ClientConfig::default()).expect("client");
    let client = soap_header::AccountServicePortClient::new(soap, format!("http://{address}/"));
    let credentials = soap_header::Credentials {
        user_name: "ada".into(),
        api_key: "k-123".into(),
    };
    let request = soap_header::GetBalance {
        account_id: "ACC-7".into(),
    };
    let answer = tokio::time::timeout(
        Duration::from_secs(30),
        client.get_balance(&request, &credentials),
    )
    .await
    .expect("no hang")
    .expect("the call succeeds");
    assert_eq!(answer, "ada/k-123 asked for ACC-7");

    // No header at all: the method gets `None`.
    let (status, body) =
        soap_header::serve_account_service_port(&Accounts, None, &envelope("", GET_BALANCE)).await;
    assert_eq!(status, 200);
    let body = String::from_utf8(body).expect("UTF-8");
    assert!(body.contains("anonymous asked for ACC-7"), "{body}");

    // Other header blocks are not taken for it.
    let unrelated = r#"<soap:Header><Credentials xmlns="urn:other"><userName>eve</userName><apiKey>x</apiKey></Credentials></soap:Header>"#;
    let (_, body) =
        soap_header::serve_account_service_port(&Accounts, None, &envelope(unrelated, GET_BALANCE))
            .await;
    let body = String::from_utf8(body).expect("UTF-8");
    assert!(body.contains("anonymous asked for ACC-7"), "{body}");

    // A header that does not decode is the client's fault, naming the header.
    let incomplete = r#"<soap:Header><Credentials xmlns="urn:fixtures:soap_header"><userName>ada</userName></Credentials></soap:Header>"#;
    let fault = fault_of(
        soap_header::serve_account_service_port(
            &Accounts,
            None,
            &envelope(incomplete, GET_BALANCE),
        )
        .await,
    );
    assert_eq!(fault.code.local_name, "Client");
    assert_eq!(fault.string, "SOAP Invalid Request");
    let detail = detail_text(&fault);
    assert!(detail.contains("SOAP header <Credentials>"), "{detail}");
    assert!(detail.contains("apiKey"), "{detail}");
}

#[tokio::test]
async fn a_required_header_must_be_sent() {
    let app = Router::new().route(
        "/",
        post(|headers: HeaderMap, body: Bytes| async move {
            let action = headers.get("SOAPAction").and_then(|v| v.to_str().ok());
            let (status, envelope) =
                soap_header_binding_only::serve_account_service_port(&Sessions, action, &body)
                    .await;
            (
                StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                envelope,
            )
        }),
    );
    let address = serve(app).await;
    let soap = HttpTransport::new(ClientConfig::default()).expect("client");
    let client =
        soap_header_binding_only::AccountServicePortClient::new(soap, format!("http://{address}/"));
    let request = soap_header_binding_only::CloseAccount {
        account_id: "ACC-7".into(),
    };
    let session = |id: &str| soap_header_binding_only::SessionHeader {
        session_id: id.into(),
    };
    let closed = tokio::time::timeout(
        Duration::from_secs(30),
        client.close_account(&request, &session("S-1")),
    )
    .await
    .expect("no hang")
    .expect("closed within the session");
    assert_eq!(
        closed.quota_info.map(|quota| quota.remaining_calls),
        Some(99)
    );
    let error = client
        .close_account(&request, &session("S-2"))
        .await
        .expect_err("another session");
    assert!(error.to_string().contains("ACC-7 not in S-2"), "{error}");

    let body = r#"<CloseAccount xmlns="urn:fixtures:soap_header_binding_only"><accountId>ACC-7</accountId></CloseAccount>"#;
    let fault = fault_of(
        soap_header_binding_only::serve_account_service_port(&Sessions, None, &envelope("", body))
            .await,
    );
    assert_eq!(fault.code.local_name, "Client");
    assert_eq!(fault.string, "SOAP Invalid Request");
    assert_eq!(
        detail_text(&fault),
        "the required SOAP header <SessionHeader> is missing"
    );
}

/// The text of a fault's detail (the dispatcher escapes its explanation into `detail`).
fn detail_text(fault: &SoapFault) -> String {
    fault
        .detail
        .as_deref()
        .unwrap_or_default()
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
