//! The SOAP services, implemented through the generated server traits, and the HTTP handler at
//! `/?Handler=<Service>` that applies ATL Server's rules before dispatching.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use wfm_runtime::xml::XmlWriter;
use wfm_runtime::{SoapFault, SoapVersion};
use wfm_sdk::constants::{ECfgInfoType, ECfgObjectType, ESchStateType};
use wfm_sdk::generated::wfm_config_service850::{
    self as config, CfgSecurityRole, CfgSecurityRoleHolder, CfgSecurityRoleShort, CfgSite,
    CfgSiteHolder, CfgSiteShort, CfgValidationHolder, DeleteCfgObject, GetSecurityRole, GetSite,
    InsertUser, UpdateUser, WfmConfigService850SoapServer,
};
use wfm_sdk::generated::wfm_locator_service800::{
    self as locator, LocateServer, LocateServerLogin, LoginInfo, WfmLocatorService800SoapServer,
};
use wfm_sdk::generated::wfm_schedule_service852::{
    self as schedule, CfgAgent, CfgAgentHolder, CfgAgentShort, GetAgentState, GetMasterAgent,
    SchAgentState, SchAgentStateHolder, SchStateInfo, WfmScheduleService852SoapServer,
};
use wfm_sdk::generated::wfm_session_service800::{
    self as session, CloseSession, OpenSession, OpenSessionLogin, ServiceInfo, SessionInfo,
    WfmSessionService800SoapServer,
};

use crate::auth::{BearerCheck, unauthorized};
use crate::data::{STATE_DEFINITIONS, Validation, agent_day, ole_day};
use crate::numbering::{INFO_OBJECT_SHORT, OBJECT_USER};
use crate::server::App;

/// The services the simulator implements: `(handler, service-map key)`.
pub const IMPLEMENTED_SERVICES: [(&str, &str); 4] = [
    ("WFMLocatorService800", "LocatorService800"),
    ("WFMSessionService800", "SessionService800"),
    ("WFMConfigService850", "ConfigService850"),
    ("WFMScheduleService852", "ScheduleService852"),
];

/// Services of the bundled WSDLs the simulator does not implement: they answer a Client fault.
pub const UNIMPLEMENTED_SERVICES: [&str; 4] = [
    "WFMLocatorService",
    "WFMSessionService700",
    "WFMConfigService712",
    "WFMScheduleService712",
];

/// The most days one `GetAgentState` may span.
const MAX_SCHEDULE_DAYS: f64 = 366.0;

const V: SoapVersion = SoapVersion::Soap11;

