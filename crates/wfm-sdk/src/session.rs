//! The [`Wfm`] client: connects to WFM (cloud or on premises), opens a session and hands out
//! typed ports from the session's service map.
//!
//! [`Wfm::connect`] takes a [`WfmConfig`]: a [`CloudConfig`] or an [`OnPremisesConfig`], whose
//! type decides the flow.
//!
//! Cloud (Genesys Multicloud CX), every request with `Authorization: Bearer <token>`:
//!
//! 1. `GET {wfm_base}/wfm/api/v3/system/userinfo` (or the configured
//!    [`CloudConfig::with_userinfo_url`]) → the WFM user id (HTTP 403 →
//!    [`WfmError::NotProvisioned`](wfm_runtime::WfmError::NotProvisioned));
//! 2. `LocateServer("SessionService800", appName, userID)` at the Locator →
//!    [`LoginInfo`] with the session service's URL;
//! 3. `OpenSession(appName, LoginInfo.userID)` at that URL → the session's services;
//! 4. a [`ServiceMap`] (service name → URL) from which [`Wfm::config`], [`Wfm::schedule`], … build
//!    the generated ports.
//!
//! On premises: `LocateServerLogin` (user name and password) instead of steps 1 and 2, and
//! `OpenSessionLogin` (or, if configured, `OpenSession`) in step 3; no token. The cloud never uses
//! the `…Login` operations (they are not supported there).

mod config;

pub use config::{CloudConfig, LOCATOR_PATH, OnPremisesConfig, OnPremisesSessionOpen, WfmConfig};

use wfm_runtime::userinfo::{UserId, fetch_user_info};
use wfm_runtime::{ErrorKind, HttpTransport, Result, ServiceMap, UserInfo};

use crate::generated::wfm_config_service712::WfmConfigService712SoapClient;
use crate::generated::wfm_config_service850::WfmConfigService850SoapClient;
use crate::generated::wfm_locator_service800::{
    LocateServer, LocateServerLogin, LoginInfo, WfmLocatorService800SoapClient,
};
use crate::generated::wfm_schedule_service712::WfmScheduleService712SoapClient;
use crate::generated::wfm_schedule_service852::WfmScheduleService852SoapClient;
use crate::generated::wfm_session_service800::{
    CloseSession, OpenSession, OpenSessionLogin, SessionInfo, WfmSessionService800SoapClient,
};
use config::Common;

/// Service-map key of the WFM 8.0 session service (FACT; also the `serviceName` sent to the
/// Locator).
pub const SESSION_SERVICE_800: &str = "SessionService800";
/// Service-map key of the WFM 8.5 configuration service (FACT).
pub const CONFIG_SERVICE_850: &str = "ConfigService850";
/// Service-map key assumed for the WFM 8.5 schedule service. INFERRED: the name rests only on a
/// WFM Web UI path; see `wsdl/WFMScheduleService852.wsdl`.
pub const SCHEDULE_SERVICE_852: &str = "ScheduleService852";
/// Service-map key of the WFM 7.1 configuration service (FACT, seen in 8.x service maps).
pub const CONFIG_SERVICE_712: &str = "ConfigService712";
/// Service-map key of the WFM 7.1 schedule service (FACT, seen in 8.x service maps).
pub const SCHEDULE_SERVICE_712: &str = "ScheduleService712";
/// A connected WFM session: the HTTP transport, the session's service map, and typed ports.
///
/// Ports are cheap to build and to clone; they share this client's connection pool (and token
/// source). The session stays open until [`close`](Self::close); dropping a `Wfm` does not close
/// it.
#[derive(Debug)]
pub struct Wfm {
    transport: HttpTransport,
    services: ServiceMap,
    user_info: Option<UserInfo>,
    login_info: LoginInfo,
    session_url: String,
}

