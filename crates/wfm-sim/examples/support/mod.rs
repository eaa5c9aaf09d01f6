//! Where the examples find WFM: a real server named by environment variables, or else the
//! simulator, started in this process on a free loopback port.
//!
//! Cloud: `WFM_URL` (and `GAUTH_URL` if GAuth is elsewhere), `GAUTH_CLIENT_ID`,
//! `GAUTH_CLIENT_SECRET`, `WFM_USER`, `WFM_PASSWORD`; optionally `WFM_USERINFO_URL` when WFM
//! Web does not run under `/wfm`. On premises: `WFM_SERVER_URL` (where the Locator listens),
//! `WFM_USER`, `WFM_PASSWORD`.

#![allow(dead_code, reason = "each example uses the part for its deployment")]

use std::sync::Arc;

use anyhow::{Context, Result};
use wfm_runtime::ClientConfig;
use wfm_runtime::auth::{GAuthConfig, GAuthGrant, GAuthTokenSource};
use wfm_sdk::CloudConfig;
use wfm_sim::{Deployment, RunningSimulator, SimConfig};

/// The application name the examples send to the Locator and the session service.
pub const APP_NAME: &str = "wfm-sdk-examples";

/// The cloud settings for `Wfm::connect`, and the simulator behind them when there is no real
/// server.
pub struct Cloud {
    /// The settings for `Wfm::connect`.
    pub config: CloudConfig,
    /// Keeps the in-process simulator running; `None` for a real server.
    pub simulator: Option<RunningSimulator>,
}

/// An on-premises server and the WFM user to log in as.
pub struct OnPremisesServer {
    /// Where the server's Locator listens.
    pub url: String,
    /// The WFM user name.
    pub user: String,
    /// The password.
    pub password: String,
    /// Keeps the in-process simulator running; `None` for a real server.
    pub simulator: Option<RunningSimulator>,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

fn required(name: &str) -> Result<String> {
    env(name).with_context(|| format!("{name} is not set"))
}

async fn simulator(deployment: Deployment) -> Result<RunningSimulator> {
    let config = SimConfig {
        deployment,
        ..SimConfig::default()
    };
    let sim = RunningSimulator::start(config, ([127, 0, 0, 1], 0).into())
        .await
        .context("starting the simulator")?;
    eprintln!("simulator ({deployment}) started at {}", sim.base_url());
    Ok(sim)
}

/// WFM in the cloud: the server from `WFM_URL` and friends, or the simulator as `supervisor`.
pub async fn cloud() -> Result<Cloud> {
    let (wfm_url, gauth_url, client_id, client_secret, user, password, simulator) =
        match env("WFM_URL") {
            Some(wfm_url) => {
                let gauth_url = env("GAUTH_URL").unwrap_or_else(|| wfm_url.clone());
                (
                    wfm_url,
                    gauth_url,
                    required("GAUTH_CLIENT_ID")?,
                    required("GAUTH_CLIENT_SECRET")?,
                    required("WFM_USER")?,
                    required("WFM_PASSWORD")?,
                    None,
                )
            }
            None => {
                let sim = simulator(Deployment::Cloud).await?;
                (
                    sim.base_url().to_owned(),
                    sim.base_url().to_owned(),
                    wfm_sim::CLIENT_ID.to_owned(),
                    wfm_sim::CLIENT_SECRET.to_owned(),
                    "supervisor".to_owned(),
                    "supervisor".to_owned(),
                    Some(sim),
                )
            }
        };
    let gauth = GAuthTokenSource::new(
        GAuthConfig::new(
            &gauth_url,
            client_id,
            client_secret,
            GAuthGrant::Password {
                username: user,
                password: password.into(),
            },
        ),
        ClientConfig::default(),
    )
    .with_context(|| format!("setting up GAuth at {gauth_url}"))?;
    let mut config = CloudConfig::new(wfm_url, APP_NAME, Arc::new(gauth));
    if let Some(url) = env("WFM_USERINFO_URL") {
        config = config.with_userinfo_url(url);
    }
    Ok(Cloud { config, simulator })
}

/// An on-premises WFM Server: the one at `WFM_SERVER_URL`, or the simulator as an on-premises
/// server, with the user `supervisor`.
pub async fn on_premises_server() -> Result<OnPremisesServer> {
    Ok(match env("WFM_SERVER_URL") {
        Some(url) => OnPremisesServer {
            url,
            user: required("WFM_USER")?,
            password: required("WFM_PASSWORD")?,
            simulator: None,
        },
        None => {
            let sim = simulator(Deployment::OnPremises).await?;
            OnPremisesServer {
                url: sim.base_url().to_owned(),
                user: "supervisor".into(),
                password: "supervisor".into(),
                simulator: Some(sim),
            }
        }
    })
}
