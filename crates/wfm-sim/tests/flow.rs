//! The whole cloud flow through the SDK against the simulator, the reads, and concurrency.

#![allow(clippy::unwrap_used, reason = "tests fail loudly")]

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;

use common::{bounded, connect, start};
use time::Duration;
use wfm_runtime::ole_date::{OleDate, to_ole};
use wfm_runtime::{Error, ErrorKind};
use wfm_sdk::constants::{
    ECfgAgentSortMode, ECfgInfoType, ECfgSiteSortMode, ESchSource, ESchStateLayout, ESchStateType,
};
use wfm_sdk::generated::wfm_config_service850::{
    CfgSecurityRoleDetails, CfgSiteDetails, CfgSiteFilter, GetSecurityRole, GetSite,
};
use wfm_sdk::generated::wfm_schedule_service852::{GetAgentState, GetMasterAgent};
use wfm_sdk::session::{CONFIG_SERVICE_850, SCHEDULE_SERVICE_852, SESSION_SERVICE_800};
use wfm_sim::SimConfig;
use wfm_sim::numbering::{INFO_OBJECT_SHORT, STATE_DAYOFF, STATE_SHIFT, STATE_TYPES};

fn roles(info_type: ECfgInfoType, subsystems: bool, ids: Vec<i32>) -> GetSecurityRole {
    GetSecurityRole {
        role_ids: ids,
        ..GetSecurityRole::new(CfgSecurityRoleDetails {
            info_type,
            provide_subsystem_info: subsystems,
        })
    }
}

fn sites(bus: Vec<i32>, ids: Vec<i32>, info_type: ECfgInfoType) -> GetSite {
    GetSite {
        filter: CfgSiteFilter {
            wm_bu_id: bus,
            wm_site_id: ids,
            ..Default::default()
        },
        ..GetSite::new(CfgSiteDetails { info_type })
    }
}

fn master_agents(site_id: i32, ascending: bool, info_type: ECfgInfoType) -> GetMasterAgent {
    GetMasterAgent {
        site_id,
        ascending,
        ..GetMasterAgent::new(
            OleDate::new(0.0),
            OleDate::new(0.0),
            ECfgAgentSortMode::new(0),
            info_type,
        )
    }
}

/// `start` and `end` as OLE numbers, so that the tests can step them by days.
fn agent_states(site_id: i32, start: f64, end: f64, agents: Vec<i32>) -> GetAgentState {
    GetAgentState {
        site_id,
        agents,
        ..GetAgentState::new(
            ESchSource::new(0),
            start.into(),
            end.into(),
            ESchStateLayout::new(0),
        )
    }
}

