//! A Genesys WFM simulator: GAuth, WFM REST userinfo and the WFM SOAP services of the bundled
//! WSDLs, on one loopback port, with a deterministic seeded organisation.
//!
//! ```text
//! cargo run -p wfm-sim -- --port 8080 --seed 7
//! ```
//!
//! # Routes (all on one port)
//!
//! | Route | What |
//! |---|---|
//! | `POST /auth/v3/oauth/token` | GAuth token: grants `password`, `client_credentials`, `refresh_token`; HTTP Basic client check; JSON `{access_token, token_type:"bearer", expires_in, refresh_token, scope:"*"}` |
//! | `GET /auth/v3/userinfo` | GAuth `CloudUserDetails` (Bearer) |
//! | `GET /wfm/api/v3/system/userinfo` | WFM user info (Bearer; 401 without a valid token, 403 for `stranger`); `/wfm` is [`SimConfig::web_context`] |
//! | `POST /?Handler=WFMLocatorService800` | `LocateServer`, `LocateServerLogin` (on premises only, see below) |
//! | `POST /?Handler=WFMSessionService800` | `OpenSession` → the service URLs, `OpenSessionLogin` (on premises only), `CloseSession` |
//! | `POST /?Handler=WFMConfigService850` | `GetSecurityRole`, `GetSite`, `InsertUser`, `UpdateUser`, `DeleteCfgObject` |
//! | `POST /?Handler=WFMScheduleService852` | `GetMasterAgent`, `GetAgentState` |
//! | `POST /?Handler=WFMLocatorService` | 7.x `LocateServer700` |
//! | `POST /?Handler=WFMSessionService700` | 7.x `OpenSession`, `CloseSession` |
//! | `POST /?Handler=WFMConfigService712` | 7.1 `GetSite` |
//! | `POST /?Handler=WFMScheduleService712` | 7.1 `GetMasterAgent`, `GetAgentState` (as 8.5) |
//!
//! That is every service of the bundled WSDLs; any other `Handler` answers a SOAP Client
//! fault. Both session services return the same map: `SessionService800`, `ConfigService850`,
//! `ScheduleService852`, `SessionService700`, `ConfigService712`, `ScheduleService712`, each
//! at `http://<host>:<port>/?Handler=WFM<key>`.
//!
//! In the cloud ([`Deployment::Cloud`], the default) every SOAP call needs `Authorization:
//! Bearer <token>` (HTTP 401 otherwise; 403 for a token of a user not provisioned in WFM); on
//! premises ([`SimConfig::deployment`] = [`Deployment::OnPremises`]) none. Every SOAP call needs
//! a `SOAPAction` header (HTTP 500 with a non-SOAP body
//! otherwise, as ATL Server answers). Faults use ATL's template (`SOAP:Client` /
//! `SOAP:Server`, default fault strings, a text `detail`).
//!
//! # Default credentials
//!
//! * OAuth client: `sim-client` / `sim-secret` (HTTP Basic on the token endpoint).
//! * Users (password grant): `supervisor` / `supervisor` (WFM user 501) and `agent` / `agent`
//!   (WFM user 502), both provisioned in WFM; `stranger` / `stranger`, a GAuth user **not**
//!   provisioned in WFM (`/wfm/api/v3/system/userinfo` answers 403).
//! * The `client_credentials` grant acts as WFM user 500 (`wfm.api`).
//!
//! # Data
//!
//! [`SimConfig::seed`] determines everything: business units, sites (cities), teams of about
//! twelve, [`SimConfig::agents`] agents (default 50) spread over [`SimConfig::sites`] sites,
//! five security roles, eight WFM users, and a committed schedule of
//! [`SimConfig::schedule_weeks`] weeks from [`SimConfig::schedule_start`] (a shift with two
//! breaks and a lunch on working days, sometimes an exception, two days off a week, now and
//! then a day of time off). Dates on the wire are OLE Automation doubles.
//!
//! WFM's numeric `E*` values are not public; where the simulator needs numbers (state types,
//! the short info type, the user object type) it uses its own, in the 9000s, documented in
//! [`numbering`]. They are **simulator-only**.
//!
//! # What the simulator makes of a request
//!
//! * `GetSecurityRole`: `roleIds` filters (empty: all); `provideSubsystemInfo` fills
//!   `wmSecurityRoleSubsystems`.
//! * `GetSite`: `wmBuId` and `wmSiteId` filter (empty: all); sorted by name; the snapshot id is
//!   ignored.
//! * `GetMasterAgent`: `siteId` (0 or less: every site; unknown: Server fault); sorted by last
//!   name, first name; `ascending = false` reverses. The date range and `arg4`–`arg12` are
//!   ignored: every agent is active throughout.
//! * `GetAgentState`: `siteId` as above; `teams`, `agents`, `stateTypes`, `stateIds` filter
//!   (empty: all); states overlapping `[start, end)` inside the schedule horizon are returned,
//!   by agent id then time, with the `schStateInfo` of the definitions they use; `stateGroups`,
//!   `source`, `scenarioId` and `layout` are ignored; a range over 366 days or a non-date is a
//!   Server fault.
//! * `InsertUser` (`gswUserId` ≤ 0: the simulator picks the id), `UpdateUser` (a non-zero
//!   `timestamp` must match the stored one), `DeleteCfgObject` (users only, see
//!   [`numbering::OBJECT_USER`]): business errors (duplicate name in any case, duplicate or
//!   unknown id, unknown security role, empty name, built-in account) come back as
//!   `success = false` with every error in `errorArray` and nothing changed; a missing e-mail
//!   address is a warning.
//! * `LocateServerLogin` and `OpenSessionLogin`: in the cloud, Client faults (the cloud does not
//!   support them); on premises, they check the user name and password against the accounts
//!   provisioned in WFM (a Server fault otherwise, the same for an unknown user and a wrong
//!   password). `LocateServer` and `OpenSession` fault for an unknown user id.
//!
//! # Fault injection
//!
//! Rules keyed by route make calls answer late, with a SOAP fault or an HTTP error, drop the
//! connection, truncate the body, or expire tokens early, for all calls, the next N or a
//! seeded share of them: [`Simulator::inject_fault`] (or [`RunningSimulator::inject_fault`])
//! in process, `--fault` on the command line. See [`fault`].
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use wfm_sim::{Fault, FaultRule, Route, RunningSimulator, SimConfig};
//! let sim = RunningSimulator::start(SimConfig::default(), "127.0.0.1:0".parse()?).await?;
//! // The next three GetAgentState calls answer HTTP 503.
//! sim.inject_fault(FaultRule::new(Route::operation("GetAgentState"), Fault::http(503))?.times(3));
//! // Every GetSite of Config 8.5 answers 250 ms late; the same in the command line's syntax.
//! sim.inject_fault("WFMConfigService850/GetSite=latency:250ms".parse()?);
//! # Ok(()) }
//! ```
//!
//! # Slow clients
//!
//! A client that stalls mid-request holds a connection only so long:
//! [`SimConfig::header_read_timeout`] (default 10 s) for the request head,
//! [`SimConfig::body_read_timeout`] (default 30 s, then a 408) for the body. At most
//! [`SimConfig::max_connections`] (default 1024) are served at once; more wait in the accept
//! queue. On the command line: `--header-timeout`, `--body-timeout`, `--max-connections`.
//!
//! # In-process use
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use wfm_sim::{RunningSimulator, SimConfig};
//! let sim = RunningSimulator::start(SimConfig::default(), "127.0.0.1:0".parse().unwrap()).await?;
//! println!("GAuth, WFM REST and the Locator at {}", sim.base_url());
//! sim.shutdown().await
//! # }
//! ```

