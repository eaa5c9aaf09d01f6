//! The simulator as an on-premises server (`Deployment::OnPremises`: the `…Login` operations,
//! no token) and under another WFM Web context path, through the SDK's `Wfm::connect`.

#![allow(clippy::unwrap_used, reason = "tests fail loudly")]

mod common;

use std::sync::Arc;

use common::{bounded, password_tokens, start};
use wfm_runtime::{ClientConfig, Error, ErrorKind, HttpTransport};
use wfm_sdk::constants::ECfgInfoType;
use wfm_sdk::generated::wfm_config_service850::{CfgSiteDetails, GetSite};
use wfm_sdk::generated::wfm_session_service800::{
    OpenSessionLogin, WfmSessionService800SoapClient,
};
use wfm_sdk::session::OnPremisesSessionOpen;
use wfm_sdk::{CloudConfig, OnPremisesConfig, Wfm};
use wfm_sim::{Deployment, Fault, FaultRule, Route, SimConfig};

fn on_premises() -> SimConfig {
    SimConfig {
        deployment: Deployment::OnPremises,
        ..SimConfig::default()
    }
}

fn all_sites() -> GetSite {
    GetSite::new(CfgSiteDetails {
        info_type: ECfgInfoType::new(0),
    })
}

/// The SOAP fault of a failed call, or a panic naming what came instead.
fn fault_of<T: std::fmt::Debug>(result: Result<T, Error>) -> wfm_runtime::SoapFault {
    match result.map_err(Error::into_kind) {
        Err(ErrorKind::Fault(fault)) => fault,
        other => panic!("expected a SOAP fault, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_premises_login_opens_a_session_without_a_token() {
    bounded(async {
        let sim = start(on_premises()).await;
        for mode in [
            OnPremisesSessionOpen::OpenSessionLogin,
            OnPremisesSessionOpen::OpenSession,
        ] {
            let config = OnPremisesConfig::new(sim.base_url(), "tests", "supervisor", "supervisor")
                .with_session_open(mode);
            let wfm = Wfm::connect(config).await.unwrap();
            assert_eq!(wfm.login_info().user_id, 501, "{mode:?}");
            assert!(wfm.user_info().is_none());
            let sites = wfm.config().unwrap().get_site(&all_sites()).await.unwrap();
            assert_eq!(sites.object_array.len(), 3, "{mode:?}");
            wfm.close().await.unwrap();
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_premises_login_refuses_bad_credentials_without_telling_which() {
    bounded(async {
        let sim = start(on_premises()).await;
        let mut details = Vec::new();
        for (user, password) in [
            ("supervisor", "pw-9c1e"),
            ("nobody", "pw-9c1e"),
            // A GAuth account that is not a WFM user (its password is its name, so the
            // runtime redacts the name from the detail).
            ("stranger", "stranger"),
        ] {
            let config = OnPremisesConfig::new(sim.base_url(), "tests", user, password);
            let fault = fault_of(Wfm::connect(config).await);
            assert_eq!(fault.code.local_name, "Server", "{user}");
            let detail = fault.detail.unwrap_or_default();
            assert!(detail.contains("Login failed"), "{user}: {detail}");
            assert!(
                !detail.contains("pw-9c1e"),
                "the password is not echoed: {detail}"
            );
            details.push(detail.replace(user, "USER"));
        }
        assert_eq!(
            details[0], details[1],
            "a wrong password and an unknown user read the same"
        );

        // OpenSessionLogin checks the credentials too.
        let session = WfmSessionService800SoapClient::new(
            HttpTransport::new(ClientConfig::default()).unwrap(),
            format!("{}/?Handler=WFMSessionService800", sim.base_url()),
        );
        let fault = fault_of(
            session
                .open_session_login(&OpenSessionLogin {
                    app_name: "tests".into(),
                    user_name: "agent".into(),
                    password: "supervisor".into(),
                })
                .await,
        );
        assert_eq!(fault.code.local_name, "Server");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cloud_refuses_the_login_operations() {
    bounded(async {
        let sim = start(SimConfig::default()).await;
        let config = OnPremisesConfig::new(sim.base_url(), "tests", "supervisor", "supervisor");
        // Without a token the cloud answers 401 before looking at the operation.
        match Wfm::connect(config).await.map_err(Error::into_kind) {
            Err(ErrorKind::Auth { status, .. }) => assert_eq!(status, Some(401)),
            other => panic!("expected ErrorKind::Auth, got {other:?}"),
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn userinfo_follows_the_web_context() {
    bounded(async {
        let sim = start(SimConfig {
            web_context: "/wfm85x".parse().unwrap(),
            ..SimConfig::default()
        })
        .await;
        let cloud = || {
            CloudConfig::new(
                sim.base_url(),
                "tests",
                Arc::new(password_tokens(&sim, "supervisor", "supervisor")),
            )
        };

        // The documented default path is not served under another context.
        let err = Wfm::connect(cloud()).await.unwrap_err();
        assert_eq!(err.http_status(), Some(404), "{err}");
        assert!(
            err.to_string().contains("/wfm/api/v3/system/userinfo"),
            "{err}"
        );

        let userinfo = format!("{}/wfm85x/api/v3/system/userinfo", sim.base_url());
        let wfm = Wfm::connect(cloud().with_userinfo_url(&userinfo))
            .await
            .unwrap();
        assert_eq!(wfm.login_info().user_id, 501);

        // Fault rules for userinfo follow the path.
        sim.inject_fault(FaultRule::new(Route::WfmUserInfo, Fault::http(503)).unwrap());
        let err = Wfm::connect(cloud().with_userinfo_url(&userinfo))
            .await
            .unwrap_err();
        assert_eq!(err.http_status(), Some(503), "{err}");
    })
    .await;
}
