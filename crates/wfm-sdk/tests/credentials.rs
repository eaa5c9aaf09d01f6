//! The generated on-premises login call keeps its password at home: `LocateServerLogin` never
//! follows a redirect to another host, and a server that echoes the request cannot put the
//! password into an error.

#![allow(clippy::unwrap_used, reason = "tests fail loudly on unexpected shapes")]

use loopback::{Reply, atl_fault, bounded, decoy_host, seen, serve};
use wfm_runtime::{ClientConfig, ErrorKind, HttpTransport};
use wfm_sdk::generated::wfm_locator_service800::{
    LocateServerLogin, WfmLocatorService800SoapClient,
};

const PASSWORD: &str = "on-prem-pw-9c1e";

fn login() -> LocateServerLogin {
    LocateServerLogin {
        service_name: "SessionService800".into(),
        app_name: "credentials-test".into(),
        user_name: "supervisor".into(),
        password: PASSWORD.into(),
    }
}

fn locator(base: &str) -> WfmLocatorService800SoapClient {
    let client = HttpTransport::new(ClientConfig::default()).unwrap();
    WfmLocatorService800SoapClient::new(client, format!("{base}/?Handler=WFMLocatorService800"))
}

#[tokio::test]
async fn locate_server_login_never_follows_a_redirect() {
    bounded(async {
        let (decoy, decoy_log) = decoy_host().await;
        for status in [307u16, 308] {
            let target = format!("{decoy}/?Handler=WFMLocatorService800");
            let location = target.clone();
            let (base, log) = serve(move |_| Reply::redirect(status, location.clone())).await;
            let err = locator(&base).locate_server_login(&login()).await.unwrap_err();
            match err.kind() {
                ErrorKind::Redirect {
                    status: s,
                    location: Some(l),
                } => assert_eq!((*s, l.as_str()), (status, target.as_str())),
                other => panic!("expected a redirect error, got {other:?}"),
            }
            assert!(
                err.to_string().starts_with(&format!(
                    "LocateServerLogin at {base}/?Handler=WFMLocatorService800: HTTP {status} redirect"
                )),
                "{err}"
            );
            // The request that did go out carried the password, to the host it was meant for.
            assert!(seen(&log)[0].body.contains(PASSWORD));
        }
        assert!(seen(&decoy_log).is_empty(), "a request reached the other host");
    })
    .await;
}

#[tokio::test]
async fn an_echoed_password_is_redacted_from_the_fault() {
    bounded(async {
        let (base, _) = serve(|req| {
            let echoed = req.body.replace('<', "&lt;");
            Reply::xml(
                500,
                atl_fault("Client", &format!("login refused: {echoed}"), &echoed),
            )
        })
        .await;
        let err = locator(&base)
            .locate_server_login(&login())
            .await
            .unwrap_err();
        let fault = err.fault().expect("a fault");
        assert!(fault.string.contains("<redacted>"), "{}", fault.string);
        let everything = format!("{err} {err:?}");
        assert!(!everything.contains(PASSWORD), "{everything}");
    })
    .await;
}
