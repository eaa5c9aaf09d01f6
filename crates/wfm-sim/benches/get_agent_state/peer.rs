//! The peer: `tests/peer/bench_zeep.py` (Python zeep) against the same simulator, same request.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::process::SimProcess;
use crate::{BenchError, Figures, Point, Settings};

/// The Python interpreter that runs the peer, and how it was chosen.
#[derive(Debug, Clone)]
pub enum PeerPython {
    /// Given with `--peer-python` or `PEER_PYTHON`: if it cannot run zeep, the run fails.
    Configured(PathBuf),
    /// The repository's `.venv`, used when present; without zeep the peer is skipped with
    /// directions.
    Default(PathBuf),
    /// `--no-peer`.
    Disabled,
}

/// How to set up the peer, printed when it is missing.
pub const SETUP: &str = "\
set it up from the repository root with
    python3 -m venv .venv && .venv/bin/pip install -r tests/peer/requirements.txt
then rerun (or point PEER_PYTHON / --peer-python at a Python that has zeep 4.3.3)";

/// The zeep version `python` imports, or why it cannot.
pub fn zeep_version(python: &Path) -> Result<String, String> {
    let output = Command::new(python)
        .args(["-c", "import zeep; print(zeep.__version__)"])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
    if !output.status.success() {
        return Err(format!(
            "{} cannot import zeep: {}",
            python.display(),
            // The exception, not the whole traceback.
            String::from_utf8_lossy(&output.stderr)
                .lines()
                .last()
                .unwrap_or_default()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// The request both clients send, as `bench_zeep.py` takes it.
#[derive(Debug, Clone, Copy)]
pub struct PeerRequest {
    /// `siteId`.
    pub site_id: i32,
    /// The one id in `agents`.
    pub agent_id: i32,
    /// `start` (OLE date).
    pub start: f64,
    /// `end` (OLE date).
    pub end: f64,
}

/// Runs `script` with `python` against `sim` at every concurrency of `settings`, and returns
/// its figures per point, with the simulator's CPU time measured over each of its measured
/// windows (the script announces each window on a line of its own before it starts).
pub fn run(
    python: &Path,
    script: &Path,
    sim: &SimProcess,
    request: PeerRequest,
    settings: &Settings,
) -> Result<Vec<Point>, BenchError> {
    let concurrency: Vec<String> = settings
        .concurrency
        .iter()
        .map(ToString::to_string)
        .collect();
    let mut child = Command::new(python)
        .arg(script)
        .args(["--base-url", sim.base_url()])
        .args(["--site-id", &request.site_id.to_string()])
        .args(["--agent-id", &request.agent_id.to_string()])
        .args(["--start", &request.start.to_string()])
        .args(["--end", &request.end.to_string()])
        .args(["--concurrency", &concurrency.join(",")])
        .args(["--duration", &settings.duration.as_secs_f64().to_string()])
        .args(["--warmup", &settings.warmup.as_secs_f64().to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot run {} {}: {e}", python.display(), script.display()))?;
    let stdout = child
        .stdout
        .take()
        .ok_or("the peer's stdout is not piped")?;
    let points = read_events(BufReader::new(stdout), sim);
    let status = child
        .wait()
        .map_err(|e| format!("waiting for the peer: {e}"))?;
    if !status.success() {
        return Err(format!(
            "{} failed ({status}); its message is above",
            script.display()
        )
        .into());
    }
    points
}

/// Reads the script's JSON lines until it closes its output.
fn read_events(stdout: impl BufRead, sim: &SimProcess) -> Result<Vec<Point>, BenchError> {
    let mut points = Vec::new();
    let mut sim_cpu_before = None;
    for line in stdout.lines() {
        let line = line.map_err(|e| format!("reading the peer's output: {e}"))?;
        let event: Value = serde_json::from_str(&line)
            .map_err(|e| format!("the peer printed {line:?}, not a JSON event: {e}"))?;
        match event["event"].as_str() {
            Some("measure") => sim_cpu_before = sim.cpu_time(),
            Some("result") => {
                let sim_cpu = sim
                    .cpu_time()
                    .zip(sim_cpu_before.take())
                    .map(|(after, before)| after.saturating_sub(before));
                points.push(
                    point(&event, sim_cpu)
                        .ok_or_else(|| format!("the peer's result lacks a figure: {line}"))?,
                );
            }
            _ => return Err(format!("unknown event from the peer: {line}").into()),
        }
    }
    Ok(points)
}

fn point(event: &Value, sim_cpu: Option<Duration>) -> Option<Point> {
    let seconds = |value: Option<f64>| value.and_then(|s| Duration::try_from_secs_f64(s).ok());
    let micros = |name: &str| seconds(event[name].as_f64().map(|us| us / 1e6));
    let calls = event["calls"].as_u64()?;
    let per_call = |total: Duration| {
        u32::try_from(calls)
            .ok()
            .filter(|&n| n > 0)
            .map(|n| total / n)
    };
    Some(Point {
        concurrency: usize::try_from(event["concurrency"].as_u64()?).ok()?,
        states: usize::try_from(event["states"].as_u64()?).ok()?,
        figures: Figures {
            calls,
            calls_per_sec: event["calls_per_sec"].as_f64()?,
            p50: micros("p50_us")?,
            p99: micros("p99_us")?,
            client_cpu_per_call: seconds(event["cpu_seconds"].as_f64()).and_then(per_call),
            sim_cpu_per_call: sim_cpu.and_then(per_call),
        },
    })
}
