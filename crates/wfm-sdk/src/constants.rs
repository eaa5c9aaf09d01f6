//! The WFM `E*` constant groups, as open `i32` newtypes with **no named values**.
//!
//! # Why there are no named constants
//!
//! Genesys' WFM API defines its enumerations (`ECfgSortMode`, `ECfgInfoType`, `ESchStateType`,
//! …) as plain `int` constants, not as enumerations: the public Java clients use them in
//! `new int[]{...}` literals and as `case` labels of a `switch` on an `int`, and on the wire they
//! are `xsd:int` (`s:int` in the WSDLs), not ATL string enumerations (wfm-api-facts §4, evidence
//! E8). Public sources show the **member names** only: **the numeric value of every member is
//! UNKNOWN** (it lives in Genesys' non-public API documentation package, `WFM_API_docs_85.zip`).
//!
//! So this module does not guess. Each group is an *open* newtype over `i32`: every `i32` is a
//! valid value and round-trips unchanged (through [`From`]/[`Into`], [`serde`] and
//! [`Display`](fmt::Display)); the rustdoc of each type lists the member names seen in public
//! code, with the evidence key (E3, E5, E8 as defined in wfm-api-facts §0), and **no associated
//! constants**. Take the number from your official WFM API documentation or from observed
//! traffic of a working client.
//!
//! # Sort modes: one newtype per object type
//!
//! In the Java clients the sort modes nest one class per object type (`ECfgSortMode.Site`,
//! `ECfgSortMode.Agent`, `ECfgSortMode.SecurityRole`; facts §4). Each nested class is its own
//! numbering space, so a site sort mode means nothing to an agent query. They are therefore
//! separate newtypes here: [`ECfgSiteSortMode`], [`ECfgAgentSortMode`],
//! [`ECfgSecurityRoleSortMode`]. The type names the object, which keeps the member list of each
//! type short and makes passing a site sort mode to an agent query stand out in review. For an
//! object type without evidence (teams, business units, …) there is no newtype yet: pass the
//! `i32` directly.
//!
//! # Mapping to the generated types
//!
//! The WSDLs keep WFM's plain `s:int` (so a user's official WSDL regenerates unchanged); the
//! type overrides in `wsdl/codegen.toml` give the generated fields these newtypes, which read
//! and write the same `s:int` (through [`XmlScalar`]):
//!
//! | Generated field | Group |
//! |---|---|
//! | `wfm_config_service850::CfgSecurityRoleDetails::info_type`, `CfgSiteDetails::info_type` | [`ECfgInfoType`] |
//! | `wfm_config_service850::DeleteCfgObject::object_type` | [`ECfgObjectType`] |
//! | `wfm_config_service712::GetSite::sort_mode` / `info_type` | [`ECfgSiteSortMode`] / [`ECfgInfoType`] |
//! | `wfm_schedule_service712::GetMasterAgent::sort_mode` / `info_type` | [`ECfgAgentSortMode`] / [`ECfgInfoType`] |
//! | `wfm_schedule_service712::GetAgentState::source` | [`ESchSource`] |
//! | `wfm_schedule_service712::GetAgentState::state_types` (`Vec`) | [`ESchStateType`] |
//! | `wfm_schedule_service712::GetAgentState::layout` | [`ESchStateLayout`] |
//! | `wfm_schedule_service712::SchAgentState::wm_state_type`, `SchStateInfo::wm_state_type` | [`ESchStateType`] |
//!
//! (The `wfm_schedule_service852` copies have the same fields.) One field stays `i32`:
//! `wfm_config_service850::CfgSortMode::sort_mode`, which `GetSecurityRole` and `GetSite`
//! share for sort modes of different objects ([`ECfgSecurityRoleSortMode`] and
//! [`ECfgSiteSortMode`]); convert with `.into()`. No newtype has a `Default` (0 is not known
//! to be a member), so the requests holding one take it in their `new`:
//!
//! ```
//! use wfm_sdk::constants::{ECfgSecurityRoleSortMode, ESchSource, ESchStateLayout, ESchStateType};
//! use wfm_sdk::generated::wfm_config_service850::CfgSortMode;
//! use wfm_sdk::generated::wfm_schedule_service852::GetAgentState;
//! use wfm_runtime::ole_date::OleDate;
//!
//! /// The numbers are taken from the official WFM documentation.
//! fn build(sort_none: i32, source: i32, layout: i32, wanted: &[i32]) -> (CfgSortMode, GetAgentState) {
//!     let week = OleDate::new(46_027.0);
//!     let request = GetAgentState {
//!         state_types: wanted.iter().copied().map(ESchStateType::new).collect(),
//!         ..GetAgentState::new(
//!             ESchSource::new(source),
//!             week,
//!             OleDate::new(week.value() + 7.0),
//!             ESchStateLayout::new(layout),
//!         )
//!     };
//!     (CfgSortMode { sort_mode: ECfgSecurityRoleSortMode::new(sort_none).into() }, request)
//! }
//! # let _ = build;
//! ```
//!
//! # Adding a named constant once a value is evidenced
//!
//! Only when a member's number is shown by a source (the official documentation or WSDL
//! package, a packet capture of a working client, a server response), and never by guesswork:
//!
//! 1. Record the value and its source in `wfm-api-facts.md` §4 first (facts "How to use this",
//!    item 10), with a new evidence key if the source is new.
//! 2. Add an associated constant to the newtype, citing that evidence in its doc, e.g.
//!    `/// Evidence: <key> (<source>). pub const SCH_STATE_SHIFT: Self = Self(<number>);`,
//!    keeping the Java member name.
//! 3. Remove the member from the type's "numeric value unknown" list, and add a unit test that
//!    pins the number to its evidence.