fn escape_text(text: &str) -> String {
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

fn short(info_type: i32) -> bool {
    ECfgInfoType::new(info_type) == INFO_OBJECT_SHORT
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
}

impl WfmLocatorService800SoapServer for App {
    async fn locate_server_login(&self, _: LocateServerLogin) -> Result<LoginInfo, SoapFault> {
        Err(client_fault(
            "LocateServerLogin is not supported in the cloud; use LocateServer with the user id \
             from /wfm/api/v3/system/userinfo",
        ))
    }

    async fn locate_server(&self, p: LocateServer) -> Result<LoginInfo, SoapFault> {
        if p.service_name != "SessionService800" {
            return Err(server_fault(format!(
                "Service '{}' is not known to the locator (try SessionService800).",
                p.service_name
            )));
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

impl WfmSessionService800SoapServer for App {
    async fn open_session(&self, p: OpenSession) -> Result<SessionInfo, SoapFault> {
        if let Some(fault) = self.unknown_user(p.user_id) {
            return Err(fault);
        }
        let services = IMPLEMENTED_SERVICES
            .iter()
            .filter(|(handler, _)| *handler != "WFMLocatorService800")
            .map(|(handler, key)| ServiceInfo {
                service_name: (*key).to_owned(),
                service_url: self.service_url(handler),
            })
            .collect();
        Ok(SessionInfo { services })
    }

    async fn open_session_login(&self, _: OpenSessionLogin) -> Result<SessionInfo, SoapFault> {
        Err(client_fault(
            "OpenSessionLogin is not supported in the cloud; use OpenSession",
        ))
    }

    async fn close_session(&self, _: CloseSession) -> Result<(), SoapFault> {
        Ok(())
    }
}

impl WfmConfigService850SoapServer for App {
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
        if ECfgObjectType::new(p.object_type) != OBJECT_USER {
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
        let org = self.sim.org_read();
        let mut sites: Vec<_> = org
            .sites
            .iter()
            .filter(|s| p.filter.wm_bu_id.is_empty() || p.filter.wm_bu_id.contains(&s.bu_id))
            .filter(|s| p.filter.wm_site_id.is_empty() || p.filter.wm_site_id.contains(&s.id))
            .collect();
        sites.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
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

impl WfmScheduleService852SoapServer for App {
    async fn get_master_agent(&self, p: GetMasterAgent) -> Result<CfgAgentHolder, SoapFault> {
        let org = self.sim.org_read();
        if p.site_id > 0 && org.site(p.site_id).is_none() {
            return Err(server_fault(format!("Site {} does not exist.", p.site_id)));
        }
        let mut agents: Vec<_> = org
            .agents
            .iter()
            .filter(|a| p.site_id <= 0 || a.site_id == p.site_id)
            .collect();
        agents.sort_by(|a, b| {
            (&a.last_name, &a.first_name, a.id).cmp(&(&b.last_name, &b.first_name, b.id))
        });
        if !p.ascending {
            agents.reverse();
        }
        let mut out = CfgAgentHolder {
            object_array: Vec::new(),
            object_short_array: Vec::new(),
        };
        for a in agents {
            if short(p.info_type) {
                out.object_short_array.push(CfgAgentShort {
                    gsw_agent_id: a.id,
                    gsw_last_name: a.last_name.clone(),
                    gsw_first_name: a.first_name.clone(),
                });
            } else {
                out.object_array.push(CfgAgent {
                    gsw_agent_id: a.id,
                    gsw_last_name: a.last_name.clone(),
                    gsw_first_name: a.first_name.clone(),
                });
            }
        }
        Ok(out)
    }

    async fn get_agent_state(&self, p: GetAgentState) -> Result<SchAgentStateHolder, SoapFault> {
        if !(p.start.is_finite() && p.end.is_finite())
            || wfm_runtime::ole_date::from_ole(p.start).is_err()
            || wfm_runtime::ole_date::from_ole(p.end).is_err()
        {
            return Err(server_fault(
                "The date range is not a valid pair of OLE dates.",
            ));
        }
        if p.end - p.start > MAX_SCHEDULE_DAYS {
            return Err(server_fault(format!(
                "The date range spans more than {MAX_SCHEDULE_DAYS} days."
            )));
        }
        let org = self.sim.org_read();
        if p.site_id > 0 && org.site(p.site_id).is_none() {
            return Err(server_fault(format!("Site {} does not exist.", p.site_id)));
        }
        let config = &self.sim.config;
        let horizon_start = ole_day(config.schedule_start);
        let horizon_end = horizon_start + i64::from(config.schedule_weeks) * 7;
        let first_day = (p.start.floor() as i64).max(horizon_start);
        let last_day = (p.end.ceil() as i64).min(horizon_end);
        let mut agents: Vec<_> = org
            .agents
            .iter()
            .filter(|a| p.site_id <= 0 || a.site_id == p.site_id)
            .filter(|a| p.teams.is_empty() || p.teams.contains(&a.team_id))
            .filter(|a| p.agents.is_empty() || p.agents.contains(&a.id))
            .collect();
        agents.sort_by_key(|a| a.id);
        let mut states = Vec::new();
        let mut used = std::collections::BTreeSet::new();
        for agent in agents {
            for day in first_day..last_day {
                let date = config.schedule_start + time::Duration::days(day - horizon_start);
                for s in agent_day(config.seed, agent, day, date.weekday()) {
                    let wanted = s.start < p.end
                        && s.end > p.start
                        && (p.state_types.is_empty()
                            || p.state_types.contains(&i32::from(s.state_type)))
                        && (p.state_ids.is_empty() || p.state_ids.contains(&s.state_id));
                    if wanted {
                        used.insert((i32::from(s.state_type), s.state_id));
                        states.push(SchAgentState {
                            gsw_agent_id: s.agent_id,
                            wm_state_type: s.state_type.into(),
                            wm_state_id: s.state_id,
                            wm_start_date_time: s.start,
                            wm_end_date_time: s.end,
                            wm_full_day: s.full_day,
                            wm_paid: s.paid,
                        });
                    }
                }
            }
        }
        let infos = STATE_DEFINITIONS
            .iter()
            .filter(|(t, id, _)| used.contains(&(i32::from(*t), *id)))
            .map(|(t, id, name)| SchStateInfo {
                wm_state_type: ESchStateType::into(*t),
                wm_state_id: *id,
                wm_name: (*name).to_owned(),
            })
            .collect();
        Ok(SchAgentStateHolder {
            sch_agent_state: states,
            sch_state_info: infos,
        })
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

fn fault_response(fault: &SoapFault) -> Response {
    let mut w = XmlWriter::new();
    wfm_runtime::envelope::write_fault(&mut w, fault);
    xml_response(fault.http_status, w.into_bytes())
}

/// `POST /?Handler=<Service>`: Bearer check (401), WFM provisioning (403), SOAPAction
/// required (HTTP 500 with a plain, non-SOAP body, as ATL's `ISE_SUBERR_SOAPNOSOAPACTION`),
/// then the generated dispatcher of the named service.
pub(crate) async fn soap(
    State(app): State<Arc<App>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
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
    let handler = uri.query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k.eq_ignore_ascii_case("Handler"))
            .map(|(_, v)| v.into_owned())
    });
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
        Some(name) if UNIMPLEMENTED_SERVICES.contains(&name) => {
            return fault_response(&client_fault(format!(
                "The simulator does not implement {name}."
            )));
        }
        Some(name) => {
            return fault_response(&client_fault(format!("No handler named '{name}'.")));
        }
        None => return fault_response(&client_fault("The URL names no Handler.")),
    };
    xml_response(status, bytes)
}
