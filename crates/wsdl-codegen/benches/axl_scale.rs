//! Generation at the scale of Cisco CUCM AXL 12.5 (issue 14): a synthetic WSDL of AXL's shape
//! and size, written by `scripts/axl_shaped_wsdl.py` (about 1,000 operations, 3,400 complex
//! types with choices, extensions, enumerations and unions, 2,000 nillable fields), run
//! through the generator in this process, then the generated crate through `cargo check`.
//!
//! `cargo bench -p wsdl-codegen --bench axl_scale` prints:
//!
//! - generation: wall-clock time of load + emit, and this process's peak resident memory
//!   (`VmHWM`, read before anything else grows it), lines of output;
//! - `cargo check` of the generated crate, dependencies already built: wall-clock and CPU
//!   time and peak memory of the check (`/usr/bin/time -v`, which must be installed). On a
//!   shared machine the CPU time is the figure to compare.
//!
//! The crate is written to `<target dir>/axl-scale/crate` and checked with its own target
//! directory `<target dir>/axl-scale/target`; the first run builds the dependencies there once (against an
//! empty `lib.rs`), later runs only re-check the crate. Options (after `--`): `--seed N`,
//! `--entities N` (200 gives AXL's size), `--no-check` (generation figures only), `--derive
//! TRAITS` (as `wsdl2rust --derive`: `Clone,PartialEq` for the types to derive both).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use wsdl_codegen::{Derives, EmitOptions, LoadOptions, emit_module, load};

/// The targets on the 2-core machine.
const TARGET_GENERATION_MB: f64 = 256.0;
const TARGET_CHECK_SECONDS: f64 = 60.0;
const TARGET_CHECK_MB: f64 = 2048.0;

struct Args {
    seed: u64,
    entities: u32,
    check: bool,
    derives: Derives,
}

fn args() -> Args {
    let mut args = Args {
        seed: 125,
        entities: 200,
        check: true,
        derives: Derives::default(),
    };
    let mut given = std::env::args().skip(1);
    while let Some(arg) = given.next() {
        match arg.as_str() {
            "--seed" => args.seed = number(given.next(), "--seed"),
            "--entities" => args.entities = number(given.next(), "--entities") as u32,
            "--no-check" => args.check = false,
            "--derive" => {
                let list = given.next().unwrap_or_default();
                let derives: Derives = list
                    .parse()
                    .unwrap_or_else(|error| panic!("--derive {list}: {error}"));
                args.derives = args.derives.union(derives);
            }
            // What `cargo bench` passes to every bench binary.
            "--bench" => {}
            other => panic!(
                "unknown option `{other}` (--seed N, --entities N, --no-check, --derive TRAITS)"
            ),
        }
    }
    args
}

fn number(value: Option<String>, option: &str) -> u64 {
    value
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{option} takes a number"))
}

fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// This process's peak resident set size in MB, from `/proc/self/status`.
fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// What `/usr/bin/time -v` measured of a command.
struct Timed {
    /// Wall-clock seconds.
    wall: f64,
    /// User plus system CPU seconds: what the command itself cost, robust when other
    /// processes share the machine (the wall-clock time is not).
    cpu: f64,
    /// Peak resident memory in MB.
    peak_mb: f64,
}

/// Runs `command` under `/usr/bin/time -v`.
fn timed(command: &mut Command) -> Timed {
    let started = Instant::now();
    let output = command
        .output()
        .expect("run /usr/bin/time (install GNU time)");
    let seconds = started.elapsed().as_secs_f64();
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}",
        report.lines().take(60).collect::<Vec<_>>().join("\n")
    );
    let field = |name: &str| -> f64 {
        report
            .lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("/usr/bin/time -v reports `{name}`"))
    };
    Timed {
        wall: seconds,
        cpu: field("User time (seconds):") + field("System time (seconds):"),
        peak_mb: field("Maximum resident set size (kbytes):") / 1024.0,
    }
}

