//! The SOAP services, implemented through the generated server traits, and the HTTP handler at
//! `/?Handler=<Service>` that applies ATL Server's rules before dispatching.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use soap_runtime::xml::{WireStyle, XmlWriter};
use soap_runtime::{SoapFault, SoapVersion};
use wfm_sdk::constants::{ECfgInfoType, ESchStateType};
use wfm_sdk::generated::wfm_config_service850::{
    self as config, CfgSecurityRole, CfgSecurityRoleHolder, CfgSecurityRoleShort, CfgSite,
    CfgSiteHolder, CfgSiteShort, CfgValidationHolder, DeleteCfgObject, GetSecurityRole, GetSite,
    InsertUser, UpdateUser, WfmConfigService850SoapServer,
};
use wfm_sdk::generated::wfm_locator_service800::{
    self as locator, LocateServer, LocateServerLogin, LoginInfo, WfmLocatorService800SoapServer,
};
use wfm_sdk::generated::wfm_session_service800::{
    self as session, CloseSession, OpenSession, OpenSessionLogin, ServiceInfo, SessionInfo,
    WfmSessionService800SoapServer,
};
use wfm_sdk::generated::{
    wfm_config_service712 as config712, wfm_locator_service as locator700,
    wfm_schedule_service712 as schedule712, wfm_schedule_service852 as schedule,
    wfm_session_service700 as session700,
};

use crate::auth::{BearerCheck, unauthorized};
use crate::data::{
    ACCOUNTS, Agent, STATE_DEFINITIONS, ScheduledState, Site, Validation, agent_day, ole_day,
};
use crate::deployment::Deployment;
use crate::numbering::{INFO_OBJECT_SHORT, OBJECT_USER};
use crate::server::App;

/// The Locators the simulator implements (`?Handler=` names); not in the session's map.
pub const LOCATORS: [&str; 2] = ["WFMLocatorService800", "WFMLocatorService"];

/// The session services the simulator implements: `(handler, service-map key)`, in the
/// order `OpenSession` lists them (both session services return the same map).
pub const SESSION_SERVICES: [(&str, &str); 6] = [
    ("WFMSessionService800", "SessionService800"),
    ("WFMConfigService850", "ConfigService850"),
    ("WFMScheduleService852", "ScheduleService852"),
    ("WFMSessionService700", "SessionService700"),
    ("WFMConfigService712", "ConfigService712"),
    ("WFMScheduleService712", "ScheduleService712"),
];

/// A SOAP service added with [`Simulator::add_service`](crate::Simulator::add_service): given
/// the SOAPAction and the request body, the HTTP status and the response body (what a
/// generated `serve_<port>` dispatcher returns).
pub type SoapService = Arc<
    dyn Fn(Option<String>, Bytes) -> soap_runtime::BoxFuture<'static, (u16, Vec<u8>)> + Send + Sync,
>;

/// The most days one `GetAgentState` may span.
const MAX_SCHEDULE_DAYS: f64 = 366.0;

const V: SoapVersion = SoapVersion::Soap11;

pub(crate) fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// ATL's fault for a failing method (a failure HRESULT): `SOAP:Server`, the default
/// faultstring, and a text detail.
fn server_fault(detail: impl AsRef<str>) -> SoapFault {
    let mut fault = SoapFault::server(V, "SOAP Server Application Faulted");
    fault.detail = Some(escape_text(detail.as_ref()));
    fault
}

/// ATL's fault for a request it rejects: `SOAP:Client`, the default faultstring, a detail.
fn client_fault(detail: impl AsRef<str>) -> SoapFault {
    let mut fault = SoapFault::client(V, "SOAP Invalid Request");
    fault.detail = Some(escape_text(detail.as_ref()));
    fault
}

fn holder(v: Validation) -> CfgValidationHolder {
    CfgValidationHolder {
        success: !v.has_errors(),
        warning_array: v.warnings,
        error_array: v.errors,
        object_id: v.object_id,
    }
}

