//! `Wfm::connect` with a `CloudConfig` or an `OnPremisesConfig` against a WFM double on 127.0.0.1 (axum):
//! userinfo, Locator, session and config services answering in ATL Server's style, with every
//! received request recorded and checked (path, SOAPAction, Authorization, body element names).

#![allow(clippy::unwrap_used, reason = "tests fail loudly on unexpected shapes")]

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use soap_runtime::envelope::read_body;
use soap_runtime::xml::ReaderOptions;
use tokio::net::TcpListener;
use wfm_runtime::{ClientConfig, StaticToken, UrlRewrite, WfmError};
use wfm_sdk::constants::ECfgInfoType;
use wfm_sdk::generated::wfm_config_service850::{CfgSecurityRoleDetails, GetSecurityRole};
use wfm_sdk::session::{CloudConfig, OnPremisesConfig, OnPremisesSessionOpen, Wfm};

const TOKEN: &str = "cloud-token-7f3a";
const PASSWORD: &str = "on-prem-pw-9c1e";
const APP: &str = "bootstrap-test";

// ---------------------------------------------------------------------------------------------
// The WFM double

/// A request the double received.
#[derive(Debug, Clone)]
struct Seen {
    method: Method,
    path_and_query: String,
    soap_action: Option<String>,
    authorization: Option<String>,
    body: String,
}

/// How the double behaves.
#[derive(Debug, Clone)]
struct Scenario {
    /// Where the double serves userinfo.
    userinfo_path: &'static str,
    /// HTTP status of userinfo.
    userinfo_status: u16,
    /// Base URL the double writes into the URLs it returns (`None`: its real address).
    advertised_base: Option<String>,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            userinfo_path: "/wfm/api/v3/system/userinfo",
            userinfo_status: 200,
            advertised_base: None,
        }
    }
}

struct Double {
    base: String,
    port: u16,
    log: Arc<Mutex<Vec<Seen>>>,
}

impl Double {
    fn requests(&self) -> Vec<Seen> {
        self.log.lock().unwrap().clone()
    }

    fn soap_actions(&self) -> Vec<String> {
        self.requests()
            .into_iter()
            .filter_map(|r| r.soap_action)
            .collect()
    }

    fn client_config() -> ClientConfig {
        ClientConfig {
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(10),
            ..ClientConfig::default()
        }
    }
}

async fn start(scenario: Scenario) -> Double {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let base = format!("http://{addr}");
    let advertised = scenario.advertised_base.clone().unwrap_or(base.clone());
    let log: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let app_log = log.clone();
    let app = axum::Router::new().fallback(
        move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
            let log = app_log.clone();
            let scenario = scenario.clone();
            let advertised = advertised.clone();
            async move {
                let header = |name: header::HeaderName| {
                    headers
                        .get(name)
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned)
                };
                let seen = Seen {
                    method,
                    path_and_query: uri.path_and_query().map(|p| p.to_string()).unwrap(),
                    soap_action: headers
                        .get("soapaction")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned),
                    authorization: header(header::AUTHORIZATION),
                    body: String::from_utf8_lossy(&body).into_owned(),
                };
                let (status, content_type, body) = answer(&seen, &scenario, &advertised);
                log.lock().unwrap().push(seen);
                let mut response: Response =
                    (StatusCode::from_u16(status).unwrap(), body).into_response();
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    header::HeaderValue::from_static(content_type),
                );
                response
            }
        },
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Double {
        base,
        port: addr.port(),
        log,
    }
}

const XML: &str = "text/xml; charset=utf-8";

/// The double's answer: `(status, content type, body)`.
fn answer(req: &Seen, scenario: &Scenario, adv: &str) -> (u16, &'static str, String) {
    let action = req.soap_action.as_deref().unwrap_or_default();
    match (req.path_and_query.as_str(), action) {
        (path, _) if path == scenario.userinfo_path && scenario.userinfo_status == 200 => (
            200,
            "application/json",
            r#"{"userId":"1042","userType":"SUPERVISOR","tenantId":9}"#.into(),
        ),
        (path, _) if path == scenario.userinfo_path => (
            scenario.userinfo_status,
            "application/json",
            r#"{"status":{"code":403,"message":"Forbidden"}}"#.into(),
        ),
        ("/?Handler=WFMLocatorService800", "\"#LocateServer\"") => {
            (200, XML, login_info("LocateServerResponse", adv))
        }
        ("/?Handler=WFMLocatorService800", "\"#LocateServerLogin\"") => {
            (200, XML, login_info("LocateServerLoginResponse", adv))
        }
        ("/?Handler=WFMSessionService800", "\"#OpenSession\"") => {
            (200, XML, session_info("OpenSessionResponse", adv))
        }
        ("/?Handler=WFMSessionService800", "\"#OpenSessionLogin\"") => {
            (200, XML, session_info("OpenSessionLoginResponse", adv))
        }
        ("/?Handler=WFMSessionService800&session=s1", "\"#CloseSession\"") => (
            200,
            XML,
            atl_envelope(r#"<CloseSessionResponse xmlns="urn:WFMSessionService800"/>"#),
        ),
        ("/?Handler=WFMConfigService850&session=s1", "\"#GetSecurityRole\"") => {
            (200, XML, security_roles())
        }
        _ => (500, XML, atl_fault("Client", "SOAP Invalid Request")),
    }
}

/// ATL Server's success envelope (wfm-api-facts §6.4).
fn atl_envelope(inner: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\r\n<soap:Envelope \
         xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" \
         xmlns:soapenc=\"http://schemas.xmlsoap.org/soap/encoding/\">\
         <soap:Body>{inner}</soap:Body></soap:Envelope>"
    )
}

