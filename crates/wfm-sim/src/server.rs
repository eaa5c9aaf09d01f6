//! The axum router (every route on one port) and a running simulator.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::{SimConfig, Simulator, auth, soap};

/// What every handler shares: the simulator and the base URL it writes into the URLs it
/// returns (`LoginInfo.sessionServiceURL`, the session's service URLs).
pub(crate) struct App {
    pub(crate) sim: Arc<Simulator>,
    pub(crate) base_url: String,
}

/// The simulator's routes: GAuth under `/auth/v3/`, WFM REST under `/wfm/api/v3/`, SOAP at
/// `/?Handler=<Service>`. `base_url` (`http://127.0.0.1:8080`) is what the SOAP services write
/// into the URLs they return.
pub fn router(sim: Arc<Simulator>, base_url: impl Into<String>) -> Router {
    let app = Arc::new(App {
        sim,
        base_url: base_url.into().trim_end_matches('/').to_owned(),
    });
    Router::new()
        .route("/auth/v3/oauth/token", post(auth::token))
        .route("/auth/v3/userinfo", get(auth::gauth_userinfo))
        .route("/wfm/api/v3/system/userinfo", get(auth::wfm_userinfo))
        .route("/", post(soap::soap))
        .with_state(app)
}

/// A simulator serving on a socket in this process's tokio runtime; stops when
/// [`shutdown`](Self::shutdown) is called or it is dropped.
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
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await
        });
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

    /// Stops accepting requests, lets those in flight finish, and waits for the server task.
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