fn short(info_type: ECfgInfoType) -> bool {
    info_type == INFO_OBJECT_SHORT
}

impl App {
    fn service_url(&self, handler: &str) -> String {
        format!("{}/?Handler={handler}", self.base_url)
    }

    /// A fault for a user id the store does not know.
    fn unknown_user(&self, user_id: i32) -> Option<SoapFault> {
        (!self.sim.org_read().users.contains_key(&user_id))
            .then(|| server_fault(format!("User {user_id} does not exist.")))
    }

    /// The WFM user id of an on-premises login, or the fault that refuses it: a Client fault
    /// in the cloud (`operation` is not supported there), a Server fault for a user name and
    /// password that match no account provisioned in WFM (the same for both, so that the
    /// answer does not tell which was wrong).
    fn login(
        &self,
        operation: &str,
        user_name: &str,
        password: &str,
    ) -> Result<i32, Box<SoapFault>> {
        if self.sim.config.deployment == Deployment::Cloud {
            return Err(Box::new(client_fault(format!(
                "{operation} is not supported in the cloud; use LocateServer and OpenSession \
                 with the user id from userinfo"
            ))));
        }
        ACCOUNTS
            .iter()
            .find(|a| a.user_name == user_name && a.password == password)
            .and_then(|a| a.wfm_user_id)
            .ok_or_else(|| {
                Box::new(server_fault(format!(
                    "Login failed for user '{user_name}': unknown user name or wrong password."
                )))
            })
    }

    /// The session's services, as `(map key, URL)`.
    fn session_services(&self) -> Vec<(String, String)> {
        SESSION_SERVICES
            .iter()
            .map(|(handler, key)| ((*key).to_owned(), self.service_url(handler)))
            .collect()
    }

    /// Sites filtered by business units and ids (empty: all), sorted by name.
    fn sites(&self, bus: &[i32], ids: &[i32]) -> Vec<Site> {
        let org = self.sim.org_read();
        let mut sites: Vec<Site> = org
            .sites
            .iter()
            .filter(|s| bus.is_empty() || bus.contains(&s.bu_id))
            .filter(|s| ids.is_empty() || ids.contains(&s.id))
            .cloned()
            .collect();
        sites.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        sites
    }

    /// The agents of `site_id` (0 or less: all), sorted by name, reversed unless `ascending`.
    /// Errors are the detail text of a Server fault.
    fn agents_of(&self, site_id: i32, ascending: bool) -> Result<Vec<Agent>, String> {
        let org = self.sim.org_read();
        if site_id > 0 && org.site(site_id).is_none() {
            return Err(format!("Site {site_id} does not exist."));
        }
        let mut agents: Vec<Agent> = org
            .agents
            .iter()
            .filter(|a| site_id <= 0 || a.site_id == site_id)
            .cloned()
            .collect();
        agents.sort_by(|a, b| {
            (&a.last_name, &a.first_name, a.id).cmp(&(&b.last_name, &b.first_name, b.id))
        });
        if !ascending {
            agents.reverse();
        }
        Ok(agents)
    }