/// ATL Server's fault template.
fn atl_fault(code: &str, string: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\r\n<SOAP:Envelope \
         xmlns:SOAP=\"http://schemas.xmlsoap.org/soap/envelope/\">\r\n<SOAP:Body>\r\n\
         <SOAP:Fault>\r\n<faultcode>SOAP:{code}</faultcode>\r\n\
         <faultstring>{string}</faultstring>\r\n<detail></detail>\r\n\
         </SOAP:Fault>\r\n</SOAP:Body>\r\n</SOAP:Envelope>"
    )
}

fn login_info(wrapper: &str, adv: &str) -> String {
    atl_envelope(&format!(
        "<{wrapper} xmlns=\"urn:WFMLocatorService800\"><return>\
         <sessionServiceURL>{adv}/?Handler=WFMSessionService800</sessionServiceURL>\
         <userID>1042</userID></return></{wrapper}>"
    ))
}

/// Three services: the session and config services (URLs carry a session parameter), and a
/// service whose URL is null. No `ScheduleService852`.
fn session_info(wrapper: &str, adv: &str) -> String {
    atl_envelope(&format!(
        "<{wrapper} xmlns=\"urn:WFMSessionService800\"><return>\
         <servicesNSizeIs>3</servicesNSizeIs>\
         <services xmlns:q1=\"urn:WFMSessionService800\" soapenc:arrayType=\"q1:ServiceInfo[3]\">\
         <ServiceInfo><serviceName>SessionService800</serviceName>\
         <serviceURL>{adv}/?Handler=WFMSessionService800&amp;session=s1</serviceURL></ServiceInfo>\
         <ServiceInfo><serviceName>ConfigService850</serviceName>\
         <serviceURL>{adv}/?Handler=WFMConfigService850&amp;session=s1</serviceURL></ServiceInfo>\
         <ServiceInfo><serviceName>ReportService</serviceName>\
         <serviceURL xsi:nil=\"1\"/></ServiceInfo>\
         </services></return></{wrapper}>"
    ))
}

fn security_roles() -> String {
    atl_envelope(
        "<GetSecurityRoleResponse xmlns=\"urn:WFMConfigService850\"><return>\
         <objectArrayNSizeIs>1</objectArrayNSizeIs>\
         <objectArray xmlns:q1=\"urn:WFMConfigService850\" soapenc:arrayType=\"q1:CfgSecurityRole[1]\">\
         <CfgSecurityRole><wmSecurityRoleId>7</wmSecurityRoleId><wmName>Supervisor</wmName>\
         <wmSecurityRoleSubsystemsNSizeIs>2</wmSecurityRoleSubsystemsNSizeIs>\
         <wmSecurityRoleSubsystems soapenc:arrayType=\"xsd:int[2]\"><int>1</int><int>4</int>\
         </wmSecurityRoleSubsystems></CfgSecurityRole></objectArray>\
         <objectShortArrayNSizeIs>0</objectShortArrayNSizeIs><objectShortArray xsi:nil=\"1\"/>\
         </return></GetSecurityRoleResponse>",
    )
}

// ---------------------------------------------------------------------------------------------
// Helpers

/// The first body child of a request envelope as `{namespace}local`, and its children as
/// `(local name, inner XML)`.
fn request_body(envelope: &str) -> (String, Vec<(String, String)>) {
    let mut body = read_body(envelope, ReaderOptions::default(), 200).unwrap();
    let content = body.content.take().unwrap();
    let name = format!(
        "{{{}}}{}",
        content.namespace().unwrap_or_default(),
        content.local_name()
    );
    let mut children = Vec::new();
    while let Some(child) = body.reader.next_child(&content).unwrap() {
        let local = child.local_name().to_owned();
        let inner = body.reader.read_inner_raw(&child).unwrap().to_owned();
        children.push((local, inner));
    }
    body.reader.finish().unwrap();
    (name, children)
}