/// The info type the simulator answers in full (any but its short one).
const INFO_FULL: ECfgInfoType = ECfgInfoType::new(0);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whole_flow_end_to_end() {
    bounded(async {
        let sim = start(SimConfig::default()).await;
        let wfm = connect(&sim, "supervisor").await.unwrap();

        // Bootstrap: userinfo → LocateServer → OpenSession → map.
        let user_id = wfm
            .user_info()
            .and_then(|u| u.user_id.as_ref())
            .and_then(|u| u.as_i32());
        assert_eq!(user_id, Some(501));
        assert_eq!(wfm.login_info().user_id, 501);
        for key in [
            SESSION_SERVICE_800,
            CONFIG_SERVICE_850,
            SCHEDULE_SERVICE_852,
        ] {
            let url = wfm.service_url(key).unwrap();
            assert!(url.starts_with(sim.base_url()), "{key}: {url}");
            assert!(url.contains("?Handler=WFM"), "{key}: {url}");
        }

        // Security roles: all, by id, short.
        let config = wfm.config().unwrap();
        let all = config
            .get_security_role(&roles(INFO_FULL, true, vec![]))
            .await
            .unwrap();
        assert_eq!(all.object_array.len(), 5);
        assert!(all.object_short_array.is_empty());
        assert!(
            all.object_array
                .iter()
                .all(|r| !r.wm_security_role_subsystems.is_empty())
        );
        let one = config
            .get_security_role(&roles(INFO_FULL, false, vec![12]))
            .await
            .unwrap();
        assert_eq!(one.object_array.len(), 1);
        assert_eq!(one.object_array[0].wm_name, "Supervisor");
        assert!(one.object_array[0].wm_security_role_subsystems.is_empty());
        let short = config
            .get_security_role(&roles(INFO_OBJECT_SHORT, false, vec![]))
            .await
            .unwrap();
        assert_eq!(
            (short.object_array.len(), short.object_short_array.len()),
            (0, 5)
        );

        // Sites: all (by name), by business unit, by id.
        let all_sites = config
            .get_site(&sites(vec![], vec![], INFO_FULL))
            .await
            .unwrap();
        let names: Vec<&str> = all_sites
            .object_array
            .iter()
            .map(|s| s.wm_name.as_str())
            .collect();
        assert_eq!(names, ["Chicago", "Dublin", "Manila"]);
        let emea = config
            .get_site(&sites(vec![2], vec![], INFO_FULL))
            .await
            .unwrap();
        assert_eq!(emea.object_array.len(), 1);
        assert_eq!(emea.object_array[0].wm_name, "Dublin");
        let by_id = config
            .get_site(&sites(vec![], vec![103], INFO_OBJECT_SHORT))
            .await
            .unwrap();
        assert_eq!(by_id.object_short_array.len(), 1);
        assert_eq!(by_id.object_short_array[0].wm_name, "Manila");

        // Agents of one site, sorted by name; descending reverses.
        let schedule = wfm.schedule().unwrap();
        let site = all_sites.object_array[0].wm_site_id;
        let agents = schedule
            .get_master_agent(&master_agents(site, true, INFO_FULL))
            .await
            .unwrap();
        assert_eq!(agents.object_array.len(), 17);
        let keys: Vec<_> = agents
            .object_array
            .iter()
            .map(|a| {
                (
                    a.gsw_last_name.clone(),
                    a.gsw_first_name.clone(),
                    a.gsw_agent_id,
                )
            })
            .collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]), "sorted by name");
        let desc = schedule
            .get_master_agent(&master_agents(site, false, INFO_FULL))
            .await
            .unwrap();
        let mut reversed = desc.object_array.clone();
        reversed.reverse();
        assert_eq!(reversed, agents.object_array);
        let everyone = schedule
            .get_master_agent(&master_agents(0, true, INFO_FULL))
            .await
            .unwrap();
        assert_eq!(everyone.object_array.len(), 50);

        // One week of one agent's states.
        let agent = agents.object_array[0].gsw_agent_id;
        let monday = sim.simulator().config().schedule_start;
        let start_ole = to_ole(monday.midnight());
        let end_ole = to_ole((monday + Duration::days(7)).midnight());
        let week = schedule
            .get_agent_state(&agent_states(site, start_ole, end_ole, vec![agent]))
            .await
            .unwrap();
        assert!(week.sch_agent_state.iter().all(|s| s.gsw_agent_id == agent));
        let days: BTreeSet<_> = week
            .sch_agent_state
            .iter()
            .map(|s| s.wm_start_date_time.date_time().unwrap().date())
            .collect();
        assert_eq!(days.len(), 7, "every day of the week has a state");
        let day_offs = week
            .sch_agent_state
            .iter()
            .filter(|s| s.wm_state_type == STATE_DAYOFF)
            .count();
        assert_eq!(day_offs, 2);
        assert!(
            week.sch_agent_state
                .iter()
                .any(|s| s.wm_state_type == STATE_SHIFT)
        );
        let known: Vec<ESchStateType> = STATE_TYPES.iter().map(|(t, _)| *t).collect();
        assert!(
            week.sch_agent_state
                .iter()
                .all(|s| known.contains(&s.wm_state_type))
        );
        for s in &week.sch_agent_state {
            assert!(s.wm_start_date_time < s.wm_end_date_time);
            assert!(
                week.sch_state_info
                    .iter()
                    .any(|i| i.wm_state_type == s.wm_state_type && i.wm_state_id == s.wm_state_id),
                "every state has its definition in schStateInfo"
            );
        }

        // Filter by state type.
        let mut only_off = agent_states(site, start_ole, end_ole, vec![agent]);
        only_off.state_types = vec![STATE_DAYOFF];
        let offs = schedule.get_agent_state(&only_off).await.unwrap();
        assert_eq!(offs.sch_agent_state.len(), 2);

        // The whole site for a day; outside the horizon nothing.
        let site_day = schedule
            .get_agent_state(&agent_states(site, start_ole, start_ole + 1.0, vec![]))
            .await
            .unwrap();
        let agents_seen: BTreeSet<i32> = site_day
            .sch_agent_state
            .iter()
            .map(|s| s.gsw_agent_id)
            .collect();
        assert_eq!(agents_seen.len(), 17);
        let before = schedule
            .get_agent_state(&agent_states(
                site,
                start_ole - 30.0,
                start_ole - 1.0,
                vec![],
            ))
            .await
            .unwrap();
        assert!(before.sch_agent_state.is_empty());

        // An unknown site is an ATL Server fault.
        match schedule
            .get_agent_state(&agent_states(999, start_ole, end_ole, vec![]))
            .await
            .map_err(Error::into_kind)
        {
            Err(ErrorKind::Fault(fault)) => {
                assert_eq!(fault.code.local_name, "Server");
                assert_eq!(fault.string, "SOAP Server Application Faulted");
                assert!(fault.detail.as_deref().unwrap_or("").contains("Site 999"));
            }
            other => panic!("expected a Server fault, got {other:?}"),
        }

        wfm.close().await.unwrap();
        sim.shutdown().await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_seed_determines_the_data() {
    bounded(async {
        let mut listings = Vec::new();
        for seed in [7, 7, 8] {
            let sim = start(SimConfig {
                seed,
                ..SimConfig::default()
            })
            .await;
            let wfm = connect(&sim, "agent").await.unwrap();
            let agents = wfm
                .schedule()
                .unwrap()
                .get_master_agent(&master_agents(0, true, INFO_FULL))
                .await
                .unwrap();
            let start_ole = sim.simulator().schedule_start_ole();
            let states = wfm
                .schedule()
                .unwrap()
                .get_agent_state(&agent_states(0, start_ole, start_ole + 14.0, vec![]))
                .await
                .unwrap();
            listings.push((agents, states));
            wfm.close().await.unwrap();
        }
        assert_eq!(listings[0], listings[1]);
        assert_ne!(listings[0].0, listings[2].0);
        assert_ne!(listings[0].1, listings[2].1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_site() {
    bounded(async {
        let sim = start(SimConfig {
            agents: 5_000,
            sites: 1,
            ..SimConfig::default()
        })
        .await;
        let wfm = connect(&sim, "supervisor").await.unwrap();
        let schedule = wfm.schedule().unwrap();
        let agents = schedule
            .get_master_agent(&master_agents(101, true, INFO_FULL))
            .await
            .unwrap();
        assert_eq!(agents.object_array.len(), 5_000);
        let start_ole = sim.simulator().schedule_start_ole();
        let week = schedule
            .get_agent_state(&agent_states(101, start_ole, start_ole + 7.0, vec![]))
            .await
            .unwrap();
        let agents_seen: BTreeSet<i32> = week
            .sch_agent_state
            .iter()
            .map(|s| s.gsw_agent_id)
            .collect();
        assert_eq!(agents_seen.len(), 5_000);
        assert!(week.sch_agent_state.len() > 5_000 * 7);
        wfm.close().await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_callers_share_one_client() {
    bounded(async {
        let sim = start(SimConfig::default()).await;
        let wfm = Arc::new(connect(&sim, "supervisor").await.unwrap());
        let start_ole = sim.simulator().schedule_start_ole();
        let all = wfm
            .schedule()
            .unwrap()
            .get_master_agent(&master_agents(0, true, INFO_FULL))
            .await
            .unwrap();
        let ids: Vec<i32> = all.object_array.iter().map(|a| a.gsw_agent_id).collect();
        // The expected answers, one at a time.
        let mut expected = Vec::new();
        for id in ids.iter().take(16) {
            let one = wfm
                .schedule()
                .unwrap()
                .get_agent_state(&agent_states(0, start_ole, start_ole + 7.0, vec![*id]))
                .await
                .unwrap();
            expected.push(one);
        }
        let expected = Arc::new(expected);
        let mut tasks = Vec::new();
        for caller in 0..64usize {
            let wfm = wfm.clone();
            let ids = ids.clone();
            let expected = expected.clone();
            tasks.push(tokio::spawn(async move {
                for round in 0..5usize {
                    let which = (caller + round) % 16;
                    let got = wfm
                        .schedule()?
                        .get_agent_state(&agent_states(
                            0,
                            start_ole,
                            start_ole + 7.0,
                            vec![ids[which]],
                        ))
                        .await?;
                    assert_eq!(got, expected[which]);
                    let roles = wfm
                        .config()?
                        .get_security_role(&roles(INFO_FULL, false, vec![]))
                        .await?;
                    assert_eq!(roles.object_array.len(), 5);
                }
                Ok::<_, Error>(())
            }));
        }
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        let wfm = Arc::into_inner(wfm).unwrap();
        wfm.close().await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_7x_services() {
    use wfm_sdk::generated::wfm_config_service712::GetSite as GetSite712;
    use wfm_sdk::generated::wfm_locator_service::{LocateServer700, WfmLocatorServiceSoapClient};
    use wfm_sdk::generated::wfm_schedule_service712 as s712;
    use wfm_sdk::generated::wfm_session_service700::{
        CloseSession, OpenSession, WfmSessionService700SoapClient,
    };

    bounded(async {
        let sim = start(SimConfig::default()).await;
        let wfm = connect(&sim, "supervisor").await.unwrap();
        let client = wfm.transport().clone();

        // 7.x bootstrap: LocateServer700 → OpenSession (700) → the same map.
        let locator = WfmLocatorServiceSoapClient::new(
            client.clone(),
            format!("{}/?Handler=WFMLocatorService", sim.base_url()),
        );
        let location = locator
            .locate_server700(&LocateServer700 {
                service_name: "SessionService700".into(),
                app_name: "tests".into(),
                user_id: 501,
                arg4: None,
            })
            .await
            .unwrap();
        assert!(
            location
                .session_service_url
                .ends_with("?Handler=WFMSessionService700")
        );
        let session = WfmSessionService700SoapClient::new(client, location.session_service_url);
        let info = session
            .open_session(&OpenSession {
                app_name: "tests".into(),
                user_id: 501,
            })
            .await
            .unwrap();
        let names: Vec<&str> = info
            .services
            .iter()
            .map(|s| s.service_name.as_str())
            .collect();
        for key in [
            "SessionService700",
            "ConfigService712",
            "ScheduleService712",
        ] {
            assert!(names.contains(&key), "{key} not in {names:?}");
        }
        session.close_session(&CloseSession {}).await.unwrap();

        // Config 7.1 GetSite and Schedule 7.1 answer as their 8.5 counterparts.
        let sites = wfm
            .config712()
            .unwrap()
            .get_site(&GetSite712::new(ECfgSiteSortMode::new(0), INFO_FULL))
            .await
            .unwrap();
        let names: Vec<&str> = sites
            .object_array
            .iter()
            .map(|s| s.wm_name.as_str())
            .collect();
        assert_eq!(names, ["Manila", "Dublin", "Chicago"]);
        let start_ole = sim.simulator().schedule_start_ole();
        let new = wfm
            .schedule()
            .unwrap()
            .get_agent_state(&agent_states(102, start_ole, start_ole + 7.0, vec![]))
            .await
            .unwrap();
        let q = agent_states(102, start_ole, start_ole + 7.0, vec![]);
        let old = wfm
            .schedule712()
            .unwrap()
            .get_agent_state(&s712::GetAgentState {
                source: q.source,
                scenario_id: q.scenario_id,
                site_id: q.site_id,
                start: q.start,
                end: q.end,
                teams: q.teams,
                agents: q.agents,
                state_types: q.state_types,
                state_ids: q.state_ids,
                state_groups: q.state_groups,
                layout: q.layout,
                arg12: q.arg12,
            })
            .await
            .unwrap();
        assert_eq!(old.sch_agent_state.len(), new.sch_agent_state.len());
        assert!(
            old.sch_agent_state
                .iter()
                .zip(&new.sch_agent_state)
                .all(|(a, b)| a.gsw_agent_id == b.gsw_agent_id
                    && a.wm_start_date_time == b.wm_start_date_time
                    && a.wm_state_type == b.wm_state_type)
        );
        wfm.close().await.unwrap();
    })
    .await;
}