    /// The states a `GetAgentState` asks for, and the definitions they use. Errors are the
    /// detail text of a Server fault.
    fn states(&self, q: &StateQuery<'_>) -> Result<StatesFound, String> {
        if !(q.start.is_finite() && q.end.is_finite())
            || wfm_runtime::ole_date::from_ole(q.start).is_err()
            || wfm_runtime::ole_date::from_ole(q.end).is_err()
        {
            return Err("The date range is not a valid pair of OLE dates.".into());
        }
        if q.end - q.start > MAX_SCHEDULE_DAYS {
            return Err(format!(
                "The date range spans more than {MAX_SCHEDULE_DAYS} days."
            ));
        }
        let org = self.sim.org_read();
        if q.site_id > 0 && org.site(q.site_id).is_none() {
            return Err(format!("Site {} does not exist.", q.site_id));
        }
        let config = &self.sim.config;
        let horizon_start = ole_day(config.schedule_start);
        let horizon_end = horizon_start + i64::from(config.schedule_weeks) * 7;
        let first_day = (q.start.floor() as i64).max(horizon_start);
        let last_day = (q.end.ceil() as i64).min(horizon_end);
        let mut agents: Vec<&Agent> = org
            .agents
            .iter()
            .filter(|a| q.site_id <= 0 || a.site_id == q.site_id)
            .filter(|a| q.teams.is_empty() || q.teams.contains(&a.team_id))
            .filter(|a| q.agents.is_empty() || q.agents.contains(&a.id))
            .collect();
        agents.sort_by_key(|a| a.id);
        let mut states = Vec::new();
        let mut used = std::collections::BTreeSet::new();
        for agent in agents {
            for day in first_day..last_day {
                let date = config.schedule_start + time::Duration::days(day - horizon_start);
                for s in agent_day(config.seed, agent, day, date.weekday()) {
                    let wanted = s.start < q.end
                        && s.end > q.start
                        && (q.state_types.is_empty() || q.state_types.contains(&s.state_type))
                        && (q.state_ids.is_empty() || q.state_ids.contains(&s.state_id));
                    if wanted {
                        used.insert((s.state_type, s.state_id));
                        states.push(s);
                    }
                }
            }
        }
        let definitions = STATE_DEFINITIONS
            .iter()
            .filter(|(t, id, _)| used.contains(&(*t, *id)))
            .copied()
            .collect();
        Ok(StatesFound {
            states,
            definitions,
        })
    }
}

/// The filters of a `GetAgentState` (7.1 and 8.5 alike).
struct StateQuery<'a> {
    site_id: i32,
    start: f64,
    end: f64,
    teams: &'a [i32],
    agents: &'a [i32],
    state_types: &'a [ESchStateType],
    state_ids: &'a [i32],
}

/// What a `GetAgentState` finds: the states and the `(type, id, name)` definitions they use.
struct StatesFound {
    states: Vec<ScheduledState>,
    definitions: Vec<(ESchStateType, i32, &'static str)>,
}

impl WfmLocatorService800SoapServer for App {
    fn wire_style(&self) -> WireStyle {
        WireStyle::atl_server()
    }

    async fn locate_server_login(&self, p: LocateServerLogin) -> Result<LoginInfo, SoapFault> {
        let user_id = self
            .login("LocateServerLogin", &p.user_name, &p.password)
            .map_err(|fault| *fault)?;
        if let Some(fault) = unknown_session_service(&p.service_name) {
            return Err(fault);
        }
        Ok(LoginInfo {
            session_service_url: self.service_url("WFMSessionService800"),
            user_id,
        })
    }

    async fn locate_server(&self, p: LocateServer) -> Result<LoginInfo, SoapFault> {
        if let Some(fault) = unknown_session_service(&p.service_name) {
            return Err(fault);
        }
        if let Some(fault) = self.unknown_user(p.user_id) {
            return Err(fault);
        }
        Ok(LoginInfo {
            session_service_url: self.service_url("WFMSessionService800"),
            user_id: p.user_id,
        })
    }
}

/// A fault for a `serviceName` other than `SessionService800`.
fn unknown_session_service(service_name: &str) -> Option<SoapFault> {
    (service_name != "SessionService800").then(|| {
        server_fault(format!(
            "Service '{service_name}' is not known to the locator (try SessionService800)."
        ))
    })
}

impl App {
    /// What `OpenSession` and `OpenSessionLogin` return: every session service.
    fn session_info(&self) -> SessionInfo {
        let services = self
            .session_services()
            .into_iter()
            .map(|(service_name, service_url)| ServiceInfo {
                service_name,
                service_url,
            })
            .collect();
        SessionInfo { services }
    }
}

impl WfmSessionService800SoapServer for App {
    fn wire_style(&self) -> WireStyle {
        WireStyle::atl_server()
    }

