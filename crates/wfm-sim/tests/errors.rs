//! Authentication, provisioning and ATL Server's error behaviour, as the SDK sees them.

#![allow(clippy::unwrap_used, reason = "tests fail loudly")]

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{bounded, connect, password_tokens, raw_token, start};
use soap_runtime::{Operation, SoapVersion};
use wfm_runtime::auth::{GAuthConfig, GAuthGrant, GAuthTokenSource};
use wfm_runtime::{
    ClientConfig, Error, ErrorKind, HttpTransport, StaticToken, TokenSource, WfmError,
};
use wfm_sdk::constants::{ECfgInfoType, ECfgSiteSortMode};
use wfm_sdk::generated::wfm_config_service712::{
    GetSite as GetSite712, WfmConfigService712SoapClient,
};
use wfm_sdk::generated::wfm_locator_service800::{
    self as locator, LocateServer, LocateServerLogin, WfmLocatorService800SoapClient,
};
use wfm_sdk::{CloudConfig, Wfm};
use wfm_sim::SimConfig;

fn locate(user_id: i32) -> LocateServer {
    LocateServer {
        service_name: "SessionService800".into(),
        app_name: "tests".into(),
        user_id,
        arg4: None,
    }
}

fn locator_url(base: &str) -> String {
    format!("{base}/?Handler=WFMLocatorService800")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stranger_is_not_provisioned() {
    bounded(async {
        let sim = start(SimConfig::default()).await;
        let err = connect(&sim, "stranger").await.unwrap_err();
        match WfmError::of(&err) {
            Some(WfmError::NotProvisioned { status }) => assert_eq!(*status, 403),
            other => panic!("expected NotProvisioned, got {other:?} from {err:?}"),
        }
        // GAuth itself knows the stranger.
        let token = raw_token(&sim, "stranger").await;
        let access = token["access_token"].as_str().unwrap();
        let details = reqwest::Client::new()
            .get(format!("{}/auth/v3/userinfo", sim.base_url()))
            .bearer_auth(access)
            .send()
            .await
            .unwrap();
        assert_eq!(details.status(), 200);
        let json: serde_json::Value = details.json().await.unwrap();
        assert_eq!(json["cmeUserName"], "stranger");
        // And the SOAP services refuse the stranger's token.
        let client = HttpTransport::new(ClientConfig::default())
            .unwrap()
            .with_token_source(Arc::new(StaticToken::new(access)));
        let port = WfmLocatorService800SoapClient::new(client, locator_url(sim.base_url()));
        match port
            .locate_server(&locate(501))
            .await
            .map_err(Error::into_kind)
        {
            Err(ErrorKind::Http { status, .. }) => assert_eq!(status, 403),
            other => panic!("expected HTTP 403, got {other:?}"),
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soap_without_soapaction_is_http_500_without_a_soap_body() {
    bounded(async {
        let sim = start(SimConfig::default()).await;
        let token = raw_token(&sim, "supervisor").await;
        let access = token["access_token"].as_str().unwrap().to_owned();
        let client = HttpTransport::new(ClientConfig::default())
            .unwrap()
            .with_token_source(Arc::new(StaticToken::new(access.clone())));
        // SOAP 1.2 carries the action in Content-Type, so the runtime sends no SOAPAction
        // header: ATL answers 500 without a SOAP body.
        let operation = Operation {
            service: "WFMLocatorService800",
            name: "LocateServer",
            action: "#LocateServer",
            version: SoapVersion::Soap12,
            response: None,
        };
        let result = client
            .call(&operation, &locator_url(sim.base_url()).into(), |w| {
                locator::write_document(w, "ns0:LocateServer", |w| locate(501).write_content(w))
            })
            .await;
        match result.map_err(Error::into_kind) {
            Err(ErrorKind::Http { status, .. }) => assert_eq!(status, 500),
            other => panic!("expected ErrorKind::Http 500, got {other:?}"),
        }
        // The same by hand: a SOAP 1.1 request without the header.
        let response = reqwest::Client::new()
            .post(locator_url(sim.base_url()))
            .bearer_auth(&access)
            .header("Content-Type", "text/xml; charset=utf-8")
            .body("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body/></soap:Envelope>")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 500);
        let body = response.text().await.unwrap();
        assert!(!body.contains("Envelope"), "not a SOAP body: {body}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_or_bad_tokens_are_401_and_error_auth() {
    bounded(async {
        let sim = start(SimConfig::default()).await;
        // No token source at all.
        let bare = HttpTransport::new(ClientConfig::default()).unwrap();
        let port = WfmLocatorService800SoapClient::new(bare.clone(), locator_url(sim.base_url()));
        match port
            .locate_server(&locate(501))
            .await
            .map_err(Error::into_kind)
        {
            Err(ErrorKind::Auth { status, .. }) => assert_eq!(status, Some(401)),
            other => panic!("expected ErrorKind::Auth, got {other:?}"),
        }
        match wfm_runtime::userinfo::fetch_user_info(
            &bare,
            &wfm_runtime::userinfo::userinfo_url(sim.base_url()),
        )
        .await
        .map_err(Error::into_kind)
        {
            Err(ErrorKind::Auth { status, .. }) => assert_eq!(status, Some(401)),
            other => panic!("expected ErrorKind::Auth, got {other:?}"),
        }
        // A token the simulator never issued.
        let forged = bare.with_token_source(Arc::new(StaticToken::new("sim-at-forged")));
        let port = WfmLocatorService800SoapClient::new(forged, locator_url(sim.base_url()));
        assert!(matches!(
            port.locate_server(&locate(501))
                .await
                .map_err(Error::into_kind),
            Err(ErrorKind::Auth {
                status: Some(401),
                ..
            })
        ));
        // Wrong client secret and wrong password: GAuth refuses, ErrorKind::Auth.
        let bad_client = GAuthTokenSource::new(
            GAuthConfig::new(
                sim.base_url(),
                "sim-client",
                "wrong",
                GAuthGrant::ClientCredentials,
            ),
            ClientConfig::default(),
        )
        .unwrap();
        assert!(matches!(
            bad_client.token().await.map_err(Error::into_kind),
            Err(ErrorKind::Auth {
                status: Some(401),
                ..
            })
        ));
        let bad_password = password_tokens(&sim, "supervisor", "wrong");
        assert!(matches!(
            bad_password.token().await.map_err(Error::into_kind),
            Err(ErrorKind::Auth {
                status: Some(400),
                ..
            })
        ));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_credentials_and_token_expiry() {
    bounded(async {
        let sim = start(SimConfig {
            token_ttl: Duration::from_secs(1),
            ..SimConfig::default()
        })
        .await;
        // client_credentials acts as the API user.
        let tokens = GAuthTokenSource::new(
            GAuthConfig::new(
                sim.base_url(),
                wfm_sim::CLIENT_ID,
                wfm_sim::CLIENT_SECRET,
                GAuthGrant::ClientCredentials,
            ),
            ClientConfig::default(),
        )
        .unwrap();
        let wfm = Wfm::connect(CloudConfig::new(sim.base_url(), "tests", Arc::new(tokens)))
            .await
            .unwrap();
        assert_eq!(wfm.login_info().user_id, 500);

        // A raw token stops working after its lifetime.
        let token = raw_token(&sim, "agent").await;
        assert_eq!(token["expires_in"], 1);
        assert_eq!(token["token_type"], "bearer");
        assert_eq!(token["scope"], "*");
        let access = token["access_token"].as_str().unwrap().to_owned();
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
        assert_eq!(userinfo(access.clone()).await, 200);
        tokio::time::sleep(Duration::from_millis(1_300)).await;
        assert_eq!(userinfo(access).await, 401);

        // The refresh token still gives a new one (and is single use).
        let refresh = token["refresh_token"].as_str().unwrap().to_owned();
        let grant = |refresh: String| {
            let url = format!("{}/auth/v3/oauth/token", sim.base_url());
            async move {
                reqwest::Client::new()
                    .post(url)
                    .basic_auth("sim-client", Some("sim-secret"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .body(format!("grant_type=refresh_token&refresh_token={refresh}"))
                    .send()
                    .await
                    .unwrap()
            }
        };
        let renewed = grant(refresh.clone()).await;
        assert_eq!(renewed.status(), 200);
        let renewed: serde_json::Value = renewed.json().await.unwrap();
        assert_eq!(
            userinfo(renewed["access_token"].as_str().unwrap().to_owned()).await,
            200
        );
        assert_eq!(grant(refresh).await.status(), 400);

        // The SDK's token source renews transparently across expiries.
        let roles = wfm_sdk::generated::wfm_config_service850::GetSecurityRole::new(
            wfm_sdk::generated::wfm_config_service850::CfgSecurityRoleDetails::new(
                ECfgInfoType::new(0),
            ),
        );
        assert_eq!(
            wfm.config()
                .unwrap()
                .get_security_role(&roles)
                .await
                .unwrap()
                .object_array
                .len(),
            5
        );
        wfm.close().await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn atl_faults() {
    bounded(async {
        let sim = start(SimConfig::default()).await;
        let token = raw_token(&sim, "supervisor").await;
        let access = token["access_token"].as_str().unwrap().to_owned();
        let client = HttpTransport::new(ClientConfig::default())
            .unwrap()
            .with_token_source(Arc::new(StaticToken::new(access.clone())));

        // The cloud does not support LocateServerLogin: a Client fault.
        let port = WfmLocatorService800SoapClient::new(client.clone(), locator_url(sim.base_url()));
        let login = LocateServerLogin {
            service_name: "SessionService800".into(),
            app_name: "tests".into(),
            user_name: "supervisor".into(),
            password: "supervisor".into(),
        };
        match port.locate_server_login(&login).await.map_err(Error::into_kind) {
            Err(ErrorKind::Fault(f)) => {
                assert_eq!(f.code.local_name, "Client");
                assert_eq!(f.string, "SOAP Invalid Request");
            }
            other => panic!("expected a Client fault, got {other:?}"),
        }
        // An unknown user: a Server fault.
        match port.locate_server(&locate(4242)).await.map_err(Error::into_kind) {
            Err(ErrorKind::Fault(f)) => assert_eq!(f.code.local_name, "Server"),
            other => panic!("expected a Server fault, got {other:?}"),
        }
        // A Handler the simulator does not know: a Client fault.
        let c712 = WfmConfigService712SoapClient::new(
            client,
            format!("{}/?Handler=WFMNoSuchService", sim.base_url()),
        );
        let request = GetSite712 {
            ascending: true,
            ..GetSite712::new(ECfgSiteSortMode::new(0), ECfgInfoType::new(0))
        };
        match c712.get_site(&request).await.map_err(Error::into_kind) {
            Err(ErrorKind::Fault(f)) => assert_eq!(f.code.local_name, "Client"),
            other => panic!("expected a Client fault, got {other:?}"),
        }
        // The fault's wire format: ATL's template.
        let response = reqwest::Client::new()
            .post(locator_url(sim.base_url()))
            .bearer_auth(&access)
            .header("Content-Type", "text/xml; charset=utf-8")
            .header("SOAPAction", "\"#LocateServerLogin\"")
            .body(
                "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>\
                 <LocateServerLogin xmlns=\"urn:WFMLocatorService800\"><serviceName>s</serviceName>\
                 <appName>a</appName><userName>u</userName><password>p</password>\
                 </LocateServerLogin></soap:Body></soap:Envelope>",
            )
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 500);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/xml"));
        let body = response.text().await.unwrap();
        for part in [
            "<SOAP:Envelope xmlns:SOAP=\"http://schemas.xmlsoap.org/soap/envelope/\">",
            "<SOAP:Body><SOAP:Fault><faultcode>SOAP:Client</faultcode>",
            "<faultstring>SOAP Invalid Request</faultstring>",
            "<detail>",
        ] {
            assert!(body.contains(part), "{part} not in {body}");
        }
    })
    .await;
}

#[tokio::test]
async fn help_names_the_default_credentials() {
    let out = bounded(
        tokio::process::Command::new(env!("CARGO_BIN_EXE_wfm-sim"))
            .arg("--help")
            .output(),
    )
    .await
    .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "sim-client",
        "sim-secret",
        "supervisor / supervisor",
        "agent / agent",
        "stranger / stranger",
        "--seed",
        "--port",
    ] {
        assert!(text.contains(needle), "--help lacks {needle}");
    }
}