use core::fmt;

use soap_runtime::xml::XmlScalar;

/// Declares one open `i32` newtype with its conversions and `Display`.
macro_rules! open_i32_newtype {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(
            Clone,
            Copy,
            Debug,
            PartialEq,
            Eq,
            Hash,
            PartialOrd,
            Ord,
            serde::Serialize,
            serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub i32);

        impl $name {
            /// Wraps a raw wire value; every `i32` is accepted unchanged.
            #[must_use]
            pub const fn new(value: i32) -> Self {
                Self(value)
            }

            /// The raw wire value (the `s:int` sent or received).
            #[must_use]
            pub const fn value(self) -> i32 {
                self.0
            }
        }

        impl From<i32> for $name {
            fn from(value: i32) -> Self {
                Self(value)
            }
        }

        impl From<$name> for i32 {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        /// Writes the bare number, as on the wire.
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        /// The `s:int` lexical form, as a bare `i32` is read and written (the generated
        /// fields of this type are `wsdl/codegen.toml` overrides).
        impl XmlScalar for $name {
            const XSD_TYPE: &'static str = concat!("xs:int (", stringify!($name), ")");

            fn write_lexical(&self, out: &mut Vec<u8>) {
                self.0.write_lexical(out);
            }

            fn parse_lexical(text: &str) -> Option<Self> {
                i32::parse_lexical(text).map(Self)
            }
        }
    };
}

open_i32_newtype! {
    /// `ECfgSortMode.Site`: how a site query sorts its results (`s:int` on the wire).
    ///
    /// Known member names (Java nested class `ECfgSortMode.Site`):
    ///
    /// | Member | Evidence |
    /// |---|---|
    /// | `CFG_SITE_SORT_NAME` | E8 (7.x `GetSite`) |
    ///
    /// **The numeric values are UNKNOWN** (not public; wfm-api-facts §4), so the SDK defines no
    /// named constants: pass the number from your official WFM documentation or observed
    /// traffic, e.g. `ECfgSiteSortMode::new(n)`. See the [module documentation](self).
    ECfgSiteSortMode
}

open_i32_newtype! {
    /// `ECfgSortMode.Agent`: how an agent query sorts its results (`s:int` on the wire).
    ///
    /// Known member names (Java nested class `ECfgSortMode.Agent`):
    ///
    /// | Member | Evidence |
    /// |---|---|
    /// | `CFG_AGENT_SORT_CONTRACT_LAST_NAME` | E8 (7.x `GetMasterAgent`) |
    ///
    /// **The numeric values are UNKNOWN** (not public; wfm-api-facts §4), so the SDK defines no
    /// named constants: pass the number from your official WFM documentation or observed
    /// traffic, e.g. `ECfgAgentSortMode::new(n)`. See the [module documentation](self).
    ECfgAgentSortMode
}

