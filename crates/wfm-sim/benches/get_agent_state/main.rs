//! End to end: `GetAgentState` (one agent, one week) through the SDK against the simulator on
//! loopback, next to Python zeep calling the same simulator through the same WSDL.
//!
//! ```text
//! cargo bench -p wfm-sim --bench get_agent_state [-- --duration 5 --warmup 1 --concurrency 1,64]
//! ```
//!
//! The simulator runs in a process of its own (the package's `wfm-sim` binary, built in the
//! same profile), so that the CPU time of client and server can be told apart. The SDK connects
//! once (`Wfm::connect`: GAuth token, userinfo, `LocateServer`, `OpenSession`), picks the
//! first agent of the first site, and at each concurrency runs that many tasks on the one client
//! for a warm-up, then for the measured window. `tests/peer/bench_zeep.py` then does the same
//! with zeep threads. The runner prints calls/s, p50 and p99 latency, client and simulator CPU
//! per call for both, and how many times the SDK is ahead. A `raw` row repeats the SDK's calls
//! with the response body read but not decoded: the HTTP stack's share of the client's CPU.
//!
//! Python: `--peer-python PATH` or `PEER_PYTHON` (an absolute path or a command on `PATH`:
//! cargo runs benches in `crates/wfm-sim`), else the repository's `.venv/bin/python` if it
//! exists; `--no-peer` skips zeep. Without a usable default Python the runner prints how to
//! set one up and measures the SDK alone; a configured Python that cannot run zeep is an error.
//!
//! CPU times (user + system, all threads) come from `/proc/<pid>/task/*/schedstat` for the
//! SDK's process and the simulator (Linux; "n/a" elsewhere) and from `time.process_time()` for
//! zeep's. The figures are only meaningful from a release build (`cargo bench`); a debug build
//! says so.
//! This is a plain `main` rather than a criterion bench: the measurement is concurrency, tail
//! latency and the CPU of two processes, not the mean time of one closure.

mod load;
mod peer;
mod process;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use time::Duration as DateDuration;
use wfm_runtime::ClientConfig;
use wfm_runtime::auth::{GAuthConfig, GAuthGrant, GAuthTokenSource};
use wfm_runtime::ole_date::OleDate;
use wfm_sdk::constants::{ECfgAgentSortMode, ECfgInfoType, ESchSource, ESchStateLayout};
use wfm_sdk::generated::wfm_config_service850::{CfgSiteDetails, GetSite};
use wfm_sdk::generated::wfm_schedule_service852::{
    GetAgentState, GetAgentStateResponse, GetMasterAgent, WfmScheduleService852SoapClient,
};
use wfm_sdk::{CloudConfig, Wfm};

use peer::{PeerPython, PeerRequest};
use process::SimProcess;

/// What a failed run reports.
pub type BenchError = Box<dyn std::error::Error + Send + Sync>;

const HELP: &str = "\
get_agent_state: GetAgentState against the simulator, the Rust SDK next to Python zeep

USAGE:
    cargo bench -p wfm-sim --bench get_agent_state [-- OPTIONS]

OPTIONS:
    --duration <SECONDS>      measured time per point [default: 5]
    --warmup <SECONDS>        warm-up before each point [default: 1]
    --concurrency <N,N,...>   concurrent calls per point [default: 1,64]
    --peer-python <PATH>      Python with zeep 4.3.3, an absolute path or a command on PATH
                              (cargo runs benches in crates/wfm-sim)
                              [default: $PEER_PYTHON, else the repository's .venv/bin/python]
    --runtime <FLAVOR>        the SDK's tokio runtime: multi-thread (tokio's default, one
                              worker per core) or current-thread [default: multi-thread]
    --no-peer                 measure the SDK only
    -h, --help                print this help
";

/// The tokio runtime the SDK runs on (the application's choice, not the SDK's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuntimeFlavor {
    /// `new_multi_thread`: one worker thread per core, tasks move between them.
    MultiThread,
    /// `new_current_thread`: every task on the thread that runs the benchmark.
    CurrentThread,
}