mod auth;
mod connections;
pub mod data;
mod deployment;
pub mod fault;
pub mod numbering;
mod rng;
mod server;
mod soap;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

use time::{Date, Month};
use wfm_sdk::generated::wfm_config_service850::CfgUser;

pub use auth::{BearerCheck, Principal};
pub use data::{ACCOUNTS, Account, CLIENT_ID, CLIENT_SECRET};
pub use deployment::{Deployment, DeploymentError, WebContext};
pub use fault::{Fault, FaultRule, FaultRuleError, Route};
pub use rng::SplitMix64;
pub use server::{RunningSimulator, router};
pub use soap::{LOCATORS, SESSION_SERVICES, SoapService};

use auth::TokenStore;
use data::Org;
use fault::FaultTable;

/// The most agents a simulator holds.
pub const MAX_AGENTS: usize = 100_000;

/// The highest [`SimConfig::max_connections`].
pub const MAX_CONNECTIONS: usize = 1 << 20;

/// What the simulator generates, how its tokens behave, and how long it waits for slow
/// clients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimConfig {
    /// The seed every generated object derives from.
    pub seed: u64,
    /// Number of agents (1 to [`MAX_AGENTS`]; default 50).
    pub agents: usize,
    /// Number of sites the agents are spread over (default 3).
    pub sites: usize,
    /// Lifetime of access tokens (`expires_in`; default one hour). Refresh tokens live ten
    /// times as long.
    pub token_ttl: Duration,
    /// First day of the committed schedule (default Monday 2026-01-05).
    pub schedule_start: Date,
    /// Number of weeks of committed schedule (default 8).
    pub schedule_weeks: u32,
    /// How long a client has to send a whole request head, counted from when the server
    /// starts reading it: from the accept, or from the previous response on a keep-alive
    /// connection (default 10 s). Past it the connection is closed without an answer.
    pub header_read_timeout: Duration,
    /// How long a client has to send a whole request body once its head has arrived (default
    /// 30 s). Past it the request is answered 408 and the connection closed.
    pub body_read_timeout: Duration,
    /// The most connections [`RunningSimulator`] serves at once (1 to [`MAX_CONNECTIONS`];
    /// default 1024); more wait in the listener's accept queue until a slot frees.
    pub max_connections: usize,
    /// The cloud (default) or an on-premises server: how SOAP calls authenticate.
    pub deployment: Deployment,
    /// WFM Web's context path (default `/wfm`): userinfo is served at
    /// `{context}/api/v3/system/userinfo`.
    pub web_context: WebContext,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            seed: 7,
            agents: 50,
            sites: 3,
            token_ttl: Duration::from_secs(3600),
            schedule_start: DEFAULT_SCHEDULE_START,
            schedule_weeks: 8,
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(30),
            max_connections: 1024,
            deployment: Deployment::Cloud,
            web_context: WebContext::default(),
        }
    }
}

