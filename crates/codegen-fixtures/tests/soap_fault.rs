//! Declared faults (fixture `soap_fault`): a generated server answers with a typed fault
//! detail, and the generated client's error decodes back into the fault enum; a detail that
//! names a declared fault but does not decode, and one that names none, leave the raw fault
//! in place. Over a real HTTP server on loopback.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use codegen_fixtures::soap_fault::{
    InsufficientFunds, PaymentServicePortClient, PaymentServicePortServer, TransferFunds,
    TransferFundsFault, serve_payment_service_port,
};
use soap_runtime::{ClientConfig, Error, ErrorKind, HttpTransport, SoapFault, SoapVersion};

/// Answers by the source account: a fault of each declared kind, a malformed declared
/// detail, an undeclared detail, or success.
struct Bank;

impl PaymentServicePortServer for Bank {
    async fn transfer_funds(&self, request: TransferFunds) -> Result<String, SoapFault> {
        let v = SoapVersion::Soap11;
        match request.from_account.as_str() {
            "poor" => Err(TransferFundsFault::InsufficientFunds(InsufficientFunds {
                available: "12.50".into(),
            })
            .to_fault(v, "insufficient funds")),
            "locked" => Err(TransferFundsFault::AccountLocked(
                "locked since <Monday> & more".into(),
            )
            .to_fault(v, "account locked")),
            // A declared detail element without its required child.
            "garbled" => Err(SoapFault::server(v, "garbled").with_detail(|w| {
                w.start_element("InsufficientFunds");
                w.namespace_declaration(None, "urn:fixtures:soap_fault");
                w.end_element("InsufficientFunds");
            })),
            "other" => Err(SoapFault::server(v, "undeclared")
                .with_detail(|w| w.text_element("reason", "maintenance"))),
            _ => Ok(format!("T-{}", request.amount)),
        }
    }
}

async fn start_bank() -> SocketAddr {
    let app = Router::new().route(
        "/",
        post(|headers: HeaderMap, body: Bytes| async move {
            let action = headers.get("SOAPAction").and_then(|v| v.to_str().ok());
            let (status, envelope) = serve_payment_service_port(&Bank, action, &body).await;
            (
                StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                [("content-type", "text/xml; charset=utf-8")],
                envelope,
            )
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let address = listener.local_addr().expect("local address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    address
}

async fn transfer(client: &PaymentServicePortClient, from: &str) -> soap_runtime::Result<String> {
    let request = TransferFunds {
        from_account: from.into(),
        to_account: "ACC-2".into(),
        amount: "100.00".into(),
    };
    tokio::time::timeout(Duration::from_secs(30), client.transfer_funds(&request))
        .await
        .expect("no hang")
}

fn raw_fault(error: &Error) -> &SoapFault {
    match error.fault() {
        Some(fault) => fault,
        None => panic!("expected a SOAP fault, got {error:?}"),
    }
}

#[tokio::test]
async fn typed_fault_details_travel_from_server_to_client() {
    let address = start_bank().await;
    let soap = HttpTransport::new(ClientConfig::default()).expect("client");
    let client = PaymentServicePortClient::new(soap, format!("http://{address}/"));

    assert_eq!(
        transfer(&client, "rich").await.expect("a transfer"),
        "T-100.00"
    );

    let error = transfer(&client, "poor").await.expect_err("a fault");
    assert_eq!(raw_fault(&error).string, "insufficient funds");
    assert_eq!(
        TransferFundsFault::from_error(&error).expect("the detail decodes"),
        Some(TransferFundsFault::InsufficientFunds(InsufficientFunds {
            available: "12.50".into()
        }))
    );

    let error = transfer(&client, "locked").await.expect_err("a fault");
    assert_eq!(
        TransferFundsFault::from_error(&error).expect("the detail decodes"),
        Some(TransferFundsFault::AccountLocked(
            "locked since <Monday> & more".into()
        ))
    );
}

#[tokio::test]
async fn details_that_do_not_match_keep_the_raw_fault() {
    let address = start_bank().await;
    let soap = HttpTransport::new(ClientConfig::default()).expect("client");
    let client = PaymentServicePortClient::new(soap, format!("http://{address}/"));

    // A declared detail element that does not decode: the accessor says why, the error is
    // still the fault with its raw detail.
    let error = transfer(&client, "garbled").await.expect_err("a fault");
    let decode = TransferFundsFault::from_error(&error).expect_err("the detail is incomplete");
    assert!(
        decode.to_string().contains("available"),
        "names the missing child: {decode}"
    );
    let fault = raw_fault(&error);
    assert_eq!(fault.string, "garbled");
    assert!(
        fault
            .detail
            .as_deref()
            .is_some_and(|d| d.contains("InsufficientFunds")),
        "{fault:?}"
    );

    // An element no fault declares, and ATL's plain-text detail: no typed detail.
    let error = transfer(&client, "other").await.expect_err("a fault");
    assert_eq!(
        TransferFundsFault::from_error(&error).expect("no decode"),
        None
    );
    assert_eq!(
        raw_fault(&error).detail.as_deref(),
        Some("<reason>maintenance</reason>")
    );
    let mut plain = SoapFault::server(SoapVersion::Soap11, "SOAP Server Application Faulted");
    plain.detail = Some("Application Error".into());
    assert_eq!(
        TransferFundsFault::from_fault(&plain).expect("no decode"),
        None
    );

    // Errors other than faults have no detail.
    let unreachable = Error::from(ErrorKind::InvalidUrl("no such endpoint".into()));
    assert_eq!(
        TransferFundsFault::from_error(&unreachable).expect("no decode"),
        None
    );
}