fn main() {
    let args = args();
    let root = repository_root();
    let work = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("axl-scale");
    let crate_dir = work.join("crate");
    std::fs::create_dir_all(crate_dir.join("src")).expect("create target/axl-scale");
    let wsdl = work.join("axl-shaped.wsdl");
    let status = Command::new("python3")
        .arg(root.join("scripts/axl_shaped_wsdl.py"))
        .arg(&wsdl)
        .args(["--seed", &args.seed.to_string()])
        .args(["--entities", &args.entities.to_string()])
        .status()
        .expect("run python3 scripts/axl_shaped_wsdl.py");
    assert!(status.success(), "scripts/axl_shaped_wsdl.py failed");
    let wsdl_bytes = std::fs::metadata(&wsdl).map(|m| m.len()).unwrap_or(0);

    let started = Instant::now();
    let ir = load(std::slice::from_ref(&wsdl), &LoadOptions::default())
        .expect("the synthetic WSDL loads");
    let operations: usize = ir
        .services
        .iter()
        .flat_map(|s| &s.ports)
        .map(|p| p.operations.len())
        .sum();
    let types = ir.types.len();
    let options = EmitOptions {
        source: "`axl-shaped.wsdl`".into(),
        module_name: "axl_shaped".into(),
        derives: args.derives,
        ..EmitOptions::default()
    };
    let module = emit_module(&ir, &options).expect("the synthetic WSDL emits");
    drop(ir);
    let generation = started.elapsed();
    let generation_mb = peak_memory_mb().unwrap_or(f64::NAN);
    let lines = module.lines();
    let bytes: usize = module.text.len() + module.parts.iter().map(|p| p.text.len()).sum::<usize>();
    println!(
        "input: {:.1} MB of WSDL (seed {}, {} entities), {operations} operations, {types} types",
        wsdl_bytes as f64 / 1e6,
        args.seed,
        args.entities
    );
    println!("derives on request: {:?}", args.derives);
    println!(
        "generation: {:.2} s, peak memory {generation_mb:.0} MB (target {TARGET_GENERATION_MB:.0} MB), \
         {lines} lines, {:.1} MB of Rust",
        generation.as_secs_f64(),
        bytes as f64 / 1e6
    );
    if !args.check {
        return;
    }

    let runtime = root.join("crates/soap-runtime");
    let manifest = format!(
        "[package]\nname = \"axl-shaped\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nserde = {{ version = \"1\", features = [\"derive\"], optional = true }}\n\
         soap-runtime = {{ path = {runtime:?} }}\n\n\
         [features]\nserde = [\"dep:serde\"]\nserver = []\narbitrary = [\"soap-runtime/arbitrary\"]\n\n[workspace]\n",
        runtime = runtime.display().to_string(),
    );
    std::fs::write(crate_dir.join("Cargo.toml"), manifest).expect("write Cargo.toml");
    let lib = crate_dir.join("src/lib.rs");
    let target = work.join("target");
    let check = |label: &str| {
        let mut command = Command::new("/usr/bin/time");
        command
            .arg("-v")
            .args(["cargo", "check", "--quiet", "--manifest-path"])
            .arg(crate_dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target);
        eprintln!("{label}");
        timed(&mut command)
    };
    // The dependencies, once: an empty crate needs them all.
    std::fs::write(&lib, "").expect("write lib.rs");
    check("building the dependencies of the generated crate (once)");
    module.write(&lib).expect("write the generated crate");
    let checked = check("checking the generated crate");
    println!(
        "cargo check: {:.1} s wall-clock, {:.1} s CPU (target {TARGET_CHECK_SECONDS:.0} s), \
         peak memory {:.0} MB (target {TARGET_CHECK_MB:.0} MB)",
        checked.wall, checked.cpu, checked.peak_mb
    );
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "load average when done: {} (other processes share the machine)",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
}
