//! The seeded organisation: business units, sites, teams, agents, security roles, users, and
//! the schedule, all derived from one seed.
//!
//! Ids live in separate ranges so that a wrong id in a request never finds an object by
//! accident: business units `1..`, security roles `11..`, sites `101..`, teams `1001..`,
//! users `500..`, agents `100001..`.

use std::collections::BTreeMap;

use time::{Date, Month, Weekday};
use wfm_sdk::constants::ESchStateType;
use wfm_sdk::generated::wfm_config_service850::{CfgUser, CfgUserSecurity};

use crate::numbering::{
    STATE_BREAK, STATE_DAYOFF, STATE_EXCEPTION, STATE_MEAL, STATE_SHIFT, STATE_TIMEOFF,
};
use crate::rng::SplitMix64;

/// A business unit.
#[derive(Debug, Clone, PartialEq)]
pub struct BusinessUnit {
    /// Its id.
    pub id: i32,
    /// Its name.
    pub name: String,
}

/// A site, in one business unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// Its id.
    pub id: i32,
    /// Its name (a city).
    pub name: String,
    /// The business unit it belongs to.
    pub bu_id: i32,
}

/// A team, at one site.
#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    /// Its id.
    pub id: i32,
    /// Its name.
    pub name: String,
    /// The site it belongs to.
    pub site_id: i32,
}

/// An agent, at one site and in one team.
#[derive(Debug, Clone, PartialEq)]
pub struct Agent {
    /// Its id (`gswAgentId`).
    pub id: i32,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Its site.
    pub site_id: i32,
    /// Its team.
    pub team_id: i32,
    /// Weekday (0 = Monday) of the first of its two consecutive days off.
    pub first_day_off: u8,
    /// Its usual shift start, in minutes after midnight.
    pub shift_start_minute: u32,
}

/// A security role.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityRole {
    /// Its id.
    pub id: i32,
    /// Its name.
    pub name: String,
    /// The (simulator-numbered) subsystems it grants.
    pub subsystems: Vec<i32>,
}

/// The accounts every simulator has: GAuth users and their WFM user ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Account {
    /// GAuth user name.
    pub user_name: &'static str,
    /// GAuth password.
    pub password: &'static str,
    /// The WFM user id (`None`: a GAuth user who is not provisioned in WFM).
    pub wfm_user_id: Option<i32>,
    /// The Configuration Server DBID GAuth reports.
    pub dbid: i64,
}

/// The OAuth client id GAuth accepts.
pub const CLIENT_ID: &str = "sim-client";
/// The OAuth client secret GAuth accepts.
pub const CLIENT_SECRET: &str = "sim-secret";
/// The WFM user id of the `client_credentials` principal (user `wfm.api`).
pub const API_USER_ID: i32 = 500;
/// WFM user id of `supervisor`.
pub const SUPERVISOR_USER_ID: i32 = 501;
/// WFM user id of `agent`.
pub const AGENT_USER_ID: i32 = 502;

/// The GAuth users: `supervisor`/`supervisor` and `agent`/`agent` (provisioned in WFM) and
/// `stranger`/`stranger` (a GAuth user not provisioned in WFM).
pub const ACCOUNTS: [Account; 3] = [
    Account {
        user_name: "supervisor",
        password: "supervisor",
        wfm_user_id: Some(SUPERVISOR_USER_ID),
        dbid: 101,
    },
    Account {
        user_name: "agent",
        password: "agent",
        wfm_user_id: Some(AGENT_USER_ID),
        dbid: 102,
    },
    Account {
        user_name: "stranger",
        password: "stranger",
        wfm_user_id: None,
        dbid: 103,
    },
];

/// Security role ids of the seeded roles.
const ROLE_ADMIN: i32 = 11;
const ROLE_SUPERVISOR: i32 = 12;
const ROLE_SCHEDULER: i32 = 13;
const ROLE_AGENT: i32 = 14;

