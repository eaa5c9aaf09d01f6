//! Helpers shared by the simulator's end-to-end tests.

#![allow(dead_code, reason = "each test file uses a different subset")]
#![allow(clippy::unwrap_used, reason = "tests fail loudly")]

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use wfm_runtime::auth::{GAuthConfig, GAuthGrant, GAuthTokenSource};
use wfm_runtime::{ClientConfig, Result};
use wfm_sdk::{CloudConfig, Wfm};
use wfm_sim::{RunningSimulator, SimConfig};

/// Every test body runs under this bound.
pub const TEST_TIMEOUT: Duration = Duration::from_secs(60);

/// Runs `f`, failing the test if it takes longer than [`TEST_TIMEOUT`].
pub async fn bounded<F: Future>(f: F) -> F::Output {
    tokio::time::timeout(TEST_TIMEOUT, f)
        .await
        .expect("the test exceeded its time bound")
}

/// A simulator on a free loopback port.
pub async fn start(config: SimConfig) -> RunningSimulator {
    RunningSimulator::start(config, ([127, 0, 0, 1], 0).into())
        .await
        .unwrap()
}

/// A GAuth token source for `user`/`password` at the simulator.
pub fn password_tokens(sim: &RunningSimulator, user: &str, password: &str) -> GAuthTokenSource {
    GAuthTokenSource::new(
        GAuthConfig::new(
            sim.base_url(),
            wfm_sim::CLIENT_ID,
            wfm_sim::CLIENT_SECRET,
            GAuthGrant::Password {
                username: user.into(),
                password: password.into(),
            },
        ),
        ClientConfig::default(),
    )
    .unwrap()
}

/// `Wfm::connect` as `user` (password = user name, as the simulator's accounts have).
pub async fn connect(sim: &RunningSimulator, user: &str) -> Result<Wfm> {
    let tokens = password_tokens(sim, user, user);
    Wfm::connect(CloudConfig::new(
        sim.base_url(),
        "wfm-sim-tests",
        Arc::new(tokens),
    ))
    .await
}

/// A raw access token for `user` from the simulator's GAuth.
pub async fn raw_token(sim: &RunningSimulator, user: &str) -> serde_json::Value {
    let response = reqwest::Client::new()
        .post(format!("{}/auth/v3/oauth/token", sim.base_url()))
        .basic_auth(wfm_sim::CLIENT_ID, Some(wfm_sim::CLIENT_SECRET))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!(
            "grant_type=password&client_id=sim-client&scope=*&username={user}&password={user}"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}