open_i32_newtype! {
    /// `ECfgSortMode.SecurityRole`: how a security-role query sorts its results (`s:int` on the
    /// wire, in `CfgSortMode.sortMode`).
    ///
    /// Known member names (Java nested class `ECfgSortMode.SecurityRole`):
    ///
    /// | Member | Evidence |
    /// |---|---|
    /// | `CFG_SECURITY_ROLE_SORT_NONE` | E3 (8.5 `GetSecurityRole`) |
    ///
    /// **The numeric values are UNKNOWN** (not public; wfm-api-facts §4), so the SDK defines no
    /// named constants: pass the number from your official WFM documentation or observed
    /// traffic, e.g. `ECfgSecurityRoleSortMode::new(n)`. See the [module documentation](self).
    ECfgSecurityRoleSortMode
}

open_i32_newtype! {
    /// `ECfgInfoType`: how much of each configuration object a query returns (`s:int` on the
    /// wire). Full objects come back in a holder's `objectArray`, short ones in its
    /// `objectShortArray` (wfm-api-facts §3.4, inference).
    ///
    /// Known member names:
    ///
    /// | Member | Evidence |
    /// |---|---|
    /// | `CFG_INFO_OBJECT` | E3 (8.5 `GetSecurityRole`, via `CfgSecurityRoleDetails.infoType`) |
    /// | `CFG_INFO_OBJECT_SHORT` | E8 (7.x `GetSite`, `GetMasterAgent`) |
    ///
    /// **The numeric values are UNKNOWN** (not public; wfm-api-facts §4), so the SDK defines no
    /// named constants: pass the number from your official WFM documentation or observed
    /// traffic, e.g. `ECfgInfoType::new(n)`. See the [module documentation](self).
    ECfgInfoType
}

open_i32_newtype! {
    /// `ECfgObjectType`: the kind of configuration object, e.g. the first argument of
    /// `DeleteCfgObject` (`s:int` on the wire).
    ///
    /// Known member names:
    ///
    /// | Member | Evidence |
    /// |---|---|
    /// | `CFG_USER_OBJECT` | E5 (8.5 `DeleteCfgObject`) |
    ///
    /// **The numeric values are UNKNOWN** (not public; wfm-api-facts §4), so the SDK defines no
    /// named constants: pass the number from your official WFM documentation or observed
    /// traffic, e.g. `ECfgObjectType::new(n)`. See the [module documentation](self).
    ECfgObjectType
}

open_i32_newtype! {
    /// `ESchSource`: which schedule a schedule query reads (`s:int` on the wire, e.g.
    /// `GetAgentState.source`).
    ///
    /// Known member names:
    ///
    /// | Member | Evidence |
    /// |---|---|
    /// | `SCH_SOURCE_COMMITTED` | E8 (7.x `GetAgentState`) |
    ///
    /// **The numeric values are UNKNOWN** (not public; wfm-api-facts §4), so the SDK defines no
    /// named constants: pass the number from your official WFM documentation or observed
    /// traffic, e.g. `ESchSource::new(n)`. See the [module documentation](self).
    ESchSource
}

open_i32_newtype! {
    /// `ESchStateType`: the kind of a schedule state (`s:int` on the wire): the items of
    /// `GetAgentState.stateTypes` and the `wmStateType` of `SchAgentState` / `SchStateInfo`.
    ///
    /// Known member names (all from the same `int[]` literal and `switch`):
    ///
    /// | Member | Evidence |
    /// |---|---|
    /// | `SCH_STATE_ACTIVITY` | E8 |
    /// | `SCH_STATE_ACTIVITY_SET` | E8 |
    /// | `SCH_STATE_BREAK` | E8 |
    /// | `SCH_STATE_EXCEPTION` | E8 |
    /// | `SCH_STATE_MARKED_TIME` | E8 |
    /// | `SCH_STATE_MEAL` | E8 |
    /// | `SCH_STATE_SHIFT` | E8 |
    /// | `SCH_STATE_TIMEOFF` | E8 |
    /// | `SCH_STATE_DAYOFF` | E8 |
    ///
    /// **The numeric values are UNKNOWN** (not public; wfm-api-facts §4), so the SDK defines no
    /// named constants: pass the number from your official WFM documentation or observed
    /// traffic, e.g. `ESchStateType::new(n)`. See the [module documentation](self).
    ESchStateType
}

