//! The axum router (every route on one port) and a running simulator.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::middleware;
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::fault::{CuttableListener, FaultRule};
use crate::{SimConfig, Simulator, auth, connections, fault, soap};

/// What every handler shares: the simulator and the base URL it writes into the URLs it
/// returns (`LoginInfo.sessionServiceURL`, the session's service URLs).
pub(crate) struct App {
    pub(crate) sim: Arc<Simulator>,
    pub(crate) base_url: String,
    /// WFM REST user info, below the configured WFM Web context.
    pub(crate) wfm_userinfo_path: String,
}

/// GAuth's token endpoint.
pub(crate) const GAUTH_TOKEN_PATH: &str = "/auth/v3/oauth/token";
/// GAuth's user details.
pub(crate) const GAUTH_USERINFO_PATH: &str = "/auth/v3/userinfo";
/// Every SOAP service (`?Handler=<Service>`).
pub(crate) const SOAP_PATH: &str = "/";

/// The simulator's routes: GAuth under `/auth/v3/`, WFM REST under
/// `{`[`SimConfig::web_context`]`}/api/v3/` (`/wfm/api/v3/` by default), SOAP at
/// `/?Handler=<Service>`, all behind the simulator's fault rules. `base_url`
/// (`http://127.0.0.1:8080`) is what the SOAP services write into the URLs they return.
///
/// Request bodies must arrive within [`SimConfig::body_read_timeout`] (408 otherwise) however
/// the router is served; the header read timeout and the connection cap are
/// [`RunningSimulator`]'s.
///
/// Served by [`RunningSimulator`], a [`Fault::Drop`](crate::Fault::Drop) cuts the connection
/// itself; served by other means, it makes the response body fail before its first byte,
/// which has hyper close the connection without answering.
pub fn router(sim: Arc<Simulator>, base_url: impl Into<String>) -> Router {
    let app = Arc::new(App {
        wfm_userinfo_path: sim.config().web_context.userinfo_path(),
        sim,
        base_url: base_url.into().trim_end_matches('/').to_owned(),
    });
    Router::new()
        .route(GAUTH_TOKEN_PATH, post(auth::token))
        .route(GAUTH_USERINFO_PATH, get(auth::gauth_userinfo))
        .route(&app.wfm_userinfo_path, get(auth::wfm_userinfo))
        .route(SOAP_PATH, post(soap::soap))
        .layer(middleware::from_fn_with_state(app.clone(), fault::inject))
        // Outermost, so the body deadline counts from the end of the head, before any fault.
        .layer(middleware::from_fn_with_state(
            app.clone(),
            connections::read_body_in_time,
        ))
        .with_state(app)
}

/// A simulator serving on a socket in this process's tokio runtime; stops when
/// [`shutdown`](Self::shutdown) is called or it is dropped.
///
/// It serves at most [`SimConfig::max_connections`] connections at a time (more wait in the
/// listener's accept queue) and closes a connection whose request head does not arrive within
/// [`SimConfig::header_read_timeout`] (an idle keep-alive connection too) or whose body does
/// not arrive within [`SimConfig::body_read_timeout`] (with a 408), so that stalled clients
/// free their slots.
#[derive(Debug)]
pub struct RunningSimulator {
    sim: Arc<Simulator>,
    addr: SocketAddr,
    base_url: String,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<io::Result<()>>>,
}

impl RunningSimulator {
    /// Binds `addr` (port 0: a free port) and serves the simulator for `config` on it.
    pub async fn start(config: SimConfig, addr: SocketAddr) -> io::Result<RunningSimulator> {
        let listener = TcpListener::bind(addr).await?;
        Self::serve(Simulator::new(config), listener)
    }

    /// Serves `sim` on an already bound listener; the URLs it returns name the listener's
    /// address.
    pub fn serve(sim: Arc<Simulator>, listener: TcpListener) -> io::Result<RunningSimulator> {
        Self::serve_as(sim, listener, None)
    }

    /// Serves `sim` on an already bound listener, writing `public_url` (e.g.
    /// `http://wfm-sim.example:8080`) instead of the listener's address into the URLs it
    /// returns (`LoginInfo.sessionServiceURL`, the session's service URLs).
    pub fn serve_as(
        sim: Arc<Simulator>,
        listener: TcpListener,
        public_url: Option<&str>,
    ) -> io::Result<RunningSimulator> {
        let addr = listener.local_addr()?;
        let base_url = match public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("http://{addr}"),
        };
        let app = router(sim.clone(), base_url.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(connections::serve(
            CuttableListener(listener),
            app,
            sim.config(),
            stopped,
        ));
        Ok(RunningSimulator {
            sim,
            addr,
            base_url,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// The socket address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://<ip>:<port>`: the base URL for GAuth, WFM REST and the Locator alike.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The simulator (its configuration and in-memory store).
    pub fn simulator(&self) -> &Arc<Simulator> {
        &self.sim
    }

    /// Adds a fault rule (see [`Simulator::inject_fault`]).
    pub fn inject_fault(&self, rule: FaultRule) {
        self.sim.inject_fault(rule);
    }

    /// Stops accepting connections, lets the requests in flight finish, and waits until every
    /// connection has closed (a client that stalls mid-head is waited for up to
    /// [`SimConfig::header_read_timeout`]).
    pub async fn shutdown(mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(io::Error::other)?,
            None => Ok(()),
        }
    }
}

impl Drop for RunningSimulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