fn names(children: &[(String, String)]) -> Vec<&str> {
    children.iter().map(|(n, _)| n.as_str()).collect()
}

fn child<'a>(children: &'a [(String, String)], name: &str) -> &'a str {
    children
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no <{name}> in {children:?}"))
}

/// Runs a test body with a hard time limit, so a hang fails instead of blocking.
async fn bounded<T>(fut: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(30), fut)
        .await
        .expect("test exceeded its 30 s time limit")
}

fn cloud_config(double: &Double) -> CloudConfig {
    CloudConfig::new(&double.base, APP, Arc::new(StaticToken::new(TOKEN)))
        .with_client_config(Double::client_config())
}

fn security_role_request() -> GetSecurityRole {
    GetSecurityRole::new(CfgSecurityRoleDetails {
        info_type: ECfgInfoType::new(1),
        provide_subsystem_info: true,
    })
}

// ---------------------------------------------------------------------------------------------
// Tests

#[tokio::test]
async fn cloud_flow_end_to_end() {
    bounded(async {
        let double = start(Scenario::default()).await;
        let wfm = Wfm::connect(cloud_config(&double)).await.unwrap();

        let info = wfm.user_info().unwrap();
        assert_eq!(info.user_type.as_deref(), Some("SUPERVISOR"));
        assert!(info.fields.contains_key("tenantId"));
        assert_eq!(wfm.login_info().user_id, 1042);
        assert_eq!(
            wfm.login_info().session_service_url,
            format!("{}/?Handler=WFMSessionService800", double.base)
        );
        let services: Vec<(&str, String)> = wfm
            .service_map()
            .iter()
            .map(|(n, u)| (n, u.to_string()))
            .collect();
        assert_eq!(
            services,
            [
                (
                    "ConfigService850",
                    format!("{}/?Handler=WFMConfigService850&session=s1", double.base)
                ),
                (
                    "SessionService800",
                    format!("{}/?Handler=WFMSessionService800&session=s1", double.base)
                ),
            ],
            "the null-URL ReportService is left out"
        );

        // The config port goes to the map's URL.
        let config = wfm.config().unwrap();
        assert_eq!(
            config.endpoint(),
            format!("{}/?Handler=WFMConfigService850&session=s1", double.base)
        );
        let roles = config
            .get_security_role(&security_role_request())
            .await
            .unwrap();
        assert_eq!(roles.object_array.len(), 1);
        assert_eq!(roles.object_array[0].wm_name, "Supervisor");
        assert_eq!(roles.object_array[0].wm_security_role_subsystems, [1, 4]);
        assert!(roles.object_short_array.is_empty());
        assert_eq!(
            wfm.session().unwrap().endpoint(),
            format!("{}/?Handler=WFMSessionService800&session=s1", double.base)
        );

        wfm.close().await.unwrap();

        let requests = double.requests();
        let route: Vec<(&str, Option<&str>)> = requests
            .iter()
            .map(|r| (r.path_and_query.as_str(), r.soap_action.as_deref()))
            .collect();
        assert_eq!(
            route,
            [
                ("/wfm/api/v3/system/userinfo", None),
                ("/?Handler=WFMLocatorService800", Some("\"#LocateServer\"")),
                ("/?Handler=WFMSessionService800", Some("\"#OpenSession\"")),
                (
                    "/?Handler=WFMConfigService850&session=s1",
                    Some("\"#GetSecurityRole\"")
                ),
                (
                    "/?Handler=WFMSessionService800&session=s1",
                    Some("\"#CloseSession\"")
                ),
            ]
        );
        assert_eq!(requests[0].method, Method::GET);
        for r in &requests {
            assert_eq!(
                r.authorization.as_deref(),
                Some(format!("Bearer {TOKEN}").as_str()),
                "{} {}",
                r.method,
                r.path_and_query
            );
        }
        for r in &requests[1..] {
            assert_eq!(r.method, Method::POST);
        }

        let (name, children) = request_body(&requests[1].body);
        assert_eq!(name, "{urn:WFMLocatorService800}LocateServer");
        assert_eq!(
            names(&children),
            ["serviceName", "appName", "userID"],
            "the null 4th argument is omitted"
        );
        assert_eq!(child(&children, "serviceName"), "SessionService800");
        assert_eq!(child(&children, "appName"), APP);
        assert_eq!(child(&children, "userID"), "1042", "the userinfo userId");

        let (name, children) = request_body(&requests[2].body);
        assert_eq!(name, "{urn:WFMSessionService800}OpenSession");
        assert_eq!(names(&children), ["appName", "userID"]);
        assert_eq!(child(&children, "appName"), APP);
        assert_eq!(child(&children, "userID"), "1042", "LoginInfo.userID");

        let (name, children) = request_body(&requests[3].body);
        assert_eq!(name, "{urn:WFMConfigService850}GetSecurityRole");
        assert_eq!(names(&children), ["roleIds", "sortMode", "details"]);

        let (name, children) = request_body(&requests[4].body);
        assert_eq!(name, "{urn:WFMSessionService800}CloseSession");
        assert!(children.is_empty());
    })
    .await;
}

