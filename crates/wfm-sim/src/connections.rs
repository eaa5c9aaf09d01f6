//! Serving connections so that slow clients cannot lock the port: at most
//! [`SimConfig::max_connections`](crate::SimConfig::max_connections) at a time (the rest wait
//! in the listener's accept queue), a request head that must arrive within
//! [`SimConfig::header_read_timeout`](crate::SimConfig::header_read_timeout), and a request
//! body within [`SimConfig::body_read_timeout`](crate::SimConfig::body_read_timeout).
//!
//! `axum::serve` sets no header read timeout and takes every connection it is offered, so a
//! few thousand clients that send half a request and stall hold every file descriptor and
//! task for good. Here each connection is served by hyper's HTTP/1 server with the timeout
//! set, and holds a slot of a semaphore from accept to close; the timeouts bound how long a
//! stalled client keeps its slot.

use std::io;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body::Body as _;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::{Service as _, service_fn};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot, watch};

use crate::SimConfig;
use crate::fault::{ConnectionCutter, CuttableListener, CuttableStream};
use crate::server::App;

/// The largest request body the simulator reads: axum's default body limit, which the
/// handlers' body extractors would apply anyway.
const MAX_REQUEST_BODY: usize = 2 * 1024 * 1024;

/// Serves `app` on `listener` under the limits of `config` until `stop` fires (or its sender
/// is dropped), then stops accepting, lets every open connection finish the request it is on,
/// and ends once all have closed.
pub(crate) fn serve(
    listener: CuttableListener,
    app: Router,
    config: &SimConfig,
    stop: oneshot::Receiver<()>,
) -> impl Future<Output = io::Result<()>> + Send + 'static {
    let max_connections = config.max_connections;
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(config.header_read_timeout);
    accept_loop(listener, app, Arc::new(http), max_connections, stop)
}

async fn accept_loop(
    listener: CuttableListener,
    app: Router,
    http: Arc<http1::Builder>,
    max_connections: usize,
    mut stop: oneshot::Receiver<()>,
) -> io::Result<()> {
    let slots = Arc::new(Semaphore::new(max_connections));
    let (closing, closing_seen) = watch::channel(false);
    loop {
        // The slot is taken before the accept, so that past the cap new connections wait in
        // the kernel's accept queue (and are refused once it is full), not in this process.
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot,
            _ = &mut stop => break,
        };
        // The semaphore is never closed; this ends the loop should that change.
        let Ok(slot) = slot else { break };
        let (stream, cutter) = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = &mut stop => break,
        };
        tokio::spawn(serve_connection(
            stream,
            cutter,
            app.clone(),
            http.clone(),
            closing_seen.clone(),
            slot,
        ));
    }
    // Dropping the listener refuses new connections while the open ones finish.
    drop(listener);
    let _ = closing.send(true);
    // Every connection returns its slot when it closes: all slots back, all closed.
    let all = u32::try_from(max_connections).unwrap_or(u32::MAX);
    let _ = slots.acquire_many(all).await;
    Ok(())
}

/// Serves one connection to its end, or, once `closing` turns true, to the end of the request
/// it is on; returns its slot when done.
async fn serve_connection(
    stream: CuttableStream,
    cutter: ConnectionCutter,
    app: Router,
    http: Arc<http1::Builder>,
    mut closing: watch::Receiver<bool>,
    slot: OwnedSemaphorePermit,
) {
    let app = TowerToHyperService::new(app);
    // A drop fault finds the cutter of its connection among the request's extensions.
    let service = service_fn(move |mut request: Request<Incoming>| {
        request.extensions_mut().insert(cutter.clone());
        app.call(request)
    });
    let connection = http.serve_connection(TokioIo::new(stream), service);
    let mut connection = std::pin::pin!(connection);
    // A connection that fails (a client gone, a head that timed out, a cut by a fault) only
    // ends itself; there is no one to tell.
    let server_stopping = tokio::select! {
        _ = connection.as_mut() => false,
        _ = closing.wait_for(|closing| *closing) => true,
    };
    if server_stopping {
        connection.as_mut().graceful_shutdown();
        let _ = connection.await;
    }
    drop(slot);
}

/// Middleware: reads the request body to its end within the simulator's body read timeout
/// before the request goes on. A client whose body has not arrived by then gets a 408 and the
/// connection closes; a body over [`MAX_REQUEST_BODY`] gets a 413, one that breaks off a 400.
pub(crate) async fn read_body_in_time(
    State(app): State<Arc<App>>,
    request: Request,
    next: Next,
) -> Response {
    if request.body().is_end_stream() {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let timeout = app.sim.config().body_read_timeout;
    match tokio::time::timeout(timeout, read_body(body)).await {
        Ok(Ok(bytes)) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Ok(Err(status)) => closing_response(status),
        Err(_) => closing_response(StatusCode::REQUEST_TIMEOUT),
    }
}

/// The whole body, or the status that refuses it.
async fn read_body(mut body: Body) -> Result<Bytes, StatusCode> {
    if body.size_hint().lower() > MAX_REQUEST_BODY as u64 {
        return Err(StatusCode::PAYLOAD_TOO_LARGE);
    }
    let mut bytes = Vec::new();
    while let Some(frame) =
        std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)).await
    {
        let frame = frame.map_err(|_| StatusCode::BAD_REQUEST)?;
        // Trailers are dropped: no route of the simulator reads them.
        if let Ok(data) = frame.into_data() {
            if bytes.len() + data.len() > MAX_REQUEST_BODY {
                return Err(StatusCode::PAYLOAD_TOO_LARGE);
            }
            bytes.extend_from_slice(&data);
        }
    }
    Ok(Bytes::from(bytes))
}

/// `status` with `Connection: close`: the rest of the body is never read, so the connection
/// cannot carry another request.
fn closing_response(status: StatusCode) -> Response {
    (status, [(header::CONNECTION, "close")]).into_response()
}
