//! The module the build script generated, used both ways over loopback HTTP: its server trait
//! implemented and served, its client calling it, a declared fault decoded into its type.

use std::net::SocketAddr;

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use build_script_example::calculator::{
    Add, CalculatorSoapClient, CalculatorSoapServer, Divide, DivideFault, DivideResponse,
    DivisionByZero, serve_calculator_soap,
};
use soap_runtime::{ClientConfig, ErrorKind, HttpTransport, SoapFault, SoapVersion};

/// Integer arithmetic, as the WSDL describes it.
struct Arithmetic;

impl CalculatorSoapServer for Arithmetic {
    async fn add(&self, parameters: Add) -> Result<i32, SoapFault> {
        parameters
            .a
            .checked_add(parameters.b)
            .ok_or_else(|| SoapFault::client(SoapVersion::Soap11, "the sum overflows"))
    }

    async fn divide(&self, parameters: Divide) -> Result<DivideResponse, SoapFault> {
        if parameters.divisor == 0 {
            let detail = DivideFault::DivisionByZero(DivisionByZero {
                dividend: parameters.dividend,
            });
            return Err(detail.to_fault(SoapVersion::Soap11, "division by zero"));
        }
        Ok(DivideResponse {
            quotient: parameters.dividend / parameters.divisor,
            remainder: parameters.dividend % parameters.divisor,
        })
    }
}

/// Serves [`Arithmetic`] on a free loopback port; returns a client for it.
async fn calculator() -> CalculatorSoapClient {
    let app = Router::new().route(
        "/calculator",
        post(|headers: HeaderMap, body: Bytes| async move {
            let action = headers.get("SOAPAction").and_then(|v| v.to_str().ok());
            let (status, envelope) = serve_calculator_soap(&Arithmetic, action, &body).await;
            (
                StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                envelope,
            )
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let address: SocketAddr = listener.local_addr().expect("local address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    let transport = HttpTransport::new(ClientConfig::default()).expect("an HTTP client");
    CalculatorSoapClient::new(transport, format!("http://{address}/calculator"))
}

#[tokio::test]
async fn the_generated_client_calls_the_generated_server() {
    let calculator = calculator().await;
    assert_eq!(calculator.add(&Add { a: 2, b: 3 }).await.expect("2 + 3"), 5);
    let divided = calculator
        .divide(&Divide {
            dividend: 17,
            divisor: 5,
        })
        .await
        .expect("17 / 5");
    assert_eq!(
        divided,
        DivideResponse {
            quotient: 3,
            remainder: 2
        }
    );
}

#[tokio::test]
async fn a_declared_fault_comes_back_typed() {
    let calculator = calculator().await;
    let error = calculator
        .divide(&Divide {
            dividend: 7,
            divisor: 0,
        })
        .await
        .expect_err("division by zero fails");
    assert!(matches!(error.kind(), ErrorKind::Fault(_)), "{error}");
    assert_eq!(
        DivideFault::from_error(&error).expect("the detail decodes"),
        Some(DivideFault::DivisionByZero(DivisionByZero { dividend: 7 }))
    );

    let error = calculator
        .add(&Add { a: i32::MAX, b: 1 })
        .await
        .expect_err("the sum overflows");
    assert!(error.to_string().contains("the sum overflows"), "{error}");
}