const FIRST_NAMES: [&str; 32] = [
    "Ada", "Ben", "Chloe", "Dmitri", "Elena", "Femi", "Grace", "Hiro", "Ines", "Jonas", "Kavya",
    "Liam", "Maya", "Nikolai", "Olivia", "Pedro", "Quinn", "Rosa", "Samir", "Tara", "Umar", "Vera",
    "Wei", "Ximena", "Yusuf", "Zoe", "Aoife", "Bruno", "Carmen", "Dev", "Eva", "Felix",
];
const LAST_NAMES: [&str; 32] = [
    "Abbott", "Becker", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hughes", "Ivanova",
    "Jensen", "Kowalski", "Lopez", "Murphy", "Nakamura", "Okafor", "Petrov", "Quinlan", "Rossi",
    "Silva", "Tanaka", "Ueda", "Varga", "Walsh", "Xu", "Yilmaz", "Zimmer", "Andersen", "Byrne",
    "Chen", "Dalton", "Evans", "Ferreira",
];
/// Site names with their business unit (index into [`BUSINESS_UNITS`]), interleaved.
const SITES: [(&str, usize); 12] = [
    ("Chicago", 0),
    ("Dublin", 1),
    ("Manila", 2),
    ("Toronto", 0),
    ("Lisbon", 1),
    ("Sydney", 2),
    ("Austin", 0),
    ("Krakow", 1),
    ("Singapore", 2),
    ("Denver", 0),
    ("Manchester", 1),
    ("Auckland", 2),
];
const BUSINESS_UNITS: [&str; 3] = ["Americas", "EMEA", "APAC"];
const TEAM_NAMES: [&str; 12] = [
    "Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliet",
    "Kilo", "Lima",
];

/// Stream ids for [`SplitMix64::derive`].
const STREAM_AGENT: u64 = 1;
const STREAM_USER: u64 = 2;
const STREAM_DAY: u64 = 3;

/// The simulator's configuration objects. Config writes change `users`.
#[derive(Debug, Clone)]
pub struct Org {
    /// Business units, by id.
    pub business_units: Vec<BusinessUnit>,
    /// Sites, by id.
    pub sites: Vec<Site>,
    /// Teams, by id.
    pub teams: Vec<Team>,
    /// Agents, by id.
    pub agents: Vec<Agent>,
    /// Security roles, by id.
    pub security_roles: Vec<SecurityRole>,
    /// WFM users, by id.
    pub users: BTreeMap<i32, CfgUser>,
    next_user_id: i32,
    next_timestamp: i64,
}

impl Org {
    /// The organisation for `seed` with `agents` agents spread over `sites` sites (at least
    /// one of each).
    pub fn generate(seed: u64, agents: usize, sites: usize) -> Org {
        let sites_n = sites.max(1);
        let agents_n = agents.max(1);
        let business_units: Vec<BusinessUnit> = BUSINESS_UNITS
            .iter()
            .take(sites_n.min(BUSINESS_UNITS.len()))
            .enumerate()
            .map(|(i, name)| BusinessUnit {
                id: i as i32 + 1,
                name: (*name).to_owned(),
            })
            .collect();
        let sites: Vec<Site> = (0..sites_n)
            .map(|i| {
                let (city, bu) = SITES[i % SITES.len()];
                let round = i / SITES.len();
                Site {
                    id: 101 + i as i32,
                    name: if round == 0 {
                        city.to_owned()
                    } else {
                        format!("{city} {}", round + 1)
                    },
                    bu_id: business_units[bu % business_units.len()].id,
                }
            })
            .collect();

        // Agents go round-robin over the sites; teams of about 12 per site.
        let mut teams = Vec::new();
        let mut team_ids_per_site: Vec<Vec<i32>> = Vec::new();
        for (s, site) in sites.iter().enumerate() {
            let in_site = agents_n / sites_n + usize::from(s < agents_n % sites_n);
            let count = in_site.div_ceil(12).clamp(1, 60);
            let mut ids = Vec::with_capacity(count);
            for t in 0..count {
                let id = 1001 + teams.len() as i32;
                let base = TEAM_NAMES[t % TEAM_NAMES.len()];
                let name = match t / TEAM_NAMES.len() {
                    0 => format!("{} {base}", site.name),
                    round => format!("{} {base} {}", site.name, round + 1),
                };
                teams.push(Team {
                    id,
                    name,
                    site_id: site.id,
                });
                ids.push(id);
            }
            team_ids_per_site.push(ids);
        }
        let agents: Vec<Agent> = (0..agents_n)
            .map(|i| {
                let id = 100_001 + i as i32;
                let mut rng = SplitMix64::derive(seed, STREAM_AGENT, id as u64);
                let site_index = i % sites_n;
                let index_in_site = i / sites_n;
                let site_teams = &team_ids_per_site[site_index];
                let first_day_off = if rng.chance(70) {
                    5
                } else {
                    rng.below(7) as u8
                };
                Agent {
                    id,
                    first_name: (*rng.pick(&FIRST_NAMES)).to_owned(),
                    last_name: (*rng.pick(&LAST_NAMES)).to_owned(),
                    site_id: sites[site_index].id,
                    team_id: site_teams[index_in_site % site_teams.len()],
                    first_day_off,
                    shift_start_minute: 7 * 60 + 30 * rng.below(7) as u32,
                }
            })
            .collect();

        let security_roles = vec![
            SecurityRole {
                id: ROLE_ADMIN,
                name: "Administrator".into(),
                subsystems: (1..=8).collect(),
            },
            SecurityRole {
                id: ROLE_SUPERVISOR,
                name: "Supervisor".into(),
                subsystems: vec![1, 2, 3, 5, 6],
            },
            SecurityRole {
                id: ROLE_SCHEDULER,
                name: "Scheduler".into(),
                subsystems: vec![2, 3, 4],
            },
            SecurityRole {
                id: ROLE_AGENT,
                name: "Agent".into(),
                subsystems: vec![7],
            },
            SecurityRole {
                id: 15,
                name: "Read only".into(),
                subsystems: vec![1],
            },
        ];

        let mut org = Org {
            business_units,
            sites,
            teams,
            agents,
            security_roles,
            users: BTreeMap::new(),
            next_user_id: API_USER_ID,
            next_timestamp: 1,
        };
        let builtin = [
            ("wfm.api", "WFM", "API", ROLE_ADMIN),
            ("supervisor", "Sam", "Supervisor", ROLE_SUPERVISOR),
            ("agent", "Alex", "Agent", ROLE_AGENT),
        ];
        for (login, first, last, role) in builtin {
            org.add_seeded_user(login, first, last, role);
        }
        for i in 0..5u64 {
            let mut rng = SplitMix64::derive(seed, STREAM_USER, i);
            let first = *rng.pick(&FIRST_NAMES);
            let last = *rng.pick(&LAST_NAMES);
            let login = format!(
                "{}{}{}",
                first[..1].to_lowercase(),
                last.to_lowercase(),
                i + 1
            );
            org.add_seeded_user(&login, first, last, ROLE_SCHEDULER);
        }
        org
    }

