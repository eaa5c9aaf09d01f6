//! Quickstart: the whole WFM flow through the SDK, against the simulator (started in-process on
//! a free loopback port) or against a real server.
//!
//! ```text
//! cargo run --example quickstart
//! ```
//!
//! For a real server set `WFM_URL` (and `GAUTH_URL` if GAuth is elsewhere), `GAUTH_CLIENT_ID`,
//! `GAUTH_CLIENT_SECRET`, `WFM_USER`, `WFM_PASSWORD`, optionally `WFM_WEEK_START`
//! (`YYYY-MM-DD`, default: this week's Monday). WFM's numeric `E*` values (sort modes, info
//! types, …) are not public: the requests below pass 0 where one is needed; put your official
//! numbers there for a real server.

use std::collections::HashMap;
use std::error::Error;
use std::sync::Arc;

use time::{Date, Duration, OffsetDateTime, PrimitiveDateTime};
use wfm_runtime::ClientConfig;
use wfm_runtime::auth::{GAuthConfig, GAuthGrant, GAuthTokenSource};
use wfm_runtime::ole_date::OleDate;
use wfm_sdk::constants::{
    ECfgAgentSortMode, ECfgInfoType, ESchSource, ESchStateLayout, ESchStateType,
};
use wfm_sdk::generated::wfm_config_service850::{
    CfgSecurityRoleDetails, CfgSiteDetails, CfgSortMode, GetSecurityRole, GetSite,
};
use wfm_sdk::generated::wfm_schedule_service852::{GetAgentState, GetMasterAgent};
use wfm_sdk::{CloudConfig, Wfm};
use wfm_sim::data::parse_date;
use wfm_sim::{RunningSimulator, SimConfig};

/// Placeholder for the `E*` numbers (sort mode, info type, source, layout) the requests need:
/// their real values are not public. The simulator accepts any value.
const E_VALUE: i32 = 0;

