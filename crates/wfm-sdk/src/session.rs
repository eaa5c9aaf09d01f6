//! The [`Wfm`] client: connects to WFM (cloud or on premises), opens a session and hands out
//! typed ports from the session's service map.
//!
//! Cloud (Genesys Multicloud CX), every request with `Authorization: Bearer <token>`:
//!
//! 1. `GET {wfm_base}/wfm/api/v3/system/userinfo` → the WFM user id (HTTP 403 →
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

use std::sync::Arc;

use wfm_runtime::userinfo::{UserId, fetch_user_info};
use wfm_runtime::{
    ClientConfig, ErrorKind, Result, Secret, ServiceMap, SoapClient, TokenSource, UrlRewrite,
    UserInfo,
};

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
/// The Locator's path and query below a server's base URL.
pub const LOCATOR_PATH: &str = "/?Handler=WFMLocatorService800";

/// The user name and password of an on-premises WFM user.
///
/// `Debug` shows the user name and `***` for the password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The WFM (Configuration Server) user name.
    pub user_name: String,
    /// The password; printed as `***`.
    pub password: Secret,
}

impl Credentials {
    /// A user name and password.
    pub fn new(user_name: impl Into<String>, password: impl Into<Secret>) -> Self {
        Credentials {
            user_name: user_name.into(),
            password: password.into(),
        }
    }
}

/// How [`Wfm::connect_on_premises`] opens the session after `LocateServerLogin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnPremisesSessionOpen {
    /// `OpenSessionLogin(appName, userName, password)`. Its parameters are INFERRED (the
    /// operation exists, its signature is not public).
    #[default]
    OpenSessionLogin,
    /// `OpenSession(appName, LoginInfo.userID)`, as Genesys' own Java sample does after
    /// `LocateServerLogin`.
    OpenSession,
}

/// Settings for [`Wfm::connect_cloud`] and [`Wfm::connect_on_premises`].
///
/// Start from [`WfmConfig::cloud`] or [`WfmConfig::on_premises`], which take what each flow
/// needs, and adjust with the builder-style setters.
#[derive(Debug, Clone)]
pub struct WfmConfig {
    app_name: String,
    wfm_base_url: Option<String>,
    locator_base_url: Option<String>,
    locator_url: Option<String>,
    token_source: Option<Arc<dyn TokenSource>>,
    credentials: Option<Credentials>,
    on_premises_session_open: OnPremisesSessionOpen,
    client_config: ClientConfig,
    url_rewrite: Option<UrlRewrite>,
}

impl WfmConfig {
    /// Settings for the cloud: `wfm_base_url` is the WFM host (`https://wfm.example.com`) that
    /// serves `/wfm/api/v3/system/userinfo` and, unless set otherwise, the Locator; `app_name` is
    /// sent to `LocateServer` and `OpenSession`; `token_source` gives the Bearer tokens
    /// (typically a [`GAuthTokenSource`](wfm_runtime::GAuthTokenSource)).
    ///
    /// The cloud Locator's host and path are not documented; that it sits on the WFM host at
    /// `/?Handler=WFMLocatorService800` is an assumption. Set [`locator_url`](Self::locator_url)
    /// when your deployment differs.
    pub fn cloud(
        wfm_base_url: impl Into<String>,
        app_name: impl Into<String>,
        token_source: Arc<dyn TokenSource>,
    ) -> Self {
        WfmConfig::new(app_name)
            .wfm_base_url(wfm_base_url)
            .token_source(token_source)
    }