    fn add_seeded_user(&mut self, login: &str, first: &str, last: &str, role: i32) {
        let id = self.next_user_id;
        let user = CfgUser {
            gsw_user_id: id,
            wm_user: login.to_owned(),
            wm_timezone_id: 1,
            wm_builder_id: 0,
            wm_security_role_id: role,
            gsw_first_name: first.to_owned(),
            gsw_last_name: last.to_owned(),
            gsw_email: format!("{login}@sim.example"),
            gsw_tenant_id: 1,
            wm_user_security: self.security_for(role),
            timestamp: 0,
        };
        self.store_user(user);
    }

    fn security_for(&self, role_id: i32) -> Vec<CfgUserSecurity> {
        self.role(role_id)
            .map(|r| {
                r.subsystems
                    .iter()
                    .map(|&wm_subsystem_id| CfgUserSecurity { wm_subsystem_id })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Stores `user` under its id with a fresh timestamp.
    fn store_user(&mut self, mut user: CfgUser) -> i32 {
        user.timestamp = self.next_timestamp;
        self.next_timestamp += 1;
        let id = user.gsw_user_id;
        self.next_user_id = self.next_user_id.max(id.saturating_add(1));
        self.users.insert(id, user);
        id
    }

    /// The security role `id`.
    pub fn role(&self, id: i32) -> Option<&SecurityRole> {
        self.security_roles.iter().find(|r| r.id == id)
    }

    /// The site `id`.
    pub fn site(&self, id: i32) -> Option<&Site> {
        self.sites.iter().find(|s| s.id == id)
    }

    fn name_taken(&self, name: &str, except_id: Option<i32>) -> bool {
        self.users
            .values()
            .any(|u| Some(u.gsw_user_id) != except_id && u.wm_user.eq_ignore_ascii_case(name))
    }

    /// `InsertUser`: validates and stores a new user. A `gsw_user_id` of 0 or less asks the
    /// simulator to choose the id.
    pub fn insert_user(&mut self, mut user: CfgUser) -> Validation {
        let mut v = Validation::default();
        let name = self.check_user_name(&user, None, &mut v);
        if user.gsw_user_id > 0 && self.users.contains_key(&user.gsw_user_id) {
            v.error(format!(
                "A user with ID {} already exists.",
                user.gsw_user_id
            ));
        }
        self.check_user_role_and_email(&user, &mut v);
        if v.has_errors() {
            return v;
        }
        if user.gsw_user_id <= 0 {
            user.gsw_user_id = self.next_user_id;
        }
        self.save_user(user, name, v)
    }

    /// `UpdateUser`: validates and replaces an existing user. A non-zero `timestamp` must equal
    /// the stored one (optimistic locking); 0 skips the check.
    pub fn update_user(&mut self, user: CfgUser) -> Validation {
        let mut v = Validation::default();
        let id = user.gsw_user_id;
        let Some(stored) = self.users.get(&id) else {
            v.error(format!("User {id} does not exist."));
            return v;
        };
        if user.timestamp != 0 && user.timestamp != stored.timestamp {
            v.error(format!(
                "User {id} was changed by someone else (timestamp {} , now {}).",
                user.timestamp, stored.timestamp
            ));
        }
        let name = self.check_user_name(&user, Some(id), &mut v);
        self.check_user_role_and_email(&user, &mut v);
        if v.has_errors() {
            return v;
        }
        self.save_user(user, name, v)
    }

    /// Checks the user's name (not empty, not taken by another user than `except_id`) and
    /// returns it trimmed.
    fn check_user_name(
        &self,
        user: &CfgUser,
        except_id: Option<i32>,
        v: &mut Validation,
    ) -> String {
        let name = user.wm_user.trim().to_owned();
        if name.is_empty() {
            v.error("The user name is empty.");
        } else if self.name_taken(&name, except_id) {
            v.error(format!("A user named '{name}' already exists."));
        }
        name
    }

    /// Checks that the user's security role exists, and warns about a missing e-mail.
    fn check_user_role_and_email(&self, user: &CfgUser, v: &mut Validation) {
        if self.role(user.wm_security_role_id).is_none() {
            v.error(format!(
                "Security role {} does not exist.",
                user.wm_security_role_id
            ));
        }
        if user.gsw_email.trim().is_empty() {
            v.warning("The user has no e-mail address.");
        }
    }

    /// Stores a validated user under its trimmed `name`, with its role's subsystems when it
    /// names none.
    fn save_user(&mut self, mut user: CfgUser, name: String, mut v: Validation) -> Validation {
        user.wm_user = name;
        if user.wm_user_security.is_empty() {
            user.wm_user_security = self.security_for(user.wm_security_role_id);
        }
        v.object_id = self.store_user(user);
        v
    }

    /// `DeleteCfgObject` for a user.
    pub fn delete_user(&mut self, id: i32) -> Validation {
        let mut v = Validation::default();
        if (API_USER_ID..=AGENT_USER_ID).contains(&id) {
            v.error(format!(
                "User {id} is a built-in simulator account and cannot be deleted."
            ));
        } else if self.users.remove(&id).is_none() {
            v.error(format!("User {id} does not exist."));
        } else {
            v.object_id = id;
        }
        v
    }
}

/// The outcome of a config write, turned into a `CfgValidationHolder`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Validation {
    /// Business errors; the write did not happen when there are any.
    pub errors: Vec<String>,
    /// Warnings; the write happened.
    pub warnings: Vec<String>,
    /// The id of the written object (0 when the write failed).
    pub object_id: i32,
}

impl Validation {
    fn error(&mut self, message: impl Into<String>) {
        self.errors.push(message.into());
    }
    fn warning(&mut self, message: impl Into<String>) {
        self.warnings.push(message.into());
    }
    /// Whether any business error was found.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
}

// ---------------------------------------------------------------------------------------------
// The schedule

/// A state of the committed schedule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScheduledState {
    /// The agent.
    pub agent_id: i32,
    /// Its type, in the simulator's numbering ([`crate::numbering`]).
    pub state_type: ESchStateType,
    /// The id of the state definition (see [`STATE_DEFINITIONS`]).
    pub state_id: i32,
    /// Start, as an OLE date.
    pub start: f64,
    /// End, as an OLE date.
    pub end: f64,
    /// Whether it covers the whole day.
    pub full_day: bool,
    /// Whether it is paid time.
    pub paid: bool,
}

/// The simulator's state definitions: (type, id, name). States refer to them by id.
pub const STATE_DEFINITIONS: [(ESchStateType, i32, &str); 8] = [
    (STATE_SHIFT, 1, "Day shift"),
    (STATE_BREAK, 11, "Break"),
    (STATE_MEAL, 21, "Lunch"),
    (STATE_EXCEPTION, 31, "Team meeting"),
    (STATE_EXCEPTION, 32, "Coaching"),
    (STATE_TIMEOFF, 41, "Vacation"),
    (STATE_TIMEOFF, 42, "Sick leave"),
    (STATE_DAYOFF, 51, "Day off"),
];

/// The OLE day number (days since 1899-12-30) of `date`.
pub fn ole_day(date: Date) -> i64 {
    let epoch = Date::from_calendar_date(1899, Month::December, 30)
        .map(Date::to_julian_day)
        .unwrap_or(2_415_019);
    i64::from(date.to_julian_day() - epoch)
}

/// The committed schedule of `agent` on the day `day` (an OLE day number), `weekday` being
/// that day's weekday. Deterministic in `(seed, agent, day)`.
pub fn agent_day(seed: u64, agent: &Agent, day: i64, weekday: Weekday) -> Vec<ScheduledState> {
    let d = day as f64;
    let at = |minute: u32| d + f64::from(minute) / 1440.0;
    let state = |state_type, state_id, start, end, full_day, paid| ScheduledState {
        agent_id: agent.id,
        state_type,
        state_id,
        start,
        end,
        full_day,
        paid,
    };
    let weekday_index = weekday.number_days_from_monday();
    let off = (weekday_index + 7 - agent.first_day_off) % 7 < 2;
    if off {
        return vec![state(STATE_DAYOFF, 51, d, d + 1.0, true, false)];
    }
    let mut rng = SplitMix64::derive(
        seed,
        STREAM_DAY,
        (agent.id as u64) << 32 ^ (day as u64 & 0xffff_ffff),
    );
    if rng.chance(4) {
        let id = if rng.chance(60) { 41 } else { 42 };
        return vec![state(STATE_TIMEOFF, id, d, d + 1.0, true, true)];
    }
    let mut start = agent.shift_start_minute;
    if rng.chance(25) {
        start = if rng.chance(50) {
            start + 30
        } else {
            start - 30
        };
    }
    let end = start + 8 * 60 + 30;
    let mut states = vec![
        state(STATE_SHIFT, 1, at(start), at(end), false, true),
        state(
            STATE_BREAK,
            11,
            at(start + 120),
            at(start + 135),
            false,
            true,
        ),
        state(
            STATE_MEAL,
            21,
            at(start + 240),
            at(start + 270),
            false,
            false,
        ),
        state(
            STATE_BREAK,
            11,
            at(start + 390),
            at(start + 405),
            false,
            true,
        ),
    ];
    if rng.chance(12) {
        let (id, from, minutes) = if rng.chance(50) {
            (31, 300, 60)
        } else {
            (32, 150, 30)
        };
        states.push(state(
            STATE_EXCEPTION,
            id,
            at(start + from),
            at(start + from + minutes),
            false,
            true,
        ));
    }
    states.sort_by(|a, b| a.start.total_cmp(&b.start));
    states
}

/// A `YYYY-MM-DD` date (the simulator's `--schedule-start`, the quickstart's week).
pub fn parse_date(text: &str) -> Option<Date> {
    let mut parts = text.splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    Date::from_calendar_date(year, month.try_into().ok()?, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_org() {
        let a = Org::generate(7, 50, 3);
        let b = Org::generate(7, 50, 3);
        assert_eq!(a.agents, b.agents);
        assert_eq!(a.users, b.users);
        assert_ne!(a.agents, Org::generate(8, 50, 3).agents);
        assert_eq!(a.agents.len(), 50);
        assert_eq!(a.sites.len(), 3);
        assert!(a.agents.iter().all(|x| a.site(x.site_id).is_some()));
    }

    #[test]
    fn ole_day_matches_the_runtime() {
        let date = Date::from_calendar_date(2026, Month::January, 5).expect("date");
        let ole = wfm_runtime::ole_date::to_ole(date.midnight());
        assert_eq!(ole_day(date) as f64, ole);
    }

    #[test]
    fn a_working_day_has_a_shift_with_breaks_inside() {
        let org = Org::generate(7, 20, 1);
        let agent = &org.agents[0];
        let monday = Date::from_calendar_date(2026, Month::January, 5).expect("date");
        let mut seen_shift = false;
        for offset in 0..28 {
            let date = monday + time::Duration::days(offset);
            let states = agent_day(7, agent, ole_day(date), date.weekday());
            assert!(!states.is_empty());
            if let Some(shift) = states.iter().find(|s| s.state_type == STATE_SHIFT) {
                seen_shift = true;
                assert!(
                    states
                        .iter()
                        .all(|s| s.start >= shift.start && s.end <= shift.end)
                );
            }
        }
        assert!(seen_shift);
    }
}
