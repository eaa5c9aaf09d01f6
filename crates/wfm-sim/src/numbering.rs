//! The simulator's own numbering of WFM's `E*` constant groups. **Simulator-only.**
//!
//! WFM's numeric `E*` values are not public (wfm-api-facts §4): the SDK's
//! [`constants`](wfm_sdk::constants) module deliberately defines none. The simulator still has
//! to put *some* number into `wmStateType` and has to decide what a request's `infoType` or
//! `objectType` means, so it uses the numbers below. They are chosen in the 9000s so that
//! nobody mistakes them for Genesys values: **code that works against a real WFM server must
//! not use them**; take the real numbers from the official WFM API documentation instead.
//!
//! What the simulator does with the other numeric request fields:
//!
//! * sort modes (`CfgSortMode.sortMode`, `GetMasterAgent.sortMode`): accepted and ignored;
//!   sites and agents come sorted by name, security roles by id (`GetMasterAgent.ascending =
//!   false` reverses the agent order);
//! * `ECfgInfoType`: [`INFO_OBJECT_SHORT`] fills the holders' `objectShortArray`; every other
//!   value fills `objectArray` with full objects;
//! * `ESchSource`, `ESchStateLayout`, the scenario id: accepted and ignored (the simulator has
//!   one committed schedule whose states overlap: a shift, and its breaks, meals and
//!   exceptions inside it).

use wfm_sdk::constants::{ECfgInfoType, ECfgObjectType, ESchStateType};

/// Simulator-only `ESchStateType` for a shift (`SCH_STATE_SHIFT` in WFM; number not WFM's).
pub const STATE_SHIFT: ESchStateType = ESchStateType::new(9001);
/// Simulator-only `ESchStateType` for a break (`SCH_STATE_BREAK`; number not WFM's).
pub const STATE_BREAK: ESchStateType = ESchStateType::new(9002);
/// Simulator-only `ESchStateType` for a meal (`SCH_STATE_MEAL`; number not WFM's).
pub const STATE_MEAL: ESchStateType = ESchStateType::new(9003);
/// Simulator-only `ESchStateType` for an exception (`SCH_STATE_EXCEPTION`; number not WFM's).
pub const STATE_EXCEPTION: ESchStateType = ESchStateType::new(9004);
/// Simulator-only `ESchStateType` for time off (`SCH_STATE_TIMEOFF`; number not WFM's).
pub const STATE_TIMEOFF: ESchStateType = ESchStateType::new(9005);
/// Simulator-only `ESchStateType` for a day off (`SCH_STATE_DAYOFF`; number not WFM's).
pub const STATE_DAYOFF: ESchStateType = ESchStateType::new(9006);

/// Every state type the simulator produces, with a readable label.
pub const STATE_TYPES: [(ESchStateType, &str); 6] = [
    (STATE_SHIFT, "Shift"),
    (STATE_BREAK, "Break"),
    (STATE_MEAL, "Meal"),
    (STATE_EXCEPTION, "Exception"),
    (STATE_TIMEOFF, "Time off"),
    (STATE_DAYOFF, "Day off"),
];

/// The label of a simulator state type (`None` for numbers the simulator does not use).
pub fn state_type_label(state_type: ESchStateType) -> Option<&'static str> {
    STATE_TYPES
        .iter()
        .find(|(t, _)| *t == state_type)
        .map(|(_, label)| *label)
}

/// Simulator-only `ECfgInfoType` asking for short objects (`CFG_INFO_OBJECT_SHORT` in WFM;
/// number not WFM's). Any other value asks for full objects.
pub const INFO_OBJECT_SHORT: ECfgInfoType = ECfgInfoType::new(9102);

/// Simulator-only `ECfgObjectType` of a user (`CFG_USER_OBJECT` in WFM; number not WFM's): the
/// only object type the simulator's `DeleteCfgObject` deletes.
pub const OBJECT_USER: ECfgObjectType = ECfgObjectType::new(9201);
