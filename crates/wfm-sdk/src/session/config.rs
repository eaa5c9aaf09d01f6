//! What [`Wfm::connect`](super::Wfm::connect) needs: a [`CloudConfig`] or an
//! [`OnPremisesConfig`], each holding only what its flow uses, so that a cloud connection with
//! a password, or an on-premises one with a token source, cannot be written.
//!
//! A cloud configuration has no way to take credentials:
//!
//! ```compile_fail
//! use std::sync::Arc;
//! use wfm_runtime::StaticToken;
//! use wfm_sdk::CloudConfig;
//! let tokens = Arc::new(StaticToken::new("token"));
//! let _ = CloudConfig::new("https://wfm.example.com", "app", tokens).credentials("u", "p");
//! ```
//!
//! and an on-premises one none to take a token source:
//!
//! ```compile_fail
//! use std::sync::Arc;
//! use wfm_runtime::StaticToken;
//! use wfm_sdk::OnPremisesConfig;
//! let tokens = Arc::new(StaticToken::new("token"));
//! let _ = OnPremisesConfig::new("http://wfmsrv01:6030", "app", "u", "p").token_source(tokens);
//! ```

use std::sync::Arc;

use wfm_runtime::userinfo::userinfo_url;
use wfm_runtime::{ClientConfig, Result, Secret, TokenSource, UrlRewrite};

/// The Locator's path and query below a server's base URL.
pub const LOCATOR_PATH: &str = "/?Handler=WFMLocatorService800";

/// Which WFM to connect to, and how: the cloud or an on-premises server.
///
/// [`Wfm::connect`](super::Wfm::connect) takes this enum or either configuration directly
/// (both convert into it); the variant decides the flow.
#[derive(Debug, Clone)]
pub enum WfmConfig {
    /// Genesys Multicloud CX: a GAuth token, userinfo, `LocateServer`, `OpenSession`.
    Cloud(CloudConfig),
    /// An on-premises WFM Server: `LocateServerLogin` with a user name and password.
    OnPremises(OnPremisesConfig),
}

impl From<CloudConfig> for WfmConfig {
    fn from(config: CloudConfig) -> Self {
        WfmConfig::Cloud(config)
    }
}

impl From<OnPremisesConfig> for WfmConfig {
    fn from(config: OnPremisesConfig) -> Self {
        WfmConfig::OnPremises(config)
    }
}

/// The user name and password of an on-premises WFM user.
///
/// `Debug` shows the user name and `***` for the password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Credentials {
    /// The WFM (Configuration Server) user name.
    pub(super) user_name: String,
    /// The password; printed as `***`.
    pub(super) password: Secret,
}

/// How the on-premises flow opens the session after `LocateServerLogin`.
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

/// What both flows share: the application name, the Locator override, the HTTP settings and
/// the URL rewrite.
#[derive(Debug, Clone)]
pub(super) struct Common {
    pub(super) app_name: String,
    locator_url: Option<String>,
    pub(super) client_config: ClientConfig,
    pub(super) url_rewrite: Option<UrlRewrite>,
}

impl Common {
    fn new(app_name: String) -> Self {
        Common {
            app_name,
            locator_url: None,
            client_config: ClientConfig::default(),
            url_rewrite: None,
        }
    }

    /// The configured Locator URL, else `{base}/?Handler=WFMLocatorService800`.
    fn locator_url(&self, base: &str) -> String {
        match &self.locator_url {
            Some(url) => url.clone(),
            None => format!("{}{LOCATOR_PATH}", base.trim_end_matches('/')),
        }
    }

    /// `url` through the configured rewrite (parsed, so a malformed URL is an error).
    pub(super) fn rewrite(&self, url: &str) -> Result<String> {
        let rewrite = self
            .url_rewrite
            .clone()
            .unwrap_or_else(UrlRewrite::identity);
        Ok(rewrite.apply(url)?.to_string())
    }
}

/// Settings for WFM in the cloud (Genesys Multicloud CX): every request carries the Bearer
/// token of the token source; the flow is userinfo → `LocateServer` → `OpenSession`.
///
/// ```
/// use std::sync::Arc;
/// use wfm_runtime::StaticToken;
/// use wfm_sdk::CloudConfig;
///
/// let config = CloudConfig::new(
///     "https://wfm.example.com",
///     "my-integration",
///     Arc::new(StaticToken::new("token-from-elsewhere")),
/// );
/// assert_eq!(config.userinfo_url(), "https://wfm.example.com/wfm/api/v3/system/userinfo");
/// assert_eq!(config.locator_url(), "https://wfm.example.com/?Handler=WFMLocatorService800");
///
/// // A deployment whose WFM Web runs under another context path.
/// let config = config.with_userinfo_url("https://wfm.example.com/wfm85x/api/v3/system/userinfo");
/// assert_eq!(config.userinfo_url(), "https://wfm.example.com/wfm85x/api/v3/system/userinfo");
/// ```
#[derive(Debug, Clone)]
pub struct CloudConfig {
    wfm_base_url: String,
    userinfo_url: Option<String>,
    pub(super) token_source: Arc<dyn TokenSource>,
    pub(super) common: Common,
}