impl Wfm {
    /// Connects and opens a session: the cloud flow for a [`CloudConfig`], the on-premises
    /// flow for an [`OnPremisesConfig`] (see the [`session`](crate::session) module).
    ///
    /// Errors: [`WfmError::NotProvisioned`](wfm_runtime::WfmError::NotProvisioned) when the
    /// cloud's userinfo answers 403; [`ErrorKind::InvalidResponse`] when it has no integer
    /// user id; [`ErrorKind::InvalidUrl`] for a returned URL that does not parse; any
    /// transport, fault or decode error of the calls, naming the call.
    ///
    /// ```no_run
    /// # async fn demo() -> wfm_runtime::Result<()> {
    /// use wfm_runtime::UrlRewrite;
    /// use wfm_sdk::{OnPremisesConfig, Wfm};
    ///
    /// let config = OnPremisesConfig::new(
    ///     "http://wfm.example.com:21007",
    ///     "my-integration",
    ///     "wfm.api",
    ///     "secret",
    /// )
    /// // The server hands out URLs with its internal name and port.
    /// .with_url_rewrite(UrlRewrite::host_port("wfmsrv01", 6030, "wfm.example.com", 21007));
    /// let wfm = Wfm::connect(config).await?;
    /// for (name, url) in wfm.service_map().iter() {
    ///     println!("{name}: {url}");
    /// }
    /// wfm.close().await?;
    /// # Ok(()) }
    /// ```
    pub async fn connect(config: impl Into<WfmConfig>) -> Result<Self> {
        match config.into() {
            WfmConfig::Cloud(config) => Wfm::connect_to_cloud(config).await,
            WfmConfig::OnPremises(config) => Wfm::connect_on_premises(config).await,
        }
    }

    /// userinfo, `LocateServer`, `OpenSession`, service map, all with the Bearer token.
    async fn connect_to_cloud(config: CloudConfig) -> Result<Self> {
        let transport = HttpTransport::new(config.common.client_config.clone())?
            .with_token_source(config.token_source.clone());

        let user_info = fetch_user_info(&transport, &config.userinfo_url()).await?;
        let user_id = user_info
            .user_id
            .as_ref()
            .and_then(UserId::as_i32)
            .ok_or_else(|| ErrorKind::InvalidResponse {
                what: "userinfo",
                message: match &user_info.user_id {
                    Some(id) => format!("the user id {id:?} is not a 32-bit integer"),
                    None => "no user id (userId, id, userID or user_id) in the document".into(),
                },
            })?;

        let locator = WfmLocatorService800SoapClient::new(transport.clone(), config.locator_url());
        let login_info = locator
            .locate_server(&LocateServer {
                service_name: SESSION_SERVICE_800.to_owned(),
                app_name: config.common.app_name.clone(),
                user_id,
                // The 4th argument is passed null by Genesys' 7.x sample: omitted.
                arg4: None,
            })
            .await?;

        let session_url = config.common.rewrite(&login_info.session_service_url)?;
        let session = WfmSessionService800SoapClient::new(transport.clone(), session_url.clone());
        let session_info = session
            .open_session(&OpenSession {
                app_name: config.common.app_name.clone(),
                user_id: login_info.user_id,
            })
            .await?;
        Wfm::from_session(
            transport,
            &config.common,
            session_info,
            Some(user_info),
            login_info,
            session_url,
        )
    }

    /// `LocateServerLogin`, then `OpenSessionLogin` or `OpenSession`, then the service map; no
    /// token.
    async fn connect_on_premises(config: OnPremisesConfig) -> Result<Self> {
        let credentials = &config.credentials;
        let transport = HttpTransport::new(config.common.client_config.clone())?;

        let locator = WfmLocatorService800SoapClient::new(transport.clone(), config.locator_url());
        let login_info = locator
            .locate_server_login(&LocateServerLogin {
                service_name: SESSION_SERVICE_800.to_owned(),
                app_name: config.common.app_name.clone(),
                user_name: credentials.user_name.clone(),
                password: credentials.password.expose().to_owned(),
            })
            .await?;

        let session_url = config.common.rewrite(&login_info.session_service_url)?;
        let session = WfmSessionService800SoapClient::new(transport.clone(), session_url.clone());
        let session_info = match config.session_open {
            OnPremisesSessionOpen::OpenSessionLogin => {
                session
                    .open_session_login(&OpenSessionLogin {
                        app_name: config.common.app_name.clone(),
                        user_name: credentials.user_name.clone(),
                        password: credentials.password.expose().to_owned(),
                    })
                    .await?
            }
            OnPremisesSessionOpen::OpenSession => {
                session
                    .open_session(&OpenSession {
                        app_name: config.common.app_name.clone(),
                        user_id: login_info.user_id,
                    })
                    .await?
            }
        };
        Wfm::from_session(
            transport,
            &config.common,
            session_info,
            None,
            login_info,
            session_url,
        )
    }

