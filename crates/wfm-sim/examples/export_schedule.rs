//! Exports one site's schedule for a week as CSV: one row per scheduled state (shift, break,
//! meal, exception, time off, day off) of every agent of the site.
//!
//! ```text
//! cargo run --example export_schedule -- [--site ID] [--week YYYY-MM-DD] [--out FILE]
//! ```
//!
//! `--site` defaults to the first site by name, `--week` to the simulator's first schedule week
//! (against a real server: this week's Monday), `--out` to standard output. The server comes
//! from the environment as in the quickstart (`WFM_URL`, …; see `support/mod.rs`); without it
//! the simulator starts in-process.

mod support;

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use time::{Date, Duration, OffsetDateTime, PrimitiveDateTime};
use wfm_runtime::ole_date::OleDate;
use wfm_sdk::Wfm;
use wfm_sdk::constants::{
    ECfgAgentSortMode, ECfgInfoType, ESchSource, ESchStateLayout, ESchStateType,
};
use wfm_sdk::generated::wfm_config_service850::{
    CfgSiteDetails, CfgSiteFilter, CfgSortMode, GetSite,
};
use wfm_sdk::generated::wfm_schedule_service852::{GetAgentState, GetMasterAgent};
use wfm_sim::data::parse_date;

/// WFM's `E*` numbers (sort modes, info types, the schedule source and layout) are not public:
/// put the ones from your official WFM API documentation here. The simulator accepts any value.
const E_PLACEHOLDER: i32 = 0;

/// What the command line asks for.
struct Request {
    site_id: Option<i32>,
    week: Option<Date>,
    out: Option<String>,
}

fn parse_args() -> Result<Request> {
    let mut request = Request {
        site_id: None,
        week: None,
        out: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--site" => {
                request.site_id = Some(
                    value
                        .parse()
                        .with_context(|| format!("--site {value:?} is not a site id"))?,
                )
            }
            "--week" => {
                request.week = Some(
                    parse_date(&value)
                        .with_context(|| format!("--week {value:?} is not a YYYY-MM-DD date"))?,
                )
            }
            "--out" => request.out = Some(value),
            _ => bail!("unknown option {flag} (expected --site, --week or --out)"),
        }
    }
    Ok(request)
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<()> {
    let request = parse_args()?;
    let target = support::cloud().await?;
    let week = match (request.week, &target.simulator) {
        (Some(week), _) => week,
        (None, Some(sim)) => sim.simulator().config().schedule_start,
        (None, None) => this_monday(),
    };
    let wfm = Wfm::connect(target.config)
        .await
        .context("connecting to WFM")?;
    // Close the session whether the export worked or not; report the export's error first.
    let exported = export(&wfm, &request, week).await;
    let closed = wfm.close().await.context("closing the session");
    exported.and(closed)
}

/// Writes the CSV of `request`'s site for the week from `week`.
async fn export(wfm: &Wfm, request: &Request, week: Date) -> Result<()> {
    // The site: the one asked for, or the first by name.
    let sites = wfm
        .config()?
        .get_site(&GetSite {
            filter: CfgSiteFilter {
                wm_site_id: request.site_id.into_iter().collect(),
                ..CfgSiteFilter::default()
            },
            sort_mode: CfgSortMode {
                sort_mode: E_PLACEHOLDER,
            },
            ..GetSite::new(CfgSiteDetails {
                info_type: ECfgInfoType::new(E_PLACEHOLDER),
            })
        })
        .await
        .context("looking up the site")?;
    let Some(site) = sites.object_array.first() else {
        match request.site_id {
            Some(id) => bail!("there is no site {id}"),
            None => bail!("the server has no sites"),
        }
    };

    let start = OleDate::from(week.midnight());
    let end = OleDate::from((week + Duration::days(7)).midnight());
    let schedule = wfm.schedule()?;
    let agents = schedule
        .get_master_agent(&GetMasterAgent {
            site_id: site.wm_site_id,
            ascending: true,
            ..GetMasterAgent::new(
                start,
                end,
                ECfgAgentSortMode::new(E_PLACEHOLDER),
                ECfgInfoType::new(E_PLACEHOLDER),
            )
        })
        .await
        .with_context(|| format!("listing the agents of {}", site.wm_name))?;
    let states = schedule
        .get_agent_state(&GetAgentState {
            site_id: site.wm_site_id,
            // No agents named: every agent of the site; scenario 0: the master schedule.
            ..GetAgentState::new(
                ESchSource::new(E_PLACEHOLDER),
                start,
                end,
                ESchStateLayout::new(E_PLACEHOLDER),
            )
        })
        .await
        .with_context(|| format!("reading the schedule of {} from {week}", site.wm_name))?;

    let names: HashMap<i32, (&str, &str)> = agents
        .object_array
        .iter()
        .map(|a| {
            (
                a.gsw_agent_id,
                (a.gsw_first_name.as_str(), a.gsw_last_name.as_str()),
            )
        })
        .collect();
    let state_names: HashMap<(ESchStateType, i32), &str> = states
        .sch_state_info
        .iter()
        .map(|i| ((i.wm_state_type, i.wm_state_id), i.wm_name.as_str()))
        .collect();

    let mut out: Box<dyn Write> = match &request.out {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("creating {path}"))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let destination = request.out.as_deref().unwrap_or("standard output");
    let write_error = || format!("writing the CSV to {destination}");
    writeln!(
        out,
        "agent_id,first_name,last_name,state,start,end,full_day,paid"
    )
    .with_context(write_error)?;
    for state in &states.sch_agent_state {
        let (first, last) = names.get(&state.gsw_agent_id).copied().unwrap_or_default();
        let name = state_names
            .get(&(state.wm_state_type, state.wm_state_id))
            .copied()
            .unwrap_or_default();
        let from = state.wm_start_date_time.date_time().with_context(|| {
            format!("a state of agent {} has no valid start", state.gsw_agent_id)
        })?;
        let to = state
            .wm_end_date_time
            .date_time()
            .with_context(|| format!("a state of agent {} has no valid end", state.gsw_agent_id))?;
        writeln!(
            out,
            "{},{},{},{},{},{},{},{}",
            state.gsw_agent_id,
            csv_field(first),
            csv_field(last),
            csv_field(name),
            iso_minutes(from),
            iso_minutes(to),
            state.wm_full_day,
            state.wm_paid
        )
        .with_context(write_error)?;
    }
    out.flush().with_context(write_error)?;
    drop(out);

    eprintln!(
        "exported {} states of {} agents at {} ({}), week of {week}, to {destination}",
        states.sch_agent_state.len(),
        agents.object_array.len(),
        site.wm_name,
        site.wm_site_id
    );
    Ok(())
}

/// A CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma, a quote or a
/// line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// `2026-01-05T10:00`, without a zone: OLE dates carry none.
fn iso_minutes(t: PrimitiveDateTime) -> String {
    format!("{}T{:02}:{:02}", t.date(), t.hour(), t.minute())
}

fn this_monday() -> Date {
    let today = OffsetDateTime::now_utc().date();
    today - Duration::days(i64::from(today.weekday().number_days_from_monday()))
}
