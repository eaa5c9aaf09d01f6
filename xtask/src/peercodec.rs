//! `cargo xtask peer-codec`: the generated codec of three corpus sets against Python zeep.
//!
//! For each set it writes the generated crate under `<out>/<set>` plus a test
//! `tests/peer_codec.rs` (see `wsdl_codegen::emit_peer_test`) over a few document/literal
//! operations, then:
//!
//! 1. runs the test in phase `write`: our encoders write request and response envelopes of
//!    values built by `Arbitrary` from fixed seeds, and the values as JSON, into
//!    `<out>/exchange/<set>/`;
//! 2. runs `tests/peer/check_codec.py`: zeep parses every envelope against the set's WSDL,
//!    compares it with the JSON, and renders the same body into `<out>/exchange/<set>/zeep/`;
//! 3. runs the test in phase `read`: our decoders read zeep's envelopes and compare them
//!    with the JSON.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};
use wsdl_codegen::{EmitOptions, emit_peer_test};

use crate::checked_in::repository_root;
use crate::corpus::{GeneratedSet, corpus_root, generate_set, write_workspace};

/// The sets checked and their operations: document/literal, bodies of strings, numbers,
/// optional and repeated elements and attributes (values zeep's schema types accept).
const SETS: &[(&str, &[&str])] = &[
    // ASMX, wrapped, with an attribute and an array of structures.
    ("asmx-scribble", &["GetRectangle", "GetCircle"]),
    // CXF, bare parts, a float, and a one-way-like operation with no output.
    ("cxf-doc-literal-bare", &["SayHi", "PutLastTradedPrice"]),
    // WCF data contracts: nillable arrays of strings, ints and doubles; dictionaries.
    (
        "wcf-singlewsdl-collections",
        &["GetCollections", "GetDictionaries"],
    ),
];

/// Options of `cargo xtask peer-codec`.
#[derive(Default)]
pub struct PeerCodecArgs {
    pub corpus: Option<PathBuf>,
    /// Where the crates and the exchanged files go (`target/peer-codec` when absent).
    pub out: Option<PathBuf>,
    /// The Python with zeep (`$PEER_PYTHON`, else `.venv/bin/python`, when absent).
    pub python: Option<PathBuf>,
}

pub fn run(args: PeerCodecArgs) -> Result<ExitCode> {
    let corpus = corpus_root(args.corpus);
    let root = repository_root();
    let out = args.out.unwrap_or_else(|| root.join("target/peer-codec"));
    let python = args
        .python
        .or_else(|| std::env::var_os("PEER_PYTHON").map(PathBuf::from))
        .unwrap_or_else(|| root.join(".venv/bin/python"));
    if !python.exists() {
        bail!(
            "no Python at {} (make the venv: python3 -m venv .venv && \
             .venv/bin/pip install -r tests/peer/requirements.txt)",
            python.display()
        );
    }
    let exchange = out.join("exchange");
    let mut packages = Vec::new();
    for (set, operations) in SETS {
        let GeneratedSet {
            dir: crate_dir,
            generated,
            ir,
        } = generate_set(&corpus, set, &out)?;
        let manifest = crate_dir.join("Cargo.toml");
        let mut text = std::fs::read_to_string(&manifest)?;
        // `float_roundtrip`: without it serde_json may read a float one ulp off what it wrote.
        text.push_str(
            "\n[dev-dependencies]\nserde_json = { version = \"1\", features = [\"float_roundtrip\"] }\n",
        );
        std::fs::write(&manifest, text)?;
        let test = emit_peer_test(
            &ir,
            &generated.name.replace('-', "_"),
            operations,
            &EmitOptions {
                source: format!("`{set}`"),
                ..EmitOptions::default()
            },
        )?;
        std::fs::create_dir_all(crate_dir.join("tests"))?;
        std::fs::write(crate_dir.join("tests/peer_codec.rs"), test)?;
        let files = exchange.join(set);
        if files.exists() {
            std::fs::remove_dir_all(&files)
                .with_context(|| format!("clearing {}", files.display()))?;
        }
        std::fs::create_dir_all(files.join("zeep"))?;
        packages.push((*set, generated.name));
    }
    let members: Vec<&str> = SETS.iter().map(|(set, _)| *set).collect();
    write_workspace(&out, &members, "cargo xtask peer-codec")?;

    for (set, package) in &packages {
        let bodies = run_phase(&out, package, "write", &exchange.join(set))
            .with_context(|| format!("{set}: our encoders writing envelopes"))?;
        println!("{set}: our encoders wrote {bodies} envelopes");
    }
    let status = Command::new(&python)
        .arg(root.join("tests/peer/check_codec.py"))
        .arg(&exchange)
        .arg(&corpus)
        .status()
        .with_context(|| format!("running {}", python.display()))?;
    if !status.success() {
        bail!("zeep rejected envelopes our encoders wrote (see above)");
    }
    for (set, package) in &packages {
        let bodies = run_phase(&out, package, "read", &exchange.join(set))
            .with_context(|| format!("{set}: our decoders reading zeep's envelopes"))?;
        println!(
            "{set}: our decoders read the {bodies} envelopes zeep rendered back to their values"
        );
    }
    println!(
        "the generated codec of {} corpus sets and zeep read each other's envelopes",
        packages.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// Runs the peer test of `package` (a member of the workspace `out`) in `phase` over `dir`;
/// returns how many bodies it wrote or read.
fn run_phase(out: &Path, package: &str, phase: &str, dir: &Path) -> Result<usize> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repository_root().join("target/corpus-check"));
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args([
            "test",
            "--quiet",
            "--features",
            "arbitrary,serde",
            "--package",
            package,
            "--test",
            "peer_codec",
            "--",
            "--nocapture",
        ])
        .current_dir(out)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        .env("PEER_PHASE", phase)
        .env("PEER_DIR", dir)
        .output()
        .context("running cargo test")?;
    if !output.status.success() {
        bail!(
            "cargo test failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // The test prints `peer codec: <n> bodies`.
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| {
            line.strip_prefix("peer codec: ")?
                .strip_suffix(" bodies")?
                .parse()
                .ok()
        })
        .context("the peer test did not say how many bodies it handled")
}
