//! Every fault the simulator injects, seen through the SDK as the `wfm_runtime::Error` it maps
//! to.

#![allow(clippy::unwrap_used, reason = "tests fail loudly")]

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{bounded, connect, password_tokens, raw_token, start};
use wfm_runtime::auth::{GAuthConfig, GAuthGrant, GAuthTokenSource};
use wfm_runtime::ole_date::OleDate;
use wfm_runtime::{ClientConfig, Error, ErrorKind, SoapVersion, StaticToken, TokenSource};
use wfm_sdk::constants::{ECfgAgentSortMode, ECfgInfoType, ESchSource, ESchStateLayout};
use wfm_sdk::generated::wfm_schedule_service852::{
    GetAgentState, GetMasterAgent, SchAgentStateHolder,
};
use wfm_sdk::{CloudConfig, Wfm};
use wfm_sim::{Fault, FaultRule, Route, RunningSimulator, SimConfig};

const SCHEDULE: &str = "WFMScheduleService852";

/// One day from `start` of every agent's states: a real response of some kilobytes.
fn one_day(start: f64) -> GetAgentState {
    GetAgentState::new(
        ESchSource::new(0),
        start.into(),
        (start + 1.0).into(),
        ESchStateLayout::new(0),
    )
}

fn all_agents() -> GetMasterAgent {
    GetMasterAgent {
        ascending: true,
        ..GetMasterAgent::new(
            OleDate::new(0.0),
            OleDate::new(0.0),
            ECfgAgentSortMode::new(0),
            ECfgInfoType::new(0),
        )
    }
}

async fn agent_states(
    wfm: &Wfm,
    sim: &RunningSimulator,
) -> wfm_runtime::Result<SchAgentStateHolder> {
    let start = sim.simulator().schedule_start_ole();
    wfm.schedule()
        .unwrap()
        .get_agent_state(&one_day(start))
        .await
}

fn rule(route: Route, fault: Fault) -> FaultRule {
    FaultRule::new(route, fault).unwrap()
}

fn get_agent_state() -> Route {
    Route::soap(SCHEDULE, "GetAgentState")
}