/// The run's settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Measured time per point.
    pub duration: Duration,
    /// Warm-up before each point.
    pub warmup: Duration,
    /// One point per entry: that many concurrent calls.
    pub concurrency: Vec<usize>,
    /// The tokio runtime the SDK's calls run on.
    pub runtime: RuntimeFlavor,
    /// The Python that runs the zeep peer.
    pub peer: PeerPython,
}

/// The figures of one client at one point.
#[derive(Debug, Clone, Copy)]
pub struct Figures {
    /// Calls completed in the measured window.
    pub calls: u64,
    /// Calls per second of wall time.
    pub calls_per_sec: f64,
    /// Median latency.
    pub p50: Duration,
    /// 99th percentile latency.
    pub p99: Duration,
    /// The client process's CPU time per call.
    pub client_cpu_per_call: Option<Duration>,
    /// The simulator's CPU time per call.
    pub sim_cpu_per_call: Option<Duration>,
}

/// The response both clients get, measured once.
#[derive(Debug, Clone, Copy)]
pub struct ResponseFacts {
    /// `schAgentState` records in it (both clients must see the same number).
    pub states: usize,
    /// The body's size.
    pub bytes: usize,
    /// The mean time the generated code takes to decode it, on one thread with nothing else
    /// to do.
    pub decode: Duration,
}

/// The SDK's measurement at one concurrency: typed calls, and the same calls left undecoded.
#[derive(Debug, Clone, Copy)]
pub struct SdkPoint {
    /// `get_agent_state` through the generated port.
    pub typed: Point,
    /// The same request and response without decoding ([`load::Mode::Undecoded`]).
    pub undecoded: Figures,
}

/// One client's measurement at one concurrency.
#[derive(Debug, Clone, Copy)]
pub struct Point {
    /// Concurrent calls.
    pub concurrency: usize,
    /// `schAgentState` records in each response (both clients must see the same number).
    pub states: usize,
    /// What was measured.
    pub figures: Figures,
}

fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn parse_seconds(name: &str, value: &str) -> Result<Duration, String> {
    value
        .parse::<f64>()
        .ok()
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| format!("invalid value for {name}: {value:?} (seconds expected)"))
}

fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Option<Settings>, String> {
    let mut settings = Settings {
        duration: Duration::from_secs(5),
        warmup: Duration::from_secs(1),
        concurrency: vec![1, 64],
        runtime: RuntimeFlavor::MultiThread,
        peer: match std::env::var_os("PEER_PYTHON").filter(|p| !p.is_empty()) {
            Some(python) => PeerPython::Configured(python.into()),
            None => PeerPython::Default(repository_root().join(".venv/bin/python")),
        },
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) => (name.to_owned(), Some(value.to_owned())),
            None => (arg, None),
        };
        match name.as_str() {
            "-h" | "--help" => return Ok(None),
            // `cargo bench` passes `--bench` to every bench binary.
            "--bench" => continue,
            "--no-peer" => {
                settings.peer = PeerPython::Disabled;
                continue;
            }
            _ => {}
        }
        let value = inline
            .or_else(|| args.next())
            .ok_or_else(|| format!("{name} needs a value (try --help)"))?;
        match name.as_str() {
            "--duration" => {
                settings.duration = parse_seconds(&name, &value)?;
                if settings.duration.is_zero() {
                    return Err("--duration must be positive".into());
                }
            }
            "--warmup" => settings.warmup = parse_seconds(&name, &value)?,
            "--concurrency" => {
                settings.concurrency = value
                    .split(',')
                    .map(|n| n.trim().parse::<usize>().ok().filter(|&n| n >= 1))
                    .collect::<Option<Vec<_>>>()
                    .filter(|list| !list.is_empty())
                    .ok_or_else(|| {
                        format!("invalid value for --concurrency: {value:?} (e.g. 1,64)")
                    })?;
            }
            "--peer-python" => settings.peer = PeerPython::Configured(value.into()),
            "--runtime" => {
                settings.runtime = match value.as_str() {
                    "multi-thread" => RuntimeFlavor::MultiThread,
                    "current-thread" => RuntimeFlavor::CurrentThread,
                    _ => {
                        return Err(format!(
                            "invalid value for --runtime: {value:?} (multi-thread or current-thread)"
                        ));
                    }
                }
            }
            _ => return Err(format!("unknown option {name} (try --help)")),
        }
    }
    Ok(Some(settings))
}