#[tokio::test]
async fn cloud_flow_never_calls_a_login_operation() {
    bounded(async {
        let double = start(Scenario::default()).await;
        let wfm = Wfm::connect(cloud_config(&double)).await.unwrap();
        wfm.close().await.unwrap();
        let requests = double.requests();
        assert_eq!(requests.len(), 4);
        for r in &requests {
            let action = r.soap_action.as_deref().unwrap_or_default();
            assert!(!action.contains("Login"), "SOAPAction {action}");
            if r.method == Method::POST {
                let (name, _) = request_body(&r.body);
                assert!(!name.contains("Login"), "body element {name}");
            }
        }
        assert_eq!(
            double.soap_actions(),
            ["\"#LocateServer\"", "\"#OpenSession\"", "\"#CloseSession\""]
        );
    })
    .await;
}

#[tokio::test]
async fn userinfo_403_is_not_provisioned() {
    bounded(async {
        let double = start(Scenario {
            userinfo_status: 403,
            ..Scenario::default()
        })
        .await;
        let err = Wfm::connect(cloud_config(&double)).await.unwrap_err();
        assert!(
            matches!(
                WfmError::of(&err),
                Some(WfmError::NotProvisioned { status: 403 })
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains("not provisioned in WFM"), "{err}");
        let requests = double.requests();
        assert_eq!(requests.len(), 1, "no SOAP call after the 403");
        assert_eq!(
            requests[0].authorization.as_deref(),
            Some(format!("Bearer {TOKEN}").as_str())
        );
    })
    .await;
}

#[tokio::test]
async fn service_missing_from_the_map_is_service_unavailable() {
    bounded(async {
        let double = start(Scenario::default()).await;
        let wfm = Wfm::connect(cloud_config(&double)).await.unwrap();
        for (result, name) in [
            (wfm.schedule().map(|_| ()), "ScheduleService852"),
            (wfm.config712().map(|_| ()), "ConfigService712"),
            (wfm.schedule712().map(|_| ()), "ScheduleService712"),
            (
                wfm.service_url("ReportService").map(|_| ()),
                "ReportService",
            ),
        ] {
            let err = result.unwrap_err();
            match WfmError::of(&err) {
                Some(WfmError::ServiceUnavailable(missing)) => assert_eq!(missing, name),
                other => panic!("{name}: expected ServiceUnavailable, got {other:?} from {err:?}"),
            }
        }
        assert!(wfm.config().is_ok());
        // Asking for ports makes no calls.
        assert_eq!(double.requests().len(), 3);
    })
    .await;
}

#[tokio::test]
async fn on_premises_flow_uses_login_operations_and_rewrites_urls() {
    bounded(async {
        // The server writes its internal name and port into every URL it returns.
        let double = start(Scenario {
            advertised_base: Some("http://wfmsrv01:6030".into()),
            ..Scenario::default()
        })
        .await;
        let config = OnPremisesConfig::new(&double.base, APP, "wfm.api", PASSWORD)
            .with_client_config(Double::client_config())
            .with_url_rewrite(UrlRewrite::host_port(
                "wfmsrv01",
                6030,
                "127.0.0.1",
                double.port,
            ));
        assert!(!format!("{config:?}").contains(PASSWORD));
        let wfm = Wfm::connect(config).await.unwrap();

        assert!(wfm.user_info().is_none());
        assert_eq!(
            wfm.login_info().session_service_url,
            "http://wfmsrv01:6030/?Handler=WFMSessionService800",
            "login_info is kept as returned"
        );
        assert_eq!(
            wfm.service_url("ConfigService850").unwrap(),
            format!("{}/?Handler=WFMConfigService850&session=s1", double.base)
        );
        let config = wfm.config().unwrap();
        assert_eq!(
            config.endpoint(),
            format!("{}/?Handler=WFMConfigService850&session=s1", double.base)
        );
        config
            .get_security_role(&security_role_request())
            .await
            .unwrap();
        wfm.close().await.unwrap();

        let requests = double.requests();
        let route: Vec<(&str, Option<&str>)> = requests
            .iter()
            .map(|r| (r.path_and_query.as_str(), r.soap_action.as_deref()))
            .collect();
        assert_eq!(
            route,
            [
                (
                    "/?Handler=WFMLocatorService800",
                    Some("\"#LocateServerLogin\"")
                ),
                (
                    "/?Handler=WFMSessionService800",
                    Some("\"#OpenSessionLogin\"")
                ),
                (
                    "/?Handler=WFMConfigService850&session=s1",
                    Some("\"#GetSecurityRole\"")
                ),
                (
                    "/?Handler=WFMSessionService800&session=s1",
                    Some("\"#CloseSession\"")
                ),
            ],
            "no userinfo call on premises, every returned URL rewritten"
        );
        for r in &requests {
            assert_eq!(r.authorization, None, "no token on premises");
        }

        let (name, children) = request_body(&requests[0].body);
        assert_eq!(name, "{urn:WFMLocatorService800}LocateServerLogin");
        assert_eq!(
            names(&children),
            ["serviceName", "appName", "userName", "password"]
        );
        assert_eq!(child(&children, "serviceName"), "SessionService800");
        assert_eq!(child(&children, "appName"), APP);
        assert_eq!(child(&children, "userName"), "wfm.api");
        assert_eq!(child(&children, "password"), PASSWORD);

        let (name, children) = request_body(&requests[1].body);
        assert_eq!(name, "{urn:WFMSessionService800}OpenSessionLogin");
        assert_eq!(names(&children), ["appName", "userName", "password"]);
        assert_eq!(child(&children, "userName"), "wfm.api");
        assert_eq!(child(&children, "password"), PASSWORD);
    })
    .await;
}

#[tokio::test]
async fn on_premises_can_open_the_session_by_user_id() {
    bounded(async {
        let double = start(Scenario::default()).await;
        let config = OnPremisesConfig::new(&double.base, APP, "wfm.api", PASSWORD)
            .with_client_config(Double::client_config())
            .with_session_open(OnPremisesSessionOpen::OpenSession);
        let wfm = Wfm::connect(config).await.unwrap();
        assert_eq!(wfm.service_map().len(), 2);
        assert_eq!(
            double.soap_actions(),
            ["\"#LocateServerLogin\"", "\"#OpenSession\""]
        );
        let (name, children) = request_body(&double.requests()[1].body);
        assert_eq!(name, "{urn:WFMSessionService800}OpenSession");
        assert_eq!(child(&children, "userID"), "1042");
    })
    .await;
}

#[tokio::test]
async fn userinfo_url_is_configurable() {
    bounded(async {
        // WFM Web under the on-premises default context path instead of `/wfm`.
        const PATH: &str = "/wfm85x/api/v3/system/userinfo";
        let double = start(Scenario {
            userinfo_path: PATH,
            ..Scenario::default()
        })
        .await;

        let err = Wfm::connect(cloud_config(&double)).await.unwrap_err();
        assert_eq!(err.http_status(), Some(500), "{err}");
        assert!(
            err.to_string()
                .contains(&format!("{}/wfm/api/v3/system/userinfo", double.base)),
            "the error names the default URL: {err}"
        );

        let config = cloud_config(&double).with_userinfo_url(format!("{}{PATH}", double.base));
        let wfm = Wfm::connect(config).await.unwrap();
        assert_eq!(wfm.login_info().user_id, 1042);
        let paths: Vec<String> = double
            .requests()
            .into_iter()
            .map(|r| r.path_and_query)
            .collect();
        assert_eq!(
            paths,
            [
                "/wfm/api/v3/system/userinfo",
                PATH,
                "/?Handler=WFMLocatorService800",
                "/?Handler=WFMSessionService800",
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn explicit_locator_url_is_used_verbatim() {
    bounded(async {
        let double = start(Scenario::default()).await;
        // A base URL that serves nothing, and the Locator given in full.
        let config = OnPremisesConfig::new("http://127.0.0.1:9", APP, "wfm.api", PASSWORD)
            .with_client_config(Double::client_config())
            .with_locator_url(format!("{}/?Handler=WFMLocatorService800", double.base));
        let wfm = Wfm::connect(config).await.unwrap();
        assert!(wfm.config().is_ok());
        assert_eq!(
            double.requests()[0].path_and_query,
            "/?Handler=WFMLocatorService800"
        );
    })
    .await;
}
