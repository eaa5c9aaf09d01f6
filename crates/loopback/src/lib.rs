//! Loopback HTTP servers for the runtimes' integration tests: an axum server driven by a
//! closure, and raw TCP servers for broken responses. Every server listens on a loopback
//! address only and lives as long as the test's runtime.

#![allow(clippy::unwrap_used)] // reason: test support; a failure to bind must fail the test loudly

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A request the test server received.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The HTTP method.
    pub method: Method,
    /// Path and query of the request URL.
    pub path_and_query: String,
    /// The request headers.
    pub headers: HeaderMap,
    /// The body, lossily decoded.
    pub body: String,
}

impl Seen {
    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }
}

/// What the test server answers.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type`.
    pub content_type: &'static str,
    /// The body.
    pub body: String,
    /// How long to wait before answering.
    pub delay: Duration,
    /// A `Location` header, for redirects.
    pub location: Option<String>,
}

impl Reply {
    /// An XML answer.
    pub fn xml(status: u16, body: impl Into<String>) -> Self {
        Reply {
            status,
            content_type: "text/xml; charset=utf-8",
            body: body.into(),
            delay: Duration::ZERO,
            location: None,
        }
    }

    /// A JSON answer.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Reply {
            status,
            content_type: "application/json",
            body: body.into(),
            delay: Duration::ZERO,
            location: None,
        }
    }

    /// The same answer, after `delay`.
    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// A redirect with `status` to `location`.
    pub fn redirect(status: u16, location: impl Into<String>) -> Self {
        Reply {
            location: Some(location.into()),
            ..Reply::xml(status, "")
        }
    }
}

/// The requests a server received, in order.
pub type Log = Arc<Mutex<Vec<Seen>>>;

/// A copy of the requests received so far.
pub fn seen(log: &Log) -> Vec<Seen> {
    log.lock().map(|l| l.clone()).unwrap_or_default()
}

/// Starts an HTTP/1.1 server on 127.0.0.1 answering every request with `handler`; returns its
/// base URL (`http://127.0.0.1:PORT`) and the log of requests.
pub async fn serve(handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> (String, Log) {
    serve_at("127.0.0.1", handler).await
}

/// Like [`serve`], on a free port of another loopback address (e.g. `127.0.0.2`, a second
/// host).
pub async fn serve_at(
    ip: &str,
    handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static,
) -> (String, Log) {
    let listener = TcpListener::bind((ip, 0)).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let log: Log = Arc::default();
    let handler = Arc::new(handler);
    let app_log = log.clone();
    let app = axum::Router::new().fallback(
        move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
            let handler = handler.clone();
            let log = app_log.clone();
            async move {
                let seen = Seen {
                    method,
                    path_and_query: uri
                        .path_and_query()
                        .map(|p| p.to_string())
                        .unwrap_or_default(),
                    headers,
                    body: String::from_utf8_lossy(&body).into_owned(),
                };
                let reply = handler(&seen);
                if let Ok(mut l) = log.lock() {
                    l.push(seen);
                }
                tokio::time::sleep(reply.delay).await;
                let mut response: Response = (
                    StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                    reply.body,
                )
                    .into_response();
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    header::HeaderValue::from_static(reply.content_type),
                );
                if let Some(location) = reply.location {
                    response.headers_mut().insert(
                        header::LOCATION,
                        header::HeaderValue::from_str(&location).unwrap(),
                    );
                }
                response
            }
        },
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}"), log)
}

/// A second host (127.0.0.2) that records whatever reaches it and answers as the real service
/// would (a token for a token request, an ATL `PingResponse` otherwise), so that a client that
/// followed a redirect there would see a success.
pub async fn decoy_host() -> (String, Log) {
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

/// Starts a raw TCP server that reads the request head and then runs `respond` on the socket.
pub async fn serve_raw<F, Fut>(respond: F) -> SocketAddr
where
    F: Fn(tokio::net::TcpStream) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let respond = Arc::new(respond);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let respond = respond.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 64 * 1024];
                let mut read = 0;
                // Read until the end of the head (the bodies sent by the tests are small and
                // arrive with it or right after; we do not need them).
                while read < buf.len() {
                    match socket.read(&mut buf[read..]).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => read += n,
                    }
                    if buf[..read].windows(4).any(|w| w == b"\r\n\r\n") {
                        break;
                    }
                }
                respond(socket).await;
            });
        }
    });
    addr
}

/// Writes `bytes` and closes the socket.
pub async fn write_and_close(mut socket: tokio::net::TcpStream, bytes: Vec<u8>) {
    let _ = socket.write_all(&bytes).await;
    let _ = socket.flush().await;
    let _ = socket.shutdown().await;
}

/// Runs a test body with a hard time limit, so a hang fails instead of blocking CI.
pub async fn bounded<T>(fut: impl Future<Output = T>) -> T {
    match tokio::time::timeout(Duration::from_secs(30), fut).await {
        Ok(v) => v,
        Err(_) => panic!("test exceeded its 30 s time limit"),
    }
}

/// The SOAP 1.1 envelope namespace.
pub const SOAP11_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";

/// ATL Server's success envelope around `inner`.
pub fn atl_response(inner: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" \
         xmlns:soapenc=\"http://schemas.xmlsoap.org/soap/encoding/\"><soap:Body>{inner}</soap:Body></soap:Envelope>"
    )
}

/// ATL Server's fault template (prefix `SOAP`, `detail` always present).
pub fn atl_fault(code: &str, string: &str, detail: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\r\n<SOAP:Envelope xmlns:SOAP=\"http://schemas.xmlsoap.org/soap/envelope/\">\r\n\
         <SOAP:Body>\r\n<SOAP:Fault>\r\n<faultcode>SOAP:{code}</faultcode>\r\n<faultstring>{string}</faultstring>\r\n\
         <detail>{detail}</detail>\r\n</SOAP:Fault>\r\n</SOAP:Body>\r\n</SOAP:Envelope>"
    )
}

/// Runs a future that never waits to its end, from synchronous code such as a [`serve`]
/// handler: a generated server dispatcher (`serve_<port>`) over an implementation that
/// answers at once. Panics if the future would wait.
pub fn ready<T>(future: impl Future<Output = T>) -> T {
    let mut future = std::pin::pin!(future);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut context) {
        std::task::Poll::Ready(value) => value,
        std::task::Poll::Pending => panic!("loopback::ready: the future waits"),
    }
}