/// The SDK connected to the simulator, and the request both clients send.
struct Target {
    wfm: Wfm,
    request: GetAgentState,
    description: String,
}

/// Connects as `supervisor` and builds the request: the first agent of the first site, the
/// simulator's first schedule week.
async fn connect(sim: &SimProcess) -> Result<Target, BenchError> {
    let tokens = GAuthTokenSource::new(
        GAuthConfig::new(
            sim.base_url(),
            wfm_sim::CLIENT_ID,
            wfm_sim::CLIENT_SECRET,
            GAuthGrant::Password {
                username: "supervisor".into(),
                password: "supervisor".into(),
            },
        ),
        ClientConfig::default(),
    )?;
    let wfm = Wfm::connect(CloudConfig::new(
        sim.base_url(),
        "wfm-bench",
        Arc::new(tokens),
    ))
    .await
    .map_err(|e| format!("connecting to the simulator: {e}"))?;
    let sites = wfm
        .config()?
        .get_site(&GetSite::new(CfgSiteDetails {
            info_type: ECfgInfoType::new(0),
        }))
        .await?;
    let site = sites
        .object_array
        .first()
        .ok_or("the simulator has no sites")?;
    let week = wfm_sim::DEFAULT_SCHEDULE_START;
    let start = OleDate::from(week.midnight());
    let end = OleDate::from((week + DateDuration::days(7)).midnight());
    let agents = wfm
        .schedule()?
        .get_master_agent(&GetMasterAgent {
            site_id: site.wm_site_id,
            ascending: true,
            ..GetMasterAgent::new(start, end, ECfgAgentSortMode::new(0), ECfgInfoType::new(0))
        })
        .await?;
    let agent = agents
        .object_array
        .first()
        .ok_or("the first site has no agents")?;
    let description = format!(
        "agent {} at site {}, week of {week}",
        agent.gsw_agent_id, site.wm_site_id
    );
    let request = GetAgentState {
        site_id: site.wm_site_id,
        agents: vec![agent.gsw_agent_id],
        ..GetAgentState::new(ESchSource::new(0), start, end, ESchStateLayout::new(0))
    };
    Ok(Target {
        wfm,
        request,
        description,
    })
}

/// The response, and how long decoding it takes: the mean over repeated decodes lasting at
/// least half a second.
async fn measure_response(
    schedule: &WfmScheduleService852SoapClient,
    request: &GetAgentState,
) -> Result<ResponseFacts, BenchError> {
    let response = load::undecoded_call(schedule, request).await?;
    let decode = || response.decode(GetAgentStateResponse::read_element);
    let states = decode()?.r#return.sch_agent_state.len();
    let started = Instant::now();
    let mut runs = 0u32;
    while started.elapsed() < Duration::from_millis(500) {
        std::hint::black_box(decode()?);
        runs += 1;
    }
    Ok(ResponseFacts {
        states,
        bytes: response.body_bytes().len(),
        decode: started.elapsed() / runs.max(1),
    })
}