/// `Wfm::connect` as `supervisor` with a token source and client settings of the test's
/// choosing.
async fn connect_with(
    sim: &RunningSimulator,
    tokens: Arc<dyn TokenSource>,
    client: ClientConfig,
) -> Wfm {
    Wfm::connect(
        CloudConfig::new(sim.base_url(), "wfm-sim-fault-tests", tokens).with_client_config(client),
    )
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latency_delays_the_answer_and_a_shorter_timeout_expires() {
    bounded(async {
        let sim = start(SimConfig::default()).await;
        let wfm = connect(&sim, "supervisor").await.unwrap();
        let delay = Duration::from_millis(250);
        sim.inject_fault(rule(get_agent_state(), Fault::Latency(delay)));

        let started = Instant::now();
        let states = agent_states(&wfm, &sim).await.unwrap();
        assert!(
            started.elapsed() >= delay,
            "answered after {:?}",
            started.elapsed()
        );
        assert!(!states.sch_agent_state.is_empty());

        let limit = Duration::from_millis(100);
        let impatient = connect_with(
            &sim,
            Arc::new(password_tokens(&sim, "supervisor", "supervisor")),
            ClientConfig {
                request_timeout: limit,
                ..ClientConfig::default()
            },
        )
        .await;
        match agent_states(&impatient, &sim)
            .await
            .map_err(Error::into_kind)
        {
            Err(ErrorKind::Timeout { phase, after }) => {
                assert_eq!(phase, "request");
                assert_eq!(after, limit);
            }
            other => panic!("expected ErrorKind::Timeout, got {other:?}"),
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soap_fault_arrives_with_its_code_string_and_detail() {
    bounded(async {
        let sim = start(SimConfig::default()).await;
        let wfm = connect(&sim, "supervisor").await.unwrap();
        sim.inject_fault(rule(
            get_agent_state(),
            Fault::SoapFault {
                code: "Client".into(),
                string: "Schedule locked".into(),
                detail: Some("Site 101 is being published & cannot be read.".into()),
            },
        ));
        match agent_states(&wfm, &sim).await.map_err(Error::into_kind) {
            Err(ErrorKind::Fault(fault)) => {
                assert_eq!(fault.version, SoapVersion::Soap11);
                assert_eq!(fault.http_status, 500);
                assert_eq!(fault.code.local_name, "Client");
                assert_eq!(
                    fault.code.namespace.as_deref(),
                    Some(SoapVersion::Soap11.envelope_namespace())
                );
                assert_eq!(fault.string, "Schedule locked");
                // The detail is raw XML: the text arrives escaped.
                assert_eq!(
                    fault.detail.as_deref(),
                    Some("Site 101 is being published &amp; cannot be read.")
                );
            }
            other => panic!("expected ErrorKind::Fault, got {other:?}"),
        }
        // The rule names one operation of one service: the others still answer.
        wfm.schedule()
            .unwrap()
            .get_master_agent(&all_agents())
            .await
            .unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_500_and_503_are_http_errors_with_their_bodies() {
    bounded(async {
        let sim = start(SimConfig::default()).await;
        let wfm = connect(&sim, "supervisor").await.unwrap();
        sim.inject_fault(rule(get_agent_state(), Fault::http(500)).times(1));
        sim.inject_fault(
            rule(
                get_agent_state(),
                Fault::Http {
                    status: 503,
                    body: "Service Unavailable: maintenance until 21:00".into(),
                },
            )
            .times(1),
        );
        match agent_states(&wfm, &sim).await.map_err(Error::into_kind) {
            Err(ErrorKind::Http {
                status,
                body_snippet,
                ..
            }) => {
                assert_eq!(status, 500);
                assert_eq!(body_snippet, "");
            }
            other => panic!("expected ErrorKind::Http 500, got {other:?}"),
        }
        match agent_states(&wfm, &sim).await.map_err(Error::into_kind) {
            Err(ErrorKind::Http {
                status,
                body_snippet,
                ..
            }) => {
                assert_eq!(status, 503);
                assert_eq!(body_snippet, "Service Unavailable: maintenance until 21:00");
            }
            other => panic!("expected ErrorKind::Http 503, got {other:?}"),
        }
        // Both rules are spent.
        agent_states(&wfm, &sim).await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rule_for_n_calls_stops_after_n() {
    bounded(async {
        let sim = start(SimConfig::default()).await;
        let wfm = connect(&sim, "supervisor").await.unwrap();
        // The command line's syntax.
        sim.inject_fault("GetAgentState=http503,times=3".parse().unwrap());
        for call in 1..=3 {
            match agent_states(&wfm, &sim).await.map_err(Error::into_kind) {
                Err(ErrorKind::Http { status: 503, .. }) => {}
                other => panic!("call {call}: expected ErrorKind::Http 503, got {other:?}"),
            }
            assert_eq!(
                sim.simulator()
                    .faults()
                    .first()
                    .and_then(FaultRule::remaining),
                (call < 3).then_some(3 - call)
            );
        }
        assert!(sim.simulator().faults().is_empty());
        for _ in 0..2 {
            agent_states(&wfm, &sim).await.unwrap();
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_connection_is_connection_closed() {
    bounded(async {
        let sim = start(SimConfig::default()).await;
        let wfm = connect(&sim, "supervisor").await.unwrap();
        sim.inject_fault(rule(get_agent_state(), Fault::Drop).times(1));
        match agent_states(&wfm, &sim).await.map_err(Error::into_kind) {
            Err(ErrorKind::ConnectionClosed { host, .. }) => {
                assert_eq!(host, sim.addr().to_string());
            }
            other => panic!("expected ErrorKind::ConnectionClosed, got {other:?}"),
        }
        // The next call opens a new connection and is answered.
        agent_states(&wfm, &sim).await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_connection_without_running_simulator_is_connection_closed_too() {
    bounded(async {
        // The router served by plain `axum::serve`: no connection to cut, the fallback.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let sim = wfm_sim::Simulator::new(SimConfig::default());
        let app = wfm_sim::router(sim.clone(), base.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        sim.inject_fault(rule(get_agent_state(), Fault::Drop).times(1));
        let tokens = GAuthTokenSource::new(
            GAuthConfig::new(
                base.as_str(),
                wfm_sim::CLIENT_ID,
                wfm_sim::CLIENT_SECRET,
                GAuthGrant::ClientCredentials,
            ),
            ClientConfig::default(),
        )
        .unwrap();
        let wfm = Wfm::connect(CloudConfig::new(
            base.as_str(),
            "fallback",
            Arc::new(tokens),
        ))
        .await
        .unwrap();
        let request = one_day(sim.schedule_start_ole());
        match wfm
            .schedule()
            .unwrap()
            .get_agent_state(&request)
            .await
            .map_err(Error::into_kind)
        {
            Err(ErrorKind::ConnectionClosed { .. }) => {}
            other => panic!("expected ErrorKind::ConnectionClosed, got {other:?}"),
        }
        wfm.schedule()
            .unwrap()
            .get_agent_state(&request)
            .await
            .unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn truncated_body_is_truncated_body_with_both_sizes() {
    bounded(async {
        let sim = start(SimConfig::default()).await;
        let wfm = connect(&sim, "supervisor").await.unwrap();
        sim.inject_fault(rule(get_agent_state(), Fault::Truncate).times(1));
        match agent_states(&wfm, &sim).await.map_err(Error::into_kind) {
            Err(ErrorKind::TruncatedBody { received, expected }) => {
                let expected = expected.expect("the Content-Length is announced");
                assert!(received > 1000, "half of a day of states: {received} bytes");
                assert_eq!(expected / 2, received, "half of {expected} bytes arrived");
            }
            other => panic!("expected ErrorKind::TruncatedBody, got {other:?}"),
        }
        agent_states(&wfm, &sim).await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_on_gauth_and_userinfo_fail_the_connect() {
    bounded(async {
        let sim = start(SimConfig::default()).await;
        sim.inject_fault(rule(Route::GAuthToken, Fault::Truncate).times(1));
        // A broken GAuth is an outage of the token service, whatever broke.
        match connect(&sim, "supervisor").await.map_err(Error::into_kind) {
            Err(ErrorKind::TokenUnavailable { message, .. }) => assert!(
                message.starts_with("response body truncated after"),
                "{message}"
            ),
            other => panic!("expected TokenUnavailable (truncated) from GAuth, got {other:?}"),
        }
        sim.inject_fault(rule(Route::GAuthToken, Fault::Drop).times(1));
        match connect(&sim, "supervisor").await.map_err(Error::into_kind) {
            Err(ErrorKind::TokenUnavailable {
                message,
                status: None,
                ..
            }) => assert!(message.contains("closed before a response"), "{message}"),
            other => panic!("expected TokenUnavailable (dropped) from GAuth, got {other:?}"),
        }
        sim.inject_fault(rule(Route::WfmUserInfo, Fault::http(503)).times(1));
        match connect(&sim, "supervisor").await.map_err(Error::into_kind) {
            Err(ErrorKind::Http { status, .. }) => assert_eq!(status, 503),
            other => panic!("expected ErrorKind::Http 503 from userinfo, got {other:?}"),
        }
        // Every rule is spent: the flow goes through.
        connect(&sim, "supervisor").await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn early_expiry_with_a_static_token_is_an_auth_error() {
    bounded(async {
        let sim = start(SimConfig::default()).await;
        let token = raw_token(&sim, "supervisor").await;
        let access = token["access_token"].as_str().unwrap().to_owned();
        let wfm = connect_with(
            &sim,
            Arc::new(StaticToken::new(access)),
            ClientConfig::default(),
        )
        .await;
        agent_states(&wfm, &sim).await.unwrap();
        sim.inject_fault(
            rule(
                get_agent_state(),
                Fault::ExpireTokens {
                    lifetime: Duration::ZERO,
                },
            )
            .times(1),
        );
        match agent_states(&wfm, &sim).await.map_err(Error::into_kind) {
            Err(ErrorKind::Auth { status, .. }) => assert_eq!(status, Some(401)),
            other => panic!("expected ErrorKind::Auth, got {other:?}"),
        }
        // The token itself expired, not only for that operation.
        match wfm
            .schedule()
            .unwrap()
            .get_master_agent(&all_agents())
            .await
            .map_err(Error::into_kind)
        {
            Err(ErrorKind::Auth { status, .. }) => assert_eq!(status, Some(401)),
            other => panic!("expected ErrorKind::Auth, got {other:?}"),
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn early_expiry_with_gauth_is_cured_by_one_refresh() {
    bounded(async {
        let sim = start(SimConfig::default()).await;
        let tokens = Arc::new(password_tokens(&sim, "supervisor", "supervisor"));
        let wfm = connect_with(&sim, tokens.clone(), ClientConfig::default()).await;
        let expire_now = Fault::ExpireTokens {
            lifetime: Duration::ZERO,
        };
        // Once: the SDK answers the 401 by invalidating the token, gets a new one with the
        // refresh token and retries; the caller sees only the answer.
        let before = tokens.token().await.unwrap();
        sim.inject_fault(rule(get_agent_state(), expire_now.clone()).times(1));
        agent_states(&wfm, &sim).await.unwrap();
        let after = tokens.token().await.unwrap();
        assert_ne!(before, after, "a new token was fetched");
        // On every call: the retry's fresh token expires too, and the SDK retries only once.
        sim.inject_fault(rule(get_agent_state(), expire_now));
        match agent_states(&wfm, &sim).await.map_err(Error::into_kind) {
            Err(ErrorKind::Auth { status, message }) => {
                assert_eq!(status, Some(401));
                assert!(message.contains("again after a token refresh"), "{message}");
            }
            other => panic!("expected ErrorKind::Auth, got {other:?}"),
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_issued_under_an_expiry_rule_die_before_their_announced_lifetime() {
    bounded(async {
        let sim = start(SimConfig::default()).await;
        let lifetime = Duration::from_millis(300);
        sim.inject_fault(rule(Route::GAuthToken, Fault::ExpireTokens { lifetime }));

        // What GAuth announces is unchanged; the token dies anyway.
        let token = raw_token(&sim, "supervisor").await;
        assert_eq!(token["expires_in"], 3600);
        let userinfo = |access: String| {
            let url = format!("{}/wfm/api/v3/system/userinfo", sim.base_url());
            async move {
                reqwest::Client::new()
                    .get(url)
                    .bearer_auth(access)
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        };
        let access = token["access_token"].as_str().unwrap().to_owned();
        assert_eq!(userinfo(access.clone()).await, 200);
        tokio::time::sleep(lifetime + Duration::from_millis(50)).await;
        assert_eq!(userinfo(access).await, 401);

        // Through the SDK with GAuth: the expired token is refreshed on the 401 (with the
        // rule gone, so that the new token lives however long the call takes).
        let tokens = Arc::new(password_tokens(&sim, "supervisor", "supervisor"));
        let wfm = connect_with(&sim, tokens.clone(), ClientConfig::default()).await;
        let before = tokens.token().await.unwrap();
        sim.simulator().clear_faults();
        tokio::time::sleep(lifetime + Duration::from_millis(50)).await;
        agent_states(&wfm, &sim).await.unwrap();
        assert_ne!(before, tokens.token().await.unwrap());
    })
    .await;
}