open_i32_newtype! {
    /// `ESchStateLayout`: how a schedule query lays out the returned states (`s:int` on the
    /// wire, e.g. `GetAgentState.layout`).
    ///
    /// Known member names:
    ///
    /// | Member | Evidence |
    /// |---|---|
    /// | `SCH_LAYOUT_SEQUENTIAL` | E8 (7.x `GetAgentState`) |
    ///
    /// **The numeric values are UNKNOWN** (not public; wfm-api-facts §4), so the SDK defines no
    /// named constants: pass the number from your official WFM documentation or observed
    /// traffic, e.g. `ESchStateLayout::new(n)`. See the [module documentation](self).
    ESchStateLayout
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Arbitrary `i32`s covering the edges; they are test inputs, NOT member values.
    const SAMPLES: [i32; 7] = [i32::MIN, -65_536, -1, 0, 1, 12_345, i32::MAX];

    macro_rules! round_trip_tests {
        ($($test:ident: $name:ident),* $(,)?) => {$(
            #[test]
            fn $test() {
                for raw in SAMPLES {
                    let c = $name::new(raw);
                    assert_eq!(c.value(), raw);
                    assert_eq!(c, $name(raw));
                    assert_eq!($name::from(raw), c);
                    let back: i32 = c.into();
                    assert_eq!(back, raw);
                    assert_eq!(i32::from(c), raw);

                    let json = serde_json::to_string(&c).expect("serialize");
                    assert_eq!(json, raw.to_string(), "transparent: a bare JSON number");
                    let parsed: $name = serde_json::from_str(&json).expect("deserialize");
                    assert_eq!(parsed, c);

                    assert_eq!(c.to_string(), raw.to_string());
                }
            }
        )*};
    }

    round_trip_tests! {
        site_sort_mode_round_trips: ECfgSiteSortMode,
        agent_sort_mode_round_trips: ECfgAgentSortMode,
        security_role_sort_mode_round_trips: ECfgSecurityRoleSortMode,
        info_type_round_trips: ECfgInfoType,
        object_type_round_trips: ECfgObjectType,
        sch_source_round_trips: ESchSource,
        sch_state_type_round_trips: ESchStateType,
        sch_state_layout_round_trips: ESchStateLayout,
    }

    #[test]
    fn serde_inside_a_vec() {
        let types: Vec<ESchStateType> = SAMPLES.into_iter().map(ESchStateType::new).collect();
        let json = serde_json::to_string(&types).expect("serialize");
        assert_eq!(
            json,
            format!("[{}]", SAMPLES.map(|n| n.to_string()).join(","))
        );
        let back: Vec<ESchStateType> = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back, types);
        let raw: Vec<i32> = back.into_iter().map(i32::from).collect();
        assert_eq!(raw, SAMPLES);
    }

    #[test]
    fn serde_rejects_non_i32() {
        assert!(serde_json::from_str::<ESchStateType>("2147483648").is_err());
        assert!(serde_json::from_str::<ESchStateType>("\"SCH_STATE_SHIFT\"").is_err());
        assert!(serde_json::from_str::<ESchStateType>("1.5").is_err());
    }

    #[test]
    fn display_is_the_bare_number() {
        assert_eq!(ESchStateLayout::new(-7).to_string(), "-7");
        assert_eq!(format!("{:>5}", ECfgInfoType::new(42)), "   42");
        assert_eq!(ECfgObjectType::new(i32::MIN).to_string(), "-2147483648");
    }

    #[test]
    fn ordering_and_hashing_follow_the_number() {
        use std::collections::HashSet;
        assert!(ECfgSiteSortMode::new(-1) < ECfgSiteSortMode::new(0));
        let set: HashSet<ESchSource> = [1, 1, 2].into_iter().map(ESchSource::from).collect();
        assert_eq!(set.len(), 2);
    }
}
