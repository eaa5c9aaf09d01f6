//! Concurrent calls for a fixed time, and the figures of one measured point.

use std::sync::Arc;
use std::time::{Duration, Instant};

use soap_runtime::{Endpoint, Operation, ResponseElement, SoapResponse, SoapVersion};
use tokio::task::JoinSet;
use wfm_sdk::generated::wfm_schedule_service852::{
    GetAgentState, WfmScheduleService852SoapClient, write_document,
};

use crate::BenchError;

/// What each call does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `get_agent_state` through the generated port: encode, send, decode into typed values.
    Typed,
    /// The same request through [`wfm_runtime::HttpTransport::call`], the response body read but
    /// not decoded: what the HTTP stack (reqwest, hyper, tokio, the kernel) costs alone.
    Undecoded,
}

/// `GetAgentState` as the generated port declares it.
const GET_AGENT_STATE: Operation = Operation {
    service: "WFMScheduleService852",
    name: "GetAgentState",
    action: "#GetAgentState",
    version: SoapVersion::Soap11,
    response: Some(ResponseElement {
        namespace: Some("urn:WFMScheduleService852"),
        local_name: "GetAgentStateResponse",
    }),
};

/// `request` sent as the generated port sends it, the response left undecoded.
pub async fn undecoded_call(
    schedule: &WfmScheduleService852SoapClient,
    request: &GetAgentState,
) -> wfm_runtime::Result<SoapResponse> {
    undecoded_call_at(schedule, &Endpoint::new(schedule.endpoint()), request).await
}

/// [`undecoded_call`] with the port's endpoint already parsed.
async fn undecoded_call_at(
    schedule: &WfmScheduleService852SoapClient,
    endpoint: &Endpoint,
    request: &GetAgentState,
) -> wfm_runtime::Result<SoapResponse> {
    schedule
        .transport()
        .call(&GET_AGENT_STATE, endpoint, |w| {
            write_document(w, "ns0:GetAgentState", |w| request.write_content(w));
        })
        .await
}

/// One call in `mode`.
async fn call(
    schedule: &WfmScheduleService852SoapClient,
    endpoint: &Endpoint,
    request: &GetAgentState,
    mode: Mode,
) -> wfm_runtime::Result<()> {
    match mode {
        Mode::Typed => schedule.get_agent_state(request).await.map(drop),
        Mode::Undecoded => undecoded_call_at(schedule, endpoint, request)
            .await
            .map(|response| drop(std::hint::black_box(response))),
    }
}

/// Every call's latency and the wall time of one run.
#[derive(Debug)]
pub struct Sample {
    /// Sorted, shortest first.
    latencies: Vec<Duration>,
    elapsed: Duration,
}

impl Sample {
    /// Completed calls.
    pub fn calls(&self) -> usize {
        self.latencies.len()
    }

    /// Completed calls per second of wall time.
    pub fn calls_per_sec(&self) -> f64 {
        self.calls() as f64 / self.elapsed.as_secs_f64()
    }

    /// The nearest-rank `p`th percentile of the latencies (`bench_zeep.py` uses the same
    /// rule); `None` without calls.
    pub fn percentile(&self, p: usize) -> Option<Duration> {
        let rank = (self.calls() * p).div_ceil(100).max(1);
        self.latencies.get(rank - 1).copied()
    }
}

/// Runs `concurrency` tasks that each send `request` back to back through their own clone of
/// `schedule` (one HTTP client, so one connection pool) until `duration` has passed (a call
/// under way then completes and counts), and records every call's latency and the wall time
/// from the start to the last task's end. The first failed call fails the run.
pub async fn run(
    schedule: &WfmScheduleService852SoapClient,
    request: &Arc<GetAgentState>,
    mode: Mode,
    concurrency: usize,
    duration: Duration,
) -> Result<Sample, BenchError> {
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = JoinSet::new();
    for _ in 0..concurrency {
        let schedule = schedule.clone();
        let endpoint = Endpoint::new(schedule.endpoint());
        let request = Arc::clone(request);
        tasks.spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let before = Instant::now();
                call(&schedule, &endpoint, &request, mode).await?;
                latencies.push(before.elapsed());
            }
            Ok::<_, wfm_runtime::Error>((latencies, Instant::now()))
        });
    }
    let mut latencies = Vec::new();
    let mut last_end = started;
    while let Some(task) = tasks.join_next().await {
        let (task_latencies, end) = task
            .map_err(|e| format!("a load task failed: {e}"))?
            .map_err(|e| format!("GetAgentState failed: {e}"))?;
        latencies.extend(task_latencies);
        last_end = last_end.max(end);
    }
    let elapsed = last_end - started;
    latencies.sort_unstable();
    Ok(Sample { latencies, elapsed })
}
