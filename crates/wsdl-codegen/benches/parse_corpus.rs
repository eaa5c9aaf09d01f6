//! Parse + resolve throughput over the real-world corpus (`../shared/wsdl-corpus`, or
//! `$WSDL_CORPUS`): one criterion benchmark per set with `Throughput::Bytes` of the set's input,
//! and one over all sets together ("whole corpus").
//!
//! `cargo bench -p wsdl-codegen --bench parse_corpus` first prints its own summary, one line per
//! set and one for the whole corpus, in decimal KB/MB and MB/s: wall-clock time per load, and the
//! CPU time of the benchmark thread (from `/proc/thread-self/schedstat`, robust when other
//! processes share the machine). A filter argument (`-- ews`) limits both parts to matching sets.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, Throughput};
use wsdl_codegen::{LoadOptions, load, wsdl_entries};

/// The target of issue 2, in MB/s on one core.
const TARGET_MB_PER_S: f64 = 20.0;
/// How long the summary measures each set, after one warm-up load.
const SUMMARY_TIME: Duration = Duration::from_millis(300);
/// The least number of timed loads per set in the summary.
const SUMMARY_MIN_ITERATIONS: u32 = 3;

/// One corpus set: its folder name, its entry files and the bytes its load reads.
struct Set {
    name: String,
    entries: Vec<PathBuf>,
    bytes: usize,
}

fn corpus_root() -> PathBuf {
    let root = std::env::var_os("WSDL_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/wsdl-corpus")
        });
    assert!(
        root.join("MANIFEST.md").is_file(),
        "the WSDL corpus is missing: no MANIFEST.md in `{}`; set WSDL_CORPUS to the \
         wsdl-corpus folder",
        root.display()
    );
    root
}

/// The sets named in the first column of the manifest's table, each loaded once to check it
/// resolves and to learn its input size.
fn corpus_sets(root: &Path) -> Vec<Set> {
    let manifest = std::fs::read_to_string(root.join("MANIFEST.md")).expect("read MANIFEST.md");
    let sets: Vec<Set> = manifest
        .lines()
        .filter_map(|line| line.strip_prefix("| `")?.split_once('`'))
        .map(|(name, _)| name)
        .filter(|name| root.join(name).is_dir())
        .map(|name| {
            let entries = wsdl_entries(&root.join(name))
                .unwrap_or_else(|e| panic!("cannot list the set `{name}`: {e}"));
            let ir = load(&entries, &LoadOptions::default())
                .unwrap_or_else(|e| panic!("the set `{name}` does not resolve:\n{e}"));
            Set {
                name: name.to_owned(),
                entries,
                bytes: ir.input_bytes,
            }
        })
        .collect();
    assert!(
        !sets.is_empty(),
        "MANIFEST.md in `{}` lists no sets",
        root.display()
    );
    sets
}

/// Loads every set once.
fn load_all(sets: &[&Set]) {
    for set in sets {
        black_box(load(black_box(&set.entries), &LoadOptions::default()).ok());
    }
}

/// The CPU time this thread has used so far, if the kernel reports it.
fn thread_cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// Mean wall-clock and CPU time of one call of `run`, over at least [`SUMMARY_TIME`].
fn measure(mut run: impl FnMut()) -> (Duration, Option<Duration>) {
    run(); // warm-up: caches, allocator, page cache
    let cpu_start = thread_cpu_time();
    let start = Instant::now();
    let mut iterations = 0;
    while iterations < SUMMARY_MIN_ITERATIONS || start.elapsed() < SUMMARY_TIME {
        run();
        iterations += 1;
    }
    let wall = start.elapsed() / iterations;
    let cpu = thread_cpu_time()
        .zip(cpu_start)
        .map(|(end, start)| end.saturating_sub(start) / iterations);
    (wall, cpu)
}

fn size(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{:.0} KB", bytes as f64 / 1e3)
    }
}

fn rate(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / 1e6 / time.as_secs_f64()
}

fn summary_line(label: &str, bytes: usize, (wall, cpu): (Duration, Option<Duration>)) {
    let wall_rate = rate(bytes, wall);
    let cpu_part = cpu
        .map(|cpu| {
            format!(
                " (thread CPU {:.1} ms = {:.1} MB/s)",
                cpu.as_secs_f64() * 1e3,
                rate(bytes, cpu)
            )
        })
        .unwrap_or_default();
    let flag =
        if wall_rate < TARGET_MB_PER_S && cpu.is_none_or(|c| rate(bytes, c) < TARGET_MB_PER_S) {
            "  BELOW TARGET"
        } else {
            ""
        };
    println!(
        "{label}: {} in {:.1} ms = {wall_rate:.1} MB/s{cpu_part}{flag}",
        size(bytes),
        wall.as_secs_f64() * 1e3,
    );
}

/// The first argument that is not an option: criterion's filter, matched here as a substring.
fn filter() -> Option<String> {
    std::env::args().skip(1).find(|a| !a.starts_with('-'))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `cargo test --benches` runs this with `--test`, and `--list` only lists: no summary then.
    let quick = args.iter().any(|a| a == "--test" || a == "--list");
    let root = corpus_root();
    let filter = filter();
    let all = corpus_sets(&root);
    let matches = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    let sets: Vec<&Set> = all.iter().filter(|s| matches(&s.name)).collect();
    let everything: Vec<&Set> = all.iter().collect();
    let total_bytes: usize = all.iter().map(|s| s.bytes).sum();

    if !quick {
        println!(
            "parse+resolve summary ({} sets, mean of >= {} ms per line, target {TARGET_MB_PER_S} MB/s)",
            all.len(),
            SUMMARY_TIME.as_millis()
        );
        for set in &sets {
            let label = format!("parse+resolve {}", set.name);
            summary_line(&label, set.bytes, measure(|| load_all(&[set])));
        }
        if matches("whole corpus") || sets.len() == all.len() {
            summary_line(
                "whole corpus",
                total_bytes,
                measure(|| load_all(&everything)),
            );
        }
        println!();
    }

    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_millis(800))
        .nresamples(20_000)
        .configure_from_args();

    let mut group = criterion.benchmark_group("parse+resolve");
    group.sampling_mode(SamplingMode::Flat);
    for set in &all {
        group.throughput(Throughput::Bytes(set.bytes as u64));
        group.bench_function(set.name.as_str(), |b| {
            b.iter(|| load(black_box(&set.entries), &LoadOptions::default()));
        });
    }
    group.finish();

    let mut group = criterion.benchmark_group("whole corpus");
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Bytes(total_bytes as u64));
    group.bench_function("all sets", |b| b.iter(|| load_all(&everything)));
    group.finish();

    criterion.final_summary();
}