/// The SDK's points: per concurrency and per [`load::Mode`], a warm-up, then the measured
/// window.
async fn measure_sdk(
    target: &Target,
    sim: &SimProcess,
    settings: &Settings,
    states: usize,
) -> Result<Vec<SdkPoint>, BenchError> {
    let schedule = target.wfm.schedule()?;
    let request = Arc::new(target.request.clone());
    let measure = async |mode, concurrency| -> Result<Figures, BenchError> {
        load::run(&schedule, &request, mode, concurrency, settings.warmup).await?;
        let client_before = process::own_cpu_time();
        let sim_before = sim.cpu_time();
        let sample = load::run(&schedule, &request, mode, concurrency, settings.duration).await?;
        let per_call = |before: Option<Duration>, after: Option<Duration>| {
            let calls = u32::try_from(sample.calls()).ok().filter(|&n| n > 0)?;
            Some(after?.saturating_sub(before?) / calls)
        };
        Ok(Figures {
            calls: sample.calls() as u64,
            calls_per_sec: sample.calls_per_sec(),
            p50: sample.percentile(50).unwrap_or_default(),
            p99: sample.percentile(99).unwrap_or_default(),
            client_cpu_per_call: per_call(client_before, process::own_cpu_time()),
            sim_cpu_per_call: per_call(sim_before, sim.cpu_time()),
        })
    };
    let mut points = Vec::new();
    for &concurrency in &settings.concurrency {
        let figures = measure(load::Mode::Typed, concurrency).await?;
        let undecoded = measure(load::Mode::Undecoded, concurrency).await?;
        points.push(SdkPoint {
            typed: Point {
                concurrency,
                states,
                figures,
            },
            undecoded,
        });
    }
    Ok(points)
}

/// The Python that runs the zeep peer, and its zeep version; `None` when the peer is off, or
/// when the default Python cannot run it (then it says how to set one up).
fn peer_python(settings: &Settings) -> Result<Option<(&Path, String)>, BenchError> {
    match &settings.peer {
        PeerPython::Disabled => Ok(None),
        PeerPython::Configured(python) => match peer::zeep_version(python) {
            Ok(version) => Ok(Some((python, version))),
            Err(why) => Err(format!("zeep peer: {why}\n{}", peer::SETUP).into()),
        },
        PeerPython::Default(python) => match peer::zeep_version(python) {
            Ok(version) => Ok(Some((python, version))),
            Err(why) => {
                println!("zeep peer skipped: {why}\n{}\n", peer::SETUP);
                Ok(None)
            }
        },
    }
}

/// The zeep peer's points: `tests/peer/bench_zeep.py` with the SDK's request.
fn measure_peer(
    python: &Path,
    target: &Target,
    sim: &SimProcess,
    settings: &Settings,
) -> Result<Vec<Point>, BenchError> {
    let request = PeerRequest {
        site_id: target.request.site_id,
        agent_id: target.request.agents.first().copied().unwrap_or_default(),
        start: target.request.start.value(),
        end: target.request.end.value(),
    };
    let script = repository_root().join("tests/peer/bench_zeep.py");
    peer::run(python, &script, sim, request, settings)
}

fn micros(d: Duration) -> String {
    format!("{:.0}", d.as_secs_f64() * 1e6)
}

fn cpu(d: Option<Duration>) -> String {
    d.map_or_else(|| "n/a".to_owned(), micros)
}

/// `zeep / ours`: how many times the SDK is ahead on a time.
fn times_ahead(ours: Option<Duration>, zeep: Option<Duration>) -> String {
    match (ours, zeep) {
        (Some(ours), Some(zeep)) if !ours.is_zero() => {
            format!("{:.1}x", zeep.as_secs_f64() / ours.as_secs_f64())
        }
        _ => "n/a".to_owned(),
    }
}

fn row(client: &str, concurrency: usize, f: &Figures) {
    println!(
        "{concurrency:>5}  {client:<8} {:>8} {:>10.0} {:>9} {:>9} {:>19} {:>16}",
        f.calls,
        f.calls_per_sec,
        micros(f.p50),
        micros(f.p99),
        cpu(f.client_cpu_per_call),
        cpu(f.sim_cpu_per_call),
    );
}