    async fn open_session(&self, p: OpenSession) -> Result<SessionInfo, SoapFault> {
        if let Some(fault) = self.unknown_user(p.user_id) {
            return Err(fault);
        }
        Ok(self.session_info())
    }

    async fn open_session_login(&self, p: OpenSessionLogin) -> Result<SessionInfo, SoapFault> {
        self.login("OpenSessionLogin", &p.user_name, &p.password)
            .map_err(|fault| *fault)?;
        Ok(self.session_info())
    }

    async fn close_session(&self, _: CloseSession) -> Result<(), SoapFault> {
        Ok(())
    }
}

impl WfmConfigService850SoapServer for App {
    fn wire_style(&self) -> WireStyle {
        WireStyle::atl_server()
    }

    async fn get_security_role(
        &self,
        p: GetSecurityRole,
    ) -> Result<CfgSecurityRoleHolder, SoapFault> {
        let org = self.sim.org_read();
        let roles = org
            .security_roles
            .iter()
            .filter(|r| p.role_ids.is_empty() || p.role_ids.contains(&r.id));
        let mut out = CfgSecurityRoleHolder {
            object_array: Vec::new(),
            object_short_array: Vec::new(),
        };
        for role in roles {
            if short(p.details.info_type) {
                out.object_short_array.push(CfgSecurityRoleShort {
                    wm_security_role_id: role.id,
                    wm_name: role.name.clone(),
                });
            } else {
                out.object_array.push(CfgSecurityRole {
                    wm_security_role_id: role.id,
                    wm_name: role.name.clone(),
                    wm_security_role_subsystems: if p.details.provide_subsystem_info {
                        role.subsystems.clone()
                    } else {
                        Vec::new()
                    },
                });
            }
        }
        Ok(out)
    }

    async fn insert_user(&self, p: InsertUser) -> Result<CfgValidationHolder, SoapFault> {
        Ok(holder(self.sim.org_write().insert_user(p.user)))
    }

    async fn update_user(&self, p: UpdateUser) -> Result<CfgValidationHolder, SoapFault> {
        Ok(holder(self.sim.org_write().update_user(p.user)))
    }

    async fn delete_cfg_object(
        &self,
        p: DeleteCfgObject,
    ) -> Result<CfgValidationHolder, SoapFault> {
        if p.object_type != OBJECT_USER {
            return Ok(holder(Validation {
                errors: vec![format!(
                    "Object type {} is not supported by the simulator (users are {OBJECT_USER}).",
                    p.object_type
                )],
                ..Validation::default()
            }));
        }
        Ok(holder(self.sim.org_write().delete_user(p.object_id)))
    }