    fn from_session(
        transport: HttpTransport,
        common: &Common,
        session_info: SessionInfo,
        user_info: Option<UserInfo>,
        login_info: LoginInfo,
        session_url: String,
    ) -> Result<Self> {
        // ATL writes a null string as `xsi:nil`, which decodes as empty: such an entry names no
        // reachable service and must not fail the whole session.
        let services = ServiceMap::from_pairs(
            session_info
                .services
                .iter()
                .filter(|s| !s.service_name.trim().is_empty() && !s.service_url.trim().is_empty())
                .map(|s| (s.service_name.as_str(), s.service_url.as_str())),
            common.url_rewrite.as_ref(),
        )?;
        Ok(Wfm {
            transport,
            services,
            user_info,
            login_info,
            session_url,
        })
    }

    /// The session's services (name → URL, rewritten), as `OpenSession` returned them.
    pub fn service_map(&self) -> &ServiceMap {
        &self.services
    }

    /// The userinfo document of the cloud flow; `None` on premises.
    pub fn user_info(&self) -> Option<&UserInfo> {
        self.user_info.as_ref()
    }

    /// The Locator's answer, as returned (its `sessionServiceURL` not rewritten).
    pub fn login_info(&self) -> &LoginInfo {
        &self.login_info
    }

    /// The HTTP transport every port uses (with the token source in the cloud), for building
    /// ports of other generated services.
    pub fn transport(&self) -> &HttpTransport {
        &self.transport
    }

    /// The URL of `service` in the session's map, or [`WfmError::ServiceUnavailable`](wfm_runtime::WfmError::ServiceUnavailable).
    pub fn service_url(&self, service: &str) -> Result<&str> {
        self.services.url(service).map(|url| url.as_str())
    }

    /// The session service (`SessionService800`) at the map's URL.
    pub fn session(&self) -> Result<WfmSessionService800SoapClient> {
        Ok(WfmSessionService800SoapClient::new(
            self.transport.clone(),
            self.service_url(SESSION_SERVICE_800)?,
        ))
    }

    /// The configuration service 8.5 (`ConfigService850`) at the map's URL.
    pub fn config(&self) -> Result<WfmConfigService850SoapClient> {
        Ok(WfmConfigService850SoapClient::new(
            self.transport.clone(),
            self.service_url(CONFIG_SERVICE_850)?,
        ))
    }

    /// The schedule service 8.5 at the map's `ScheduleService852` URL.
    ///
    /// INFERRED: the service name `WFMScheduleService852`, its map key and its operations are
    /// not evidenced as SOAP; `wsdl/WFMScheduleService852.wsdl` copies the 7.1 schedule service.
    /// Expect [`WfmError::ServiceUnavailable`](wfm_runtime::WfmError::ServiceUnavailable) or faults until the official WSDL replaces it.
    pub fn schedule(&self) -> Result<WfmScheduleService852SoapClient> {
        Ok(WfmScheduleService852SoapClient::new(
            self.transport.clone(),
            self.service_url(SCHEDULE_SERVICE_852)?,
        ))
    }

    /// The configuration service 7.1 (`ConfigService712`) at the map's URL.
    pub fn config712(&self) -> Result<WfmConfigService712SoapClient> {
        Ok(WfmConfigService712SoapClient::new(
            self.transport.clone(),
            self.service_url(CONFIG_SERVICE_712)?,
        ))
    }

    /// The schedule service 7.1 (`ScheduleService712`) at the map's URL.
    pub fn schedule712(&self) -> Result<WfmScheduleService712SoapClient> {
        Ok(WfmScheduleService712SoapClient::new(
            self.transport.clone(),
            self.service_url(SCHEDULE_SERVICE_712)?,
        ))
    }

    /// Ends the session with `CloseSession`, at the map's `SessionService800` URL, or at the
    /// session URL from the Locator when the map has none.
    pub async fn close(self) -> Result<()> {
        let url = match self.services.url(SESSION_SERVICE_800) {
            Ok(url) => url.as_str().to_owned(),
            Err(_) => self.session_url,
        };
        WfmSessionService800SoapClient::new(self.transport, url)
            .close_session(&CloseSession {})
            .await
    }
}
