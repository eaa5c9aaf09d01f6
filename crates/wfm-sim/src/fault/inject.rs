//! Applying faults: the middleware every request passes through, the listener whose
//! connections a fault can cut, and the response body that stops early.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body::Frame;
use soap_runtime::{FaultCode, SoapFault, SoapVersion};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

use super::{Fault, Target};
use crate::server::{App, GAUTH_TOKEN_PATH, GAUTH_USERINFO_PATH, SOAP_PATH};
use crate::soap;

/// How much of a request body a dropped connection reads before it closes.
const MAX_DRAINED_BYTES: usize = 64 * 1024 * 1024;

/// Set on a token request by an [`Fault::ExpireTokens`] rule: how long the access token it
/// issues really lives.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IssueLifetime(pub(crate) Duration);

/// The fault middleware: finds the route, asks the simulator's rules, and applies the fault
/// that fires (or passes the request on untouched).
pub(crate) async fn inject(
    State(app): State<Arc<App>>,
    mut request: Request,
    next: Next,
) -> Response {
    let target = target_of(&app, request.method(), request.uri(), request.headers());
    let Some(fault) = app.sim.faults.fire(&target) else {
        return next.run(request).await;
    };
    match fault {
        Fault::Latency(delay) => {
            tokio::time::sleep(delay).await;
            next.run(request).await
        }
        Fault::SoapFault {
            code,
            string,
            detail,
        } => soap::fault_response(&soap_fault(code, string, detail.as_deref())),
        Fault::Http { status, body } => http_error(status, body),
        Fault::Drop => drop_connection(request).await,
        Fault::Truncate => truncate(next.run(request).await).await,
        Fault::ExpireTokens { lifetime } => {
            if target == Target::GAuthToken {
                request.extensions_mut().insert(IssueLifetime(lifetime));
            } else {
                app.sim.tokens.expire_if_older(request.headers(), lifetime);
            }
            next.run(request).await
        }
    }
}

/// The route of a request: the REST paths, or the SOAP handler (`?Handler=`) and the
/// operation its `SOAPAction` names (`"#GetAgentState"`).
fn target_of(app: &App, method: &Method, uri: &axum::http::Uri, headers: &HeaderMap) -> Target {
    match (method, uri.path()) {
        (&Method::POST, GAUTH_TOKEN_PATH) => Target::GAuthToken,
        (&Method::GET, GAUTH_USERINFO_PATH) => Target::GAuthUserInfo,
        (&Method::GET, path) if path == app.wfm_userinfo_path => Target::WfmUserInfo,
        (&Method::POST, SOAP_PATH) => Target::Soap {
            handler: soap::handler_name(uri),
            operation: headers
                .get("soapaction")
                .and_then(|v| v.to_str().ok())
                .and_then(|action| action.trim().trim_matches('"').rsplit(['#', '/']).next())
                .filter(|name| !name.is_empty())
                .map(str::to_owned),
        },
        _ => Target::Other,
    }
}

/// A SOAP 1.1 fault as the simulator's services write theirs: the code in the envelope
/// namespace, the detail as escaped text.
fn soap_fault(code: String, string: String, detail: Option<&str>) -> SoapFault {
    let version = SoapVersion::Soap11;
    let mut fault = SoapFault::server(version, string);
    fault.code = FaultCode {
        namespace: Some(version.envelope_namespace().to_owned()),
        local_name: code,
    };
    fault.detail = detail.map(soap::escape_text);
    fault
}

fn http_error(status: u16, body: String) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if body.is_empty() {
        status.into_response()
    } else {
        (
            status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            body,
        )
            .into_response()
    }
}