/// The default first schedule day, Monday 2026-01-05.
pub const DEFAULT_SCHEDULE_START: Date = match Date::from_calendar_date(2026, Month::January, 5) {
    Ok(date) => date,
    Err(_) => panic!("a valid date"),
};

/// The simulator's state: configuration, in-memory organisation (behind a lock) and tokens.
pub struct Simulator {
    config: SimConfig,
    org: RwLock<Org>,
    tokens: TokenStore,
    faults: FaultTable,
    /// Services added with [`Simulator::add_service`], by handler name.
    services: Mutex<HashMap<String, SoapService>>,
}

impl std::fmt::Debug for Simulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Simulator")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Simulator {
    /// A simulator with the organisation generated from `config`.
    pub fn new(mut config: SimConfig) -> Arc<Simulator> {
        config.agents = config.agents.clamp(1, MAX_AGENTS);
        config.sites = config.sites.clamp(1, config.agents.min(1000));
        config.schedule_weeks = config.schedule_weeks.clamp(1, 520);
        config.max_connections = config.max_connections.clamp(1, MAX_CONNECTIONS);
        let org = Org::generate(config.seed, config.agents, config.sites);
        Arc::new(Simulator {
            tokens: TokenStore::new(config.token_ttl),
            faults: FaultTable::new(config.seed),
            config,
            org: RwLock::new(org),
            services: Mutex::new(HashMap::new()),
        })
    }

    /// Serves another SOAP service at `/?Handler=<handler>`, behind the same ATL front as
    /// WFM's (Bearer token, WFM provisioning, SOAPAction required, fault rules): a generated
    /// dispatcher (`serve_<port>`) for tests of other WSDLs, such as an rpc/encoded ATL
    /// service. A handler of WFM's own names is not replaced.
    pub fn add_service(&self, handler: &str, service: SoapService) {
        self.services
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(handler.to_owned(), service);
    }

    pub(crate) fn service(&self, handler: &str) -> Option<SoapService> {
        self.services
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(handler)
            .cloned()
    }

    /// Its configuration (after clamping).
    pub fn config(&self) -> &SimConfig {
        &self.config
    }

    pub(crate) fn org_read(&self) -> RwLockReadGuard<'_, Org> {
        self.org.read().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn org_write(&self) -> RwLockWriteGuard<'_, Org> {
        self.org.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// A snapshot of the organisation.
    pub fn org(&self) -> Org {
        self.org_read().clone()
    }

    /// The WFM user `id`, as stored now.
    pub fn user(&self, id: i32) -> Option<CfgUser> {
        self.org_read().users.get(&id).cloned()
    }

    /// Adds a fault rule after those already set (the first matching rule that fires decides
    /// a call; see [`fault`]).
    pub fn inject_fault(&self, rule: FaultRule) {
        self.faults.add(rule);
    }

    /// Removes every fault rule.
    pub fn clear_faults(&self) {
        self.faults.clear();
    }

    /// The fault rules in force, with their remaining counts.
    pub fn faults(&self) -> Vec<FaultRule> {
        self.faults.rules()
    }

    /// The first schedule day as an OLE date (midnight).
    pub fn schedule_start_ole(&self) -> f64 {
        data::ole_day(self.config.schedule_start) as f64
    }
}