    /// Settings for an on-premises WFM Server: `server_base_url` is where its Locator listens
    /// (`http://wfmsrv01:6030`); `app_name` is sent to the Locator and the session service.
    pub fn on_premises(
        server_base_url: impl Into<String>,
        app_name: impl Into<String>,
        user_name: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Self {
        WfmConfig::new(app_name)
            .locator_base_url(server_base_url)
            .credentials(user_name, password)
    }

    /// Empty settings with only the application name; add the rest with the setters.
    pub fn new(app_name: impl Into<String>) -> Self {
        WfmConfig {
            app_name: app_name.into(),
            wfm_base_url: None,
            locator_base_url: None,
            locator_url: None,
            token_source: None,
            credentials: None,
            on_premises_session_open: OnPremisesSessionOpen::default(),
            client_config: ClientConfig::default(),
            url_rewrite: None,
        }
    }

    /// The application name sent to the Locator and the session service.
    pub fn app_name(mut self, app_name: impl Into<String>) -> Self {
        self.app_name = app_name.into();
        self
    }

    /// The WFM base URL of the cloud flow (`{wfm_base_url}/wfm/api/v3/system/userinfo`); also the
    /// Locator's base when neither [`locator_base_url`](Self::locator_base_url) nor
    /// [`locator_url`](Self::locator_url) is set.
    pub fn wfm_base_url(mut self, url: impl Into<String>) -> Self {
        self.wfm_base_url = Some(url.into());
        self
    }

    /// The base URL of the Locator's server; the Locator is then at
    /// `{locator_base_url}/?Handler=WFMLocatorService800`.
    pub fn locator_base_url(mut self, url: impl Into<String>) -> Self {
        self.locator_base_url = Some(url.into());
        self
    }

    /// The Locator's full URL, used verbatim (overrides the base URLs).
    pub fn locator_url(mut self, url: impl Into<String>) -> Self {
        self.locator_url = Some(url.into());
        self
    }

    /// Where the cloud flow gets its Bearer tokens. Not allowed on premises.
    pub fn token_source(mut self, token_source: Arc<dyn TokenSource>) -> Self {
        self.token_source = Some(token_source);
        self
    }

    /// User name and password for the on-premises `…Login` operations. Not allowed in the cloud.
    pub fn credentials(
        mut self,
        user_name: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Self {
        self.credentials = Some(Credentials::new(user_name, password));
        self
    }

    /// How the on-premises flow opens the session (default
    /// [`OnPremisesSessionOpen::OpenSessionLogin`]).
    pub fn on_premises_session_open(mut self, mode: OnPremisesSessionOpen) -> Self {
        self.on_premises_session_open = mode;
        self
    }

    /// Timeouts, size limit and user agent of the HTTP client.
    pub fn client_config(mut self, client_config: ClientConfig) -> Self {
        self.client_config = client_config;
        self
    }

    /// Rewrites every URL the server returns (`LoginInfo.sessionServiceURL` and each service
    /// URL of the session) before use, e.g. to replace the internal host and port an
    /// on-premises server writes into them. Applies to both flows; the Locator URL from these
    /// settings is used as given.
    pub fn url_rewrite(mut self, rewrite: UrlRewrite) -> Self {
        self.url_rewrite = Some(rewrite);
        self
    }

    fn resolved_locator_url(&self) -> Result<String> {
        if let Some(url) = &self.locator_url {
            return Ok(url.clone());
        }
        let base = self
            .locator_base_url
            .as_ref()
            .or(self.wfm_base_url.as_ref())
            .ok_or_else(|| {
                ErrorKind::Config(
                    "no Locator: set locator_url, locator_base_url or wfm_base_url".into(),
                )
            })?;
        Ok(format!("{}{LOCATOR_PATH}", base.trim_end_matches('/')))
    }

    fn rewrite(&self, url: &str) -> Result<String> {
        let rewrite = self
            .url_rewrite
            .clone()
            .unwrap_or_else(UrlRewrite::identity);
        Ok(rewrite.apply(url)?.to_string())
    }
}

/// A connected WFM session: the HTTP client, the session's service map, and typed ports.
///
/// Ports are cheap to build and to clone; they share this client's connection pool (and token
/// source). The session stays open until [`close`](Self::close); dropping a `Wfm` does not close
/// it.
#[derive(Debug)]
pub struct Wfm {
    client: SoapClient,
    services: ServiceMap,
    user_info: Option<UserInfo>,
    login_info: LoginInfo,
    session_url: String,
}

impl Wfm {
    /// Connects to WFM in the cloud: userinfo, `LocateServer`, `OpenSession`, service map, all
    /// with the Bearer token of the configured token source.
    ///
    /// Errors: [`ErrorKind::Config`] without a token source or WFM base URL, or with credentials
    /// (the cloud does not support the `…Login` operations); [`WfmError::NotProvisioned`](wfm_runtime::WfmError::NotProvisioned) when
    /// userinfo answers 403; [`ErrorKind::InvalidResponse`] when userinfo has no integer user id;
    /// any transport, fault or decode error of the calls.
    ///
    /// ```no_run
    /// # async fn demo() -> wfm_runtime::Result<()> {
    /// use std::sync::Arc;
    /// use wfm_runtime::auth::{GAuthConfig, GAuthGrant, GAuthTokenSource};
    /// use wfm_runtime::ClientConfig;
    /// use wfm_sdk::constants::ECfgInfoType;
    /// use wfm_sdk::generated::wfm_config_service850::{CfgSecurityRoleDetails, GetSecurityRole};
    /// use wfm_sdk::session::{Wfm, WfmConfig};
    ///
    /// let gauth = GAuthTokenSource::new(
    ///     GAuthConfig::new(
    ///         "https://gauth.example.com",
    ///         "my-client",
    ///         "client-secret",
    ///         GAuthGrant::ClientCredentials,
    ///     ),
    ///     ClientConfig::default(),
    /// )?;
    /// let wfm = Wfm::connect_cloud(WfmConfig::cloud(
    ///     "https://wfm.example.com",
    ///     "my-integration",
    ///     Arc::new(gauth),
    /// ))
    /// .await?;
    /// let roles = wfm
    ///     .config()?
    ///     // All roles; 0 stands for the official `ECfgInfoType` value (see `constants`).
    ///     .get_security_role(&GetSecurityRole::new(CfgSecurityRoleDetails::new(ECfgInfoType::new(0))))
    ///     .await?;
    /// println!("{} roles", roles.object_array.len());
    /// wfm.close().await?;
    /// # Ok(()) }
    /// ```
    pub async fn connect_cloud(config: WfmConfig) -> Result<Self> {
        let token_source = config.token_source.clone().ok_or_else(|| {
            ErrorKind::Config(
                "the cloud flow needs a token source (WfmConfig::token_source)".into(),
            )
        })?;
        if config.credentials.is_some() {
            return Err(ErrorKind::Config(
                "credentials are for on-premises servers; the cloud does not support \
                 LocateServerLogin/OpenSessionLogin and authenticates with the token source"
                    .into(),
            )
            .into());
        }
        let wfm_base = config.wfm_base_url.as_deref().ok_or_else(|| {
            ErrorKind::Config(
                "the cloud flow needs the WFM base URL (WfmConfig::wfm_base_url)".into(),
            )
        })?;
        let locator_url = config.resolved_locator_url()?;
        let client = SoapClient::new(config.client_config.clone())?.with_token_source(token_source);

        let user_info = fetch_user_info(&client, wfm_base).await?;
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

        let locator = WfmLocatorService800SoapClient::new(client.clone(), locator_url);
        let login_info = locator
            .locate_server(&LocateServer {
                service_name: SESSION_SERVICE_800.to_owned(),
                app_name: config.app_name.clone(),
                user_id,
                // The 4th argument is passed null by Genesys' 7.x sample: omitted.
                arg4: None,
            })
            .await?;

        let session_url = config.rewrite(&login_info.session_service_url)?;
        let session = WfmSessionService800SoapClient::new(client.clone(), session_url.clone());
        let session_info = session
            .open_session(&OpenSession {
                app_name: config.app_name.clone(),
                user_id: login_info.user_id,
            })
            .await?;
        Wfm::from_session(
            client,
            &config,
            session_info,
            Some(user_info),
            login_info,
            session_url,
        )
    }

    /// Connects to an on-premises WFM Server: `LocateServerLogin` with user name and password,
    /// then `OpenSessionLogin` (or `OpenSession`, see [`OnPremisesSessionOpen`]) at the returned
    /// session URL, then the service map; no token. The configured [`UrlRewrite`] maps the
    /// internal host and port the server writes into returned URLs.
    ///
    /// Errors: [`ErrorKind::Config`] without credentials or Locator URL, or with a token source;
    /// [`ErrorKind::InvalidUrl`] for a returned URL that does not parse; any transport, fault or
    /// decode error of the calls.
    ///
    /// ```no_run
    /// # async fn demo() -> wfm_runtime::Result<()> {
    /// use wfm_runtime::UrlRewrite;
    /// use wfm_sdk::session::{Wfm, WfmConfig};
    ///
    /// let config = WfmConfig::on_premises(
    ///     "http://wfm.example.com:21007",
    ///     "my-integration",
    ///     "wfm.api",
    ///     "secret",
    /// )
    /// // The server hands out URLs with its internal name and port.
    /// .url_rewrite(UrlRewrite::host_port("wfmsrv01", 6030, "wfm.example.com", 21007));
    /// let wfm = Wfm::connect_on_premises(config).await?;
    /// for (name, url) in wfm.service_map().iter() {
    ///     println!("{name}: {url}");
    /// }
    /// wfm.close().await?;
    /// # Ok(()) }
    /// ```
    pub async fn connect_on_premises(config: WfmConfig) -> Result<Self> {
        let credentials = config.credentials.clone().ok_or_else(|| {
            ErrorKind::Config(
                "the on-premises flow needs a user name and password (WfmConfig::credentials)"
                    .into(),
            )
        })?;
        if config.token_source.is_some() {
            return Err(ErrorKind::Config(
                "a token source is for the cloud; on-premises servers authenticate with \
                 LocateServerLogin/OpenSessionLogin credentials"
                    .into(),
            )
            .into());
        }
        let locator_url = config.resolved_locator_url()?;
        let client = SoapClient::new(config.client_config.clone())?;

        let locator = WfmLocatorService800SoapClient::new(client.clone(), locator_url);
        let login_info = locator
            .locate_server_login(&LocateServerLogin {
                service_name: SESSION_SERVICE_800.to_owned(),
                app_name: config.app_name.clone(),
                user_name: credentials.user_name.clone(),
                password: credentials.password.expose().to_owned(),
            })
            .await?;

        let session_url = config.rewrite(&login_info.session_service_url)?;
        let session = WfmSessionService800SoapClient::new(client.clone(), session_url.clone());
        let session_info = match config.on_premises_session_open {
            OnPremisesSessionOpen::OpenSessionLogin => {
                session
                    .open_session_login(&OpenSessionLogin {
                        app_name: config.app_name.clone(),
                        user_name: credentials.user_name.clone(),
                        password: credentials.password.expose().to_owned(),
                    })
                    .await?
            }
            OnPremisesSessionOpen::OpenSession => {
                session
                    .open_session(&OpenSession {
                        app_name: config.app_name.clone(),
                        user_id: login_info.user_id,
                    })
                    .await?
            }
        };
        Wfm::from_session(client, &config, session_info, None, login_info, session_url)
    }

    fn from_session(
        client: SoapClient,
        config: &WfmConfig,
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
            config.url_rewrite.as_ref(),
        )?;
        Ok(Wfm {
            client,
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

    /// The HTTP client every port uses (with the token source in the cloud), for building
    /// ports of other generated services.
    pub fn soap_client(&self) -> &SoapClient {
        &self.client
    }

    /// The URL of `service` in the session's map, or [`WfmError::ServiceUnavailable`](wfm_runtime::WfmError::ServiceUnavailable).
    pub fn service_url(&self, service: &str) -> Result<&str> {
        self.services.url(service).map(|url| url.as_str())
    }

    /// The session service (`SessionService800`) at the map's URL.
    pub fn session(&self) -> Result<WfmSessionService800SoapClient> {
        Ok(WfmSessionService800SoapClient::new(
            self.client.clone(),
            self.service_url(SESSION_SERVICE_800)?,
        ))
    }

    /// The configuration service 8.5 (`ConfigService850`) at the map's URL.
    pub fn config(&self) -> Result<WfmConfigService850SoapClient> {
        Ok(WfmConfigService850SoapClient::new(
            self.client.clone(),
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
            self.client.clone(),
            self.service_url(SCHEDULE_SERVICE_852)?,
        ))
    }

    /// The configuration service 7.1 (`ConfigService712`) at the map's URL.
    pub fn config712(&self) -> Result<WfmConfigService712SoapClient> {
        Ok(WfmConfigService712SoapClient::new(
            self.client.clone(),
            self.service_url(CONFIG_SERVICE_712)?,
        ))
    }

    /// The schedule service 7.1 (`ScheduleService712`) at the map's URL.
    pub fn schedule712(&self) -> Result<WfmScheduleService712SoapClient> {
        Ok(WfmScheduleService712SoapClient::new(
            self.client.clone(),
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
        WfmSessionService800SoapClient::new(self.client, url)
            .close_session(&CloseSession {})
            .await
    }
}