struct Target {
    wfm_url: String,
    gauth_url: String,
    client_id: String,
    client_secret: String,
    user: String,
    password: String,
    week_start: Date,
    /// Keeps the in-process simulator alive.
    _sim: Option<RunningSimulator>,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

async fn target() -> Result<Target, Box<dyn Error>> {
    if let Some(wfm_url) = env("WFM_URL") {
        let today = OffsetDateTime::now_utc().date();
        let monday = today - Duration::days(i64::from(today.weekday().number_days_from_monday()));
        let need = |name: &str| env(name).ok_or_else(|| format!("{name} is not set"));
        return Ok(Target {
            gauth_url: env("GAUTH_URL").unwrap_or_else(|| wfm_url.clone()),
            wfm_url,
            client_id: need("GAUTH_CLIENT_ID")?,
            client_secret: need("GAUTH_CLIENT_SECRET")?,
            user: need("WFM_USER")?,
            password: need("WFM_PASSWORD")?,
            week_start: env("WFM_WEEK_START")
                .and_then(|d| parse_date(&d))
                .unwrap_or(monday),
            _sim: None,
        });
    }
    let sim = RunningSimulator::start(SimConfig::default(), ([127, 0, 0, 1], 0).into()).await?;
    println!("simulator started at {} (seed 7)", sim.base_url());
    Ok(Target {
        wfm_url: sim.base_url().to_owned(),
        gauth_url: sim.base_url().to_owned(),
        client_id: wfm_sim::CLIENT_ID.into(),
        client_secret: wfm_sim::CLIENT_SECRET.into(),
        user: "supervisor".into(),
        password: "supervisor".into(),
        week_start: sim.simulator().config().schedule_start,
        _sim: Some(sim),
    })
}

fn hh_mm(t: PrimitiveDateTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

fn day_label(d: Date) -> String {
    let weekday = d.weekday().to_string();
    format!(
        "{} {:04}-{:02}-{:02}",
        &weekday[..3],
        d.year(),
        u8::from(d.month()),
        d.day()
    )
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            // `Display`: the error names the call that failed and what went wrong, with
            // server text bounded; `Debug` would print the structure instead.
            eprintln!("error: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn Error>> {
    let t = target().await?;

    // 1. A GAuth token source (password grant); tokens are fetched and renewed on demand.
    let gauth = GAuthTokenSource::new(
        GAuthConfig::new(
            &t.gauth_url,
            &t.client_id,
            t.client_secret.as_str(),
            GAuthGrant::Password {
                username: t.user.clone(),
                password: t.password.as_str().into(),
            },
        ),
        ClientConfig::default(),
    )?;

    // 2. userinfo → LocateServer → OpenSession → service map.
    let wfm = Wfm::connect(CloudConfig::new(
        &t.wfm_url,
        "wfm-quickstart",
        Arc::new(gauth),
    ))
    .await?;
    let user_id = wfm.login_info().user_id;
    println!("connected as {} (WFM user {user_id}); services:", t.user);
    for (name, url) in wfm.service_map().iter() {
        println!("  {name:<20} {url}");
    }

    // 3. Security roles.
    let config = wfm.config()?;
    let roles = config
        .get_security_role(&GetSecurityRole {
            sort_mode: CfgSortMode { sort_mode: E_VALUE },
            ..GetSecurityRole::new(CfgSecurityRoleDetails::new(ECfgInfoType::new(E_VALUE)))
        })
        .await?;
    let names: Vec<&str> = roles
        .object_array
        .iter()
        .map(|r| r.wm_name.as_str())
        .collect();
    println!("security roles ({}): {}", names.len(), names.join(", "));

    // 4. Sites.
    let sites = config
        .get_site(&GetSite {
            sort_mode: CfgSortMode { sort_mode: E_VALUE },
            ..GetSite::new(CfgSiteDetails {
                info_type: ECfgInfoType::new(E_VALUE),
            })
        })
        .await?;
    let site_list: Vec<String> = sites
        .object_array
        .iter()
        .map(|s| format!("{} ({})", s.wm_name, s.wm_site_id))
        .collect();
    println!("sites ({}): {}", site_list.len(), site_list.join(", "));
    let site = sites
        .object_array
        .first()
        .ok_or("the server has no sites")?;

    // 5. Agents of the first site, for the week.
    let start = OleDate::from(t.week_start.midnight());
    let end = OleDate::from((t.week_start + Duration::days(7)).midnight());
    let schedule = wfm.schedule()?;
    let agents = schedule
        .get_master_agent(&GetMasterAgent {
            site_id: site.wm_site_id,
            ascending: true,
            ..GetMasterAgent::new(
                start,
                end,
                ECfgAgentSortMode::new(E_VALUE),
                ECfgInfoType::new(E_VALUE),
            )
        })
        .await?;
    let first: Vec<String> = agents
        .object_array
        .iter()
        .take(4)
        .map(|a| {
            format!(
                "{} {} ({})",
                a.gsw_first_name, a.gsw_last_name, a.gsw_agent_id
            )
        })
        .collect();
    println!(
        "agents at {}: {} (first: {}, ...)",
        site.wm_name,
        agents.object_array.len(),
        first.join(", ")
    );
    let agent = agents
        .object_array
        .first()
        .ok_or("the site has no agents")?;

    // 6. One week of schedule states for that agent.
    let states = schedule
        .get_agent_state(&GetAgentState {
            site_id: site.wm_site_id,
            agents: vec![agent.gsw_agent_id],
            ..GetAgentState::new(
                ESchSource::new(E_VALUE),
                start,
                end,
                ESchStateLayout::new(E_VALUE),
            )
        })
        .await?;
    let names: HashMap<(ESchStateType, i32), &str> = states
        .sch_state_info
        .iter()
        .map(|i| ((i.wm_state_type, i.wm_state_id), i.wm_name.as_str()))
        .collect();
    println!(
        "\nschedule of {} {} ({}), week of {}:",
        agent.gsw_first_name,
        agent.gsw_last_name,
        agent.gsw_agent_id,
        day_label(t.week_start)
    );
    println!("  {:<14} {:<13} {:<14} paid", "day", "time", "state");
    let mut last_day = None;
    for s in &states.sch_agent_state {
        let from = s.wm_start_date_time.date_time()?;
        let to = s.wm_end_date_time.date_time()?;
        let day = (last_day != Some(from.date())).then(|| day_label(from.date()));
        last_day = Some(from.date());
        let time = if s.wm_full_day {
            "all day".to_owned()
        } else {
            format!("{}-{}", hh_mm(from), hh_mm(to))
        };
        let name = names
            .get(&(s.wm_state_type, s.wm_state_id))
            .copied()
            .unwrap_or("?");
        println!(
            "  {:<14} {:<13} {:<14} {}",
            day.unwrap_or_default(),
            time,
            name,
            if s.wm_paid { "yes" } else { "no" }
        );
    }

    // 7. Close the session.
    wfm.close().await?;
    println!("session closed");
    Ok(())
}
