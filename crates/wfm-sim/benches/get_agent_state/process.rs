//! The simulator in its own process, and the CPU time of a process.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::Duration;

use crate::BenchError;

/// The `wfm-sim` binary of this package (built by `cargo bench` in the same profile).
const SIM_BINARY: &str = env!("CARGO_BIN_EXE_wfm-sim");

/// A `wfm-sim` process serving on a free loopback port; killed when dropped.
pub struct SimProcess {
    child: Child,
    /// Kept open: the simulator prints a few lines after the first, and a closed pipe would
    /// make its `println!` fail.
    _stdout: BufReader<ChildStdout>,
    base_url: String,
}

impl SimProcess {
    /// Starts the simulator with its default data on `127.0.0.1`, port 0, and reads the URL it
    /// listens on from its first line (`wfm-sim listening on http://127.0.0.1:PORT (...)`).
    pub fn spawn() -> Result<SimProcess, BenchError> {
        let mut child = Command::new(SIM_BINARY)
            .args(["--host", "127.0.0.1", "--port", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start the simulator {SIM_BINARY}: {e}"))?;
        let Some(stdout) = child.stdout.take() else {
            kill(&mut child);
            return Err("the simulator's stdout is not piped".into());
        };
        let mut stdout = BufReader::new(stdout);
        let mut line = String::new();
        let read = stdout.read_line(&mut line);
        let base_url = line
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .map(str::to_owned);
        match (read, base_url) {
            (Ok(_), Some(base_url)) => Ok(SimProcess {
                child,
                _stdout: stdout,
                base_url,
            }),
            (Err(e), _) => {
                kill(&mut child);
                Err(format!("cannot read the simulator's output: {e}").into())
            }
            (Ok(_), None) => {
                kill(&mut child);
                Err(format!("the simulator did not print its URL; it printed {line:?}").into())
            }
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The simulator's CPU time so far (all threads).
    pub fn cpu_time(&self) -> Option<Duration> {
        process_cpu_time(self.child.id())
    }
}

impl Drop for SimProcess {
    fn drop(&mut self) {
        kill(&mut self.child);
    }
}

fn kill(child: &mut Child) {
    // The process may already have exited; either way it is reaped below.
    let _ = child.kill();
    let _ = child.wait();
}

/// The CPU time process `pid` has used so far: the sum over its threads of the time each has
/// run (`/proc/<pid>/task/*/schedstat`, nanoseconds). A thread that exits takes its time with it;
/// the threads here (tokio workers, the simulator's runtime) live as long as the process.
/// `None` where those files are missing (not Linux, or a kernel without `CONFIG_SCHED_INFO`).
pub fn process_cpu_time(pid: u32) -> Option<Duration> {
    let threads = std::fs::read_dir(format!("/proc/{pid}/task")).ok()?;
    let mut total = Duration::ZERO;
    let mut any = false;
    for thread in threads.flatten() {
        // A thread may exit between the listing and the read: it is skipped.
        let Ok(schedstat) = std::fs::read_to_string(thread.path().join("schedstat")) else {
            continue;
        };
        if let Some(ns) = schedstat
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
        {
            total += Duration::from_nanos(ns);
            any = true;
        }
    }
    any.then_some(total)
}

/// The CPU time this process has used so far; see [`process_cpu_time`].
pub fn own_cpu_time() -> Option<Duration> {
    process_cpu_time(std::process::id())
}