/// Reads the request to its end (so the client sees the connection close while it waits for
/// the answer, not while it writes), then cuts the connection.
async fn drop_connection(request: Request) -> Response {
    let cutter = request.extensions().get::<ConnectionCutter>().cloned();
    // The body only matters for how the connection ends; a broken one ends it too.
    let _ = axum::body::to_bytes(request.into_body(), MAX_DRAINED_BYTES).await;
    match cutter {
        Some(cutter) => {
            cutter.cut();
            // Never sent: the connection fails on its first write.
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        // Served by other means than `RunningSimulator` (see `router`): a body that fails
        // before its first byte makes hyper close the connection with the head still unsent.
        None => Response::new(Body::new(BrokenBody::at_once())),
    }
}

/// The response with its full `Content-Length` (at least 1) and only the first half of its
/// body, after which the connection closes.
async fn truncate(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    // The simulator's own bodies are in memory and cannot fail; an empty one is truncated too.
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    parts.headers.remove(header::TRANSFER_ENCODING);
    parts.headers.insert(
        header::CONTENT_LENGTH,
        HeaderValue::from(bytes.len().max(1)),
    );
    let half = bytes.slice(..bytes.len() / 2);
    Response::from_parts(parts, Body::new(BrokenBody::after(half)))
}

/// A response body that sends `part`, returns `Pending` once so the connection flushes what
/// it has written, then fails, which makes hyper close the connection.
struct BrokenBody {
    part: Option<Bytes>,
    yielded: bool,
}

impl BrokenBody {
    /// Sends `part`, lets it be flushed, then fails.
    fn after(part: Bytes) -> BrokenBody {
        BrokenBody {
            part: Some(part),
            yielded: false,
        }
    }

    /// Fails on the first poll, before anything of the response is flushed.
    fn at_once() -> BrokenBody {
        BrokenBody {
            part: None,
            yielded: true,
        }
    }
}

impl http_body::Body for BrokenBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        if let Some(part) = self.part.take() {
            return Poll::Ready(Some(Ok(Frame::data(part))));
        }
        if !self.yielded {
            self.yielded = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        Poll::Ready(Some(Err(io::Error::new(
            io::ErrorKind::ConnectionAborted,
            "response cut by an injected fault",
        ))))
    }
}

/// The TCP listener [`RunningSimulator`](crate::RunningSimulator) serves on: each connection
/// comes with a [`ConnectionCutter`] (a request extension) that a drop fault uses.
pub(crate) struct CuttableListener(pub(crate) TcpListener);

impl CuttableListener {
    /// The next connection and the cutter that cuts it.
    pub(crate) async fn accept(&self) -> (CuttableStream, ConnectionCutter) {
        loop {
            match self.0.accept().await {
                Ok((stream, _)) => {
                    let cut = Arc::<AtomicBool>::default();
                    let cutter = ConnectionCutter(cut.clone());
                    return (CuttableStream { stream, cut }, cutter);
                }
                // As axum's own listener does: a connection that failed while queued is
                // skipped; anything else (out of file descriptors) is retried after a pause.
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::ConnectionRefused
                            | io::ErrorKind::ConnectionAborted
                            | io::ErrorKind::ConnectionReset
                    ) => {}
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }
}

/// Cuts one connection: once [`cut`](Self::cut), every read and write on it fails, so hyper
/// closes it without sending another byte.
#[derive(Debug, Clone)]
pub(crate) struct ConnectionCutter(Arc<AtomicBool>);

impl ConnectionCutter {
    fn cut(&self) {
        self.0.store(true, Ordering::Release);
    }
}

/// A TCP stream that fails every read and write once its cutter has cut it.
pub(crate) struct CuttableStream {
    stream: TcpStream,
    cut: Arc<AtomicBool>,
}

impl CuttableStream {
    fn check(&self) -> io::Result<()> {
        if self.cut.load(Ordering::Acquire) {
            Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "connection cut by an injected fault",
            ))
        } else {
            Ok(())
        }
    }
}

impl AsyncRead for CuttableStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.check()?;
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for CuttableStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.check()?;
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.check()?;
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.check()?;
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}