    async fn get_site(&self, p: GetSite) -> Result<CfgSiteHolder, SoapFault> {
        let sites = self.sites(&p.filter.wm_bu_id, &p.filter.wm_site_id);
        let mut out = CfgSiteHolder {
            object_array: Vec::new(),
            object_short_array: Vec::new(),
        };
        for site in sites {
            if short(p.details.info_type) {
                out.object_short_array.push(CfgSiteShort {
                    wm_site_id: site.id,
                    wm_name: site.name.clone(),
                });
            } else {
                out.object_array.push(CfgSite {
                    wm_site_id: site.id,
                    wm_name: site.name.clone(),
                });
            }
        }
        Ok(out)
    }
}

/// Implements a schedule service (7.1 and 8.5 have the same shape) over [`App::agents_of`] and
/// [`App::states`].
macro_rules! schedule_service {
    ($module:ident, $server:ident) => {
        impl $module::$server for App {
            fn wire_style(&self) -> WireStyle {
                WireStyle::atl_server()
            }

            async fn get_master_agent(
                &self,
                p: $module::GetMasterAgent,
            ) -> Result<$module::CfgAgentHolder, SoapFault> {
                let agents = self
                    .agents_of(p.site_id, p.ascending)
                    .map_err(server_fault)?;
                let mut out = $module::CfgAgentHolder {
                    object_array: Vec::new(),
                    object_short_array: Vec::new(),
                };
                for a in agents {
                    if short(p.info_type) {
                        out.object_short_array.push($module::CfgAgentShort {
                            gsw_agent_id: a.id,
                            gsw_last_name: a.last_name,
                            gsw_first_name: a.first_name,
                        });
                    } else {
                        out.object_array.push($module::CfgAgent {
                            gsw_agent_id: a.id,
                            gsw_last_name: a.last_name,
                            gsw_first_name: a.first_name,
                        });
                    }
                }
                Ok(out)
            }

            async fn get_agent_state(
                &self,
                p: $module::GetAgentState,
            ) -> Result<$module::SchAgentStateHolder, SoapFault> {
                let found = self
                    .states(&StateQuery {
                        site_id: p.site_id,
                        start: p.start.value(),
                        end: p.end.value(),
                        teams: &p.teams,
                        agents: &p.agents,
                        state_types: &p.state_types,
                        state_ids: &p.state_ids,
                    })
                    .map_err(server_fault)?;
                Ok($module::SchAgentStateHolder {
                    sch_agent_state: found
                        .states
                        .into_iter()
                        .map(|s| $module::SchAgentState {
                            gsw_agent_id: s.agent_id,
                            wm_state_type: s.state_type,
                            wm_state_id: s.state_id,
                            wm_start_date_time: s.start.into(),
                            wm_end_date_time: s.end.into(),
                            wm_full_day: s.full_day,
                            wm_paid: s.paid,
                        })
                        .collect(),
                    sch_state_info: found
                        .definitions
                        .into_iter()
                        .map(|(wm_state_type, wm_state_id, name)| $module::SchStateInfo {
                            wm_state_type,
                            wm_state_id,
                            wm_name: name.to_owned(),
                        })
                        .collect(),
                })
            }
        }
    };
}

schedule_service!(schedule, WfmScheduleService852SoapServer);
schedule_service!(schedule712, WfmScheduleService712SoapServer);

impl locator700::WfmLocatorServiceSoapServer for App {
    fn wire_style(&self) -> WireStyle {
        WireStyle::atl_server()
    }

    async fn locate_server700(
        &self,
        p: locator700::LocateServer700,
    ) -> Result<locator700::Location, SoapFault> {
        if p.service_name != "SessionService700" {
            return Err(server_fault(format!(
                "Service '{}' is not known to the locator (try SessionService700).",
                p.service_name
            )));
        }
        if let Some(fault) = self.unknown_user(p.user_id) {
            return Err(fault);
        }
        Ok(locator700::Location {
            session_service_url: self.service_url("WFMSessionService700"),
        })
    }
}

impl session700::WfmSessionService700SoapServer for App {
    fn wire_style(&self) -> WireStyle {
        WireStyle::atl_server()
    }

    async fn open_session(
        &self,
        p: session700::OpenSession,
    ) -> Result<session700::SessionInfo, SoapFault> {
        if let Some(fault) = self.unknown_user(p.user_id) {
            return Err(fault);
        }
        let services = self
            .session_services()
            .into_iter()
            .map(|(service_name, service_url)| session700::ServiceInfo {
                service_name,
                service_url,
            })
            .collect();
        Ok(session700::SessionInfo { services })
    }

    async fn close_session(&self, _: session700::CloseSession) -> Result<(), SoapFault> {
        Ok(())
    }
}

impl config712::WfmConfigService712SoapServer for App {
    fn wire_style(&self) -> WireStyle {
        WireStyle::atl_server()
    }

