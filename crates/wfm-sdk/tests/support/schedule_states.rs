//! The schedule-state response of the codec bench and the yaserde differential test: a
//! `GetAgentStateResponse` of `records` schedule-state records (ints, doubles, booleans) and
//! 40 state names (strings, with characters the writer escapes).

use wfm_runtime::ole_date::OleDate;
use wfm_sdk::constants::ESchStateType;
use wfm_sdk::generated::wfm_schedule_service852::{
    GetAgentStateResponse, SchAgentState, SchAgentStateHolder, SchStateInfo,
};

/// The response with `records` schedule-state records.
pub fn response(records: usize) -> GetAgentStateResponse {
    let sch_agent_state = (0..records)
        .map(|i| SchAgentState {
            gsw_agent_id: 100_000 + (i % 500) as i32,
            wm_state_type: ESchStateType::new((i % 7) as i32),
            wm_state_id: (i % 40) as i32,
            wm_start_date_time: OleDate::new(46_027.0 + i as f64 / 96.0),
            wm_end_date_time: OleDate::new(46_027.0 + (i + 1) as f64 / 96.0),
            wm_full_day: i % 11 == 0,
            wm_paid: i % 3 != 0,
        })
        .collect();
    let sch_state_info = (0..40)
        .map(|i| SchStateInfo {
            wm_state_type: ESchStateType::new(i % 7),
            wm_state_id: i,
            wm_name: format!(
                "State {i} & co <{}>",
                ["Break", "Lunch", "Día libre"][i as usize % 3]
            ),
        })
        .collect();
    GetAgentStateResponse {
        r#return: SchAgentStateHolder {
            sch_agent_state,
            sch_state_info,
        },
    }
}