impl CloudConfig {
    /// `wfm_base_url` is the WFM host (`https://wfm.example.com`) that serves userinfo and,
    /// unless set otherwise, the Locator; `app_name` is sent to `LocateServer` and
    /// `OpenSession`; `token_source` gives the Bearer tokens (typically a
    /// [`GAuthTokenSource`](wfm_runtime::GAuthTokenSource)).
    ///
    /// The cloud Locator's host and path are not documented; that it sits on the WFM host at
    /// `/?Handler=WFMLocatorService800` is an assumption. Set
    /// [`with_locator_url`](Self::with_locator_url) when your deployment differs.
    pub fn new(
        wfm_base_url: impl Into<String>,
        app_name: impl Into<String>,
        token_source: Arc<dyn TokenSource>,
    ) -> Self {
        CloudConfig {
            wfm_base_url: wfm_base_url.into(),
            userinfo_url: None,
            token_source,
            common: Common::new(app_name.into()),
        }
    }

    /// The full URL of WFM's userinfo, used verbatim. The default,
    /// `{wfm_base_url}/wfm/api/v3/system/userinfo`, is the documented cloud path; WFM Web's
    /// context path (`/wfm` there) is deployment-specific (on premises it defaults to
    /// `/wfm85x`), so a deployment under another one sets it here.
    pub fn with_userinfo_url(mut self, url: impl Into<String>) -> Self {
        self.userinfo_url = Some(url.into());
        self
    }

    /// The Locator's full URL, used verbatim (default
    /// `{wfm_base_url}/?Handler=WFMLocatorService800`).
    pub fn with_locator_url(mut self, url: impl Into<String>) -> Self {
        self.common.locator_url = Some(url.into());
        self
    }

    /// Timeouts, size limit and user agent of the HTTP transport.
    pub fn with_client_config(mut self, client_config: ClientConfig) -> Self {
        self.common.client_config = client_config;
        self
    }

    /// Rewrites every URL the server returns (`LoginInfo.sessionServiceURL` and each service
    /// URL of the session) before use. The Locator and userinfo URLs are used as configured.
    pub fn with_url_rewrite(mut self, rewrite: UrlRewrite) -> Self {
        self.common.url_rewrite = Some(rewrite);
        self
    }

    /// The userinfo URL the flow calls.
    pub fn userinfo_url(&self) -> String {
        self.userinfo_url
            .clone()
            .unwrap_or_else(|| userinfo_url(&self.wfm_base_url))
    }

    /// The Locator URL the flow calls.
    pub fn locator_url(&self) -> String {
        self.common.locator_url(&self.wfm_base_url)
    }
}

/// Settings for an on-premises WFM Server: `LocateServerLogin` with a user name and password,
/// then `OpenSessionLogin` (or `OpenSession`, see [`OnPremisesSessionOpen`]); no token.
///
/// `Debug` never shows the password.
///
/// ```
/// use wfm_runtime::UrlRewrite;
/// use wfm_sdk::OnPremisesConfig;
///
/// let config = OnPremisesConfig::new("http://wfm.example.com:21007", "my-integration", "wfm.api", "secret")
///     // The server hands out URLs with its internal name and port.
///     .with_url_rewrite(UrlRewrite::host_port("wfmsrv01", 6030, "wfm.example.com", 21007));
/// assert_eq!(config.locator_url(), "http://wfm.example.com:21007/?Handler=WFMLocatorService800");
/// assert!(!format!("{config:?}").contains("secret"));
/// ```
#[derive(Debug, Clone)]
pub struct OnPremisesConfig {
    server_base_url: String,
    pub(super) credentials: Credentials,
    pub(super) session_open: OnPremisesSessionOpen,
    pub(super) common: Common,
}

impl OnPremisesConfig {
    /// `server_base_url` is where the server's Locator listens (`http://wfmsrv01:6030`);
    /// `app_name` is sent to the Locator and the session service; `user_name` and `password`
    /// are a WFM user's.
    pub fn new(
        server_base_url: impl Into<String>,
        app_name: impl Into<String>,
        user_name: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Self {
        OnPremisesConfig {
            server_base_url: server_base_url.into(),
            credentials: Credentials {
                user_name: user_name.into(),
                password: password.into(),
            },
            session_open: OnPremisesSessionOpen::default(),
            common: Common::new(app_name.into()),
        }
    }

    /// How the session is opened (default [`OnPremisesSessionOpen::OpenSessionLogin`]).
    pub fn with_session_open(mut self, mode: OnPremisesSessionOpen) -> Self {
        self.session_open = mode;
        self
    }

    /// The Locator's full URL, used verbatim (default
    /// `{server_base_url}/?Handler=WFMLocatorService800`).
    pub fn with_locator_url(mut self, url: impl Into<String>) -> Self {
        self.common.locator_url = Some(url.into());
        self
    }

    /// Timeouts, size limit and user agent of the HTTP transport.
    pub fn with_client_config(mut self, client_config: ClientConfig) -> Self {
        self.common.client_config = client_config;
        self
    }

    /// Rewrites every URL the server returns (`LoginInfo.sessionServiceURL` and each service
    /// URL of the session) before use, e.g. to replace the internal host and port an
    /// on-premises server writes into them. The Locator URL is used as configured.
    pub fn with_url_rewrite(mut self, rewrite: UrlRewrite) -> Self {
        self.common.url_rewrite = Some(rewrite);
        self
    }

    /// The Locator URL the flow calls.
    pub fn locator_url(&self) -> String {
        self.common.locator_url(&self.server_base_url)
    }
}