    async fn get_site(&self, p: config712::GetSite) -> Result<config712::CfgSiteHolder, SoapFault> {
        let mut sites = self.sites(&[], &p.site_ids);
        if !p.ascending {
            sites.reverse();
        }
        let mut out = config712::CfgSiteHolder {
            object_array: Vec::new(),
            object_short_array: Vec::new(),
        };
        for site in sites {
            if short(p.info_type) {
                out.object_short_array.push(config712::CfgSiteShort {
                    wm_site_id: site.id,
                    wm_name: site.name,
                });
            } else {
                out.object_array.push(config712::CfgSite {
                    wm_site_id: site.id,
                    wm_name: site.name,
                });
            }
        }
        Ok(out)
    }
}

fn xml_response(status: u16, body: Vec<u8>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/xml; charset=utf-8"),
        )],
        body,
    )
        .into_response()
}

pub(crate) fn fault_response(fault: &SoapFault) -> Response {
    let mut w = XmlWriter::new();
    soap_runtime::envelope::write_fault(&mut w, fault);
    xml_response(fault.http_status, w.into_bytes())
}

/// The service a SOAP request names: `?Handler=<Service>` (the key in any case).
pub(crate) fn handler_name(uri: &Uri) -> Option<String> {
    uri.query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k.eq_ignore_ascii_case("Handler"))
            .map(|(_, v)| v.into_owned())
    })
}

/// `POST /?Handler=<Service>`: in the cloud, Bearer check (401) and WFM provisioning (403);
/// SOAPAction required (HTTP 500 with a plain, non-SOAP body, as ATL's
/// `ISE_SUBERR_SOAPNOSOAPACTION`); then the generated dispatcher of the named service.
pub(crate) async fn soap(
    State(app): State<Arc<App>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if app.sim.config.deployment == Deployment::Cloud {
        let principal = match app.sim.tokens.check(&headers) {
            BearerCheck::Valid(p) => p,
            other => return unauthorized(&other),
        };
        if principal.wfm_user_id.is_none() {
            return (
                StatusCode::FORBIDDEN,
                "403 Forbidden: the user is not provisioned in WFM\n",
            )
                .into_response();
        }
    }
    let Some(action) = headers
        .get("soapaction")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
    else {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/html")],
            "<html><head><title>SOAP Error</title></head><body>\
             <h1>Server Error</h1><p>The request has no SOAPAction header.</p></body></html>\n",
        )
            .into_response();
    };
    let handler = handler_name(&uri);
    let action = Some(action.as_str());
    let (status, bytes) = match handler.as_deref() {
        Some("WFMLocatorService800") => {
            locator::serve_wfm_locator_service800_soap(&*app, action, &body).await
        }
        Some("WFMSessionService800") => {
            session::serve_wfm_session_service800_soap(&*app, action, &body).await
        }
        Some("WFMConfigService850") => {
            config::serve_wfm_config_service850_soap(&*app, action, &body).await
        }
        Some("WFMScheduleService852") => {
            schedule::serve_wfm_schedule_service852_soap(&*app, action, &body).await
        }
        Some("WFMLocatorService") => {
            locator700::serve_wfm_locator_service_soap(&*app, action, &body).await
        }
        Some("WFMSessionService700") => {
            session700::serve_wfm_session_service700_soap(&*app, action, &body).await
        }
        Some("WFMConfigService712") => {
            config712::serve_wfm_config_service712_soap(&*app, action, &body).await
        }
        Some("WFMScheduleService712") => {
            schedule712::serve_wfm_schedule_service712_soap(&*app, action, &body).await
        }
        Some(name) => match app.sim.service(name) {
            Some(service) => service(action.map(str::to_owned), body).await,
            None => {
                return fault_response(&client_fault(format!("No handler named '{name}'.")));
            }
        },
        None => return fault_response(&client_fault("The URL names no Handler.")),
    };
    xml_response(status, bytes)
}