fn print_table(ours: &[SdkPoint], zeep: Option<&(String, Vec<Point>)>) -> Result<(), BenchError> {
    println!(
        "{:>5}  {:<8} {:>8} {:>10} {:>9} {:>9} {:>19} {:>16}",
        "conc",
        "client",
        "calls",
        "calls/s",
        "p50 µs",
        "p99 µs",
        "client CPU µs/call",
        "sim CPU µs/call"
    );
    for SdkPoint {
        typed: point,
        undecoded,
        ..
    } in ours
    {
        row("wfm-sdk", point.concurrency, &point.figures);
        row("raw", point.concurrency, undecoded);
        let Some(peer) =
            zeep.and_then(|(_, points)| points.iter().find(|p| p.concurrency == point.concurrency))
        else {
            continue;
        };
        if peer.states != point.states {
            return Err(format!(
                "zeep decoded {} schedule states, the SDK {}: the clients disagree",
                peer.states, point.states
            )
            .into());
        }
        row("zeep", peer.concurrency, &peer.figures);
        let (o, z) = (&point.figures, &peer.figures);
        println!(
            "{:>5}  {:<8} {:>8} {:>10} {:>9} {:>9} {:>19} {:>16}",
            point.concurrency,
            "ratio",
            "",
            format!("{:.1}x", o.calls_per_sec / z.calls_per_sec),
            times_ahead(Some(o.p50), Some(z.p50)),
            times_ahead(Some(o.p99), Some(z.p99)),
            times_ahead(o.client_cpu_per_call, z.client_cpu_per_call),
            times_ahead(o.sim_cpu_per_call, z.sim_cpu_per_call),
        );
    }
    println!(
        "raw: the same calls through HttpTransport::call, the response body read but not decoded"
    );
    if zeep.is_some() {
        println!(
            "ratio: how many times wfm-sdk is ahead (calls/s: wfm-sdk / zeep; times: zeep / wfm-sdk)"
        );
    }
    Ok(())
}

fn run(settings: &Settings) -> Result<(), BenchError> {
    let peer = peer_python(settings)?;
    let sim = SimProcess::spawn()?;
    let runtime = match settings.runtime {
        RuntimeFlavor::MultiThread => tokio::runtime::Builder::new_multi_thread(),
        RuntimeFlavor::CurrentThread => tokio::runtime::Builder::new_current_thread(),
    }
    .enable_all()
    .build()
    .map_err(|e| format!("cannot start the tokio runtime: {e}"))?;
    let target = runtime.block_on(connect(&sim))?;
    let response = runtime.block_on(measure_response(&target.wfm.schedule()?, &target.request))?;
    let ours = runtime.block_on(measure_sdk(&target, &sim, settings, response.states))?;
    let zeep = peer
        .map(|(python, version)| {
            measure_peer(python, &target, &sim, settings).map(|points| (version, points))
        })
        .transpose()?;
    println!(
        "\nGetAgentState of {}, simulator at {} (own process)",
        target.description,
        sim.base_url()
    );
    println!(
        "response: {} states, {} bytes; decoding one takes {:.1} µs (one thread, nothing else running)",
        response.states,
        response.bytes,
        response.decode.as_secs_f64() * 1e6
    );
    if cfg!(debug_assertions) {
        println!("DEBUG build: a smoke run, not figures (`cargo bench` builds release)");
    }
    println!(
        "{:.1} s measured per point after {:.1} s of warm-up; SDK on a {} tokio runtime; {}",
        settings.duration.as_secs_f64(),
        settings.warmup.as_secs_f64(),
        match settings.runtime {
            RuntimeFlavor::MultiThread => "multi-thread",
            RuntimeFlavor::CurrentThread => "current-thread",
        },
        match &zeep {
            Some((version, _)) => format!("peer: Python zeep {version}, threads"),
            None => "peer: none".to_owned(),
        }
    );
    println!();
    print_table(&ours, zeep.as_ref())?;
    runtime.block_on(target.wfm.close())?;
    Ok(())
}

fn main() -> ExitCode {
    let settings = match parse_args(std::env::args().skip(1)) {
        Ok(Some(settings)) => settings,
        Ok(None) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("get_agent_state: {message}");
            return ExitCode::from(2);
        }
    };
    match run(&settings) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("get_agent_state: {e}");
            ExitCode::FAILURE
        }
    }
}
