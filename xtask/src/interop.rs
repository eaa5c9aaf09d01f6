//! `cargo xtask interop`: SOAP encoding against independent stacks. Generates the corpus set
//! `gsoap-calc` (rpc/encoded) as a crate under `target/interop`, adds the test
//! `tests/peer/gsoap/interop.rs`, and runs it against the gSOAP programs that
//! `tests/peer/gsoap/build.sh` built (the generated client calls gSOAP's server, and gSOAP's
//! client calls the generated server, for every operation) and against Python zeep's
//! requests (`tests/peer/encoded_zeep.py`).

use std::path::PathBuf;
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};

use crate::checked_in::repository_root;
use crate::corpus::{GeneratedSet, corpus_root, generate_set, write_workspace};

/// The corpus set both peers speak.
const SET: &str = "gsoap-calc";

/// Options of `cargo xtask interop`.
pub struct InteropArgs {
    pub corpus: Option<PathBuf>,
    /// Where `tests/peer/gsoap/build.sh` put `calc-server` and `calc-client`.
    pub gsoap: PathBuf,
    /// The Python with zeep (`$PEER_PYTHON`, else `.venv/bin/python`, when absent).
    pub python: Option<PathBuf>,
}

pub fn run(args: InteropArgs) -> Result<ExitCode> {
    let root = repository_root();
    let gsoap = std::path::absolute(&args.gsoap)
        .with_context(|| format!("resolving {}", args.gsoap.display()))?;
    for program in ["calc-server", "calc-client"] {
        if !gsoap.join(program).exists() {
            bail!(
                "no {program} in {} (build it: tests/peer/gsoap/build.sh {})",
                gsoap.display(),
                args.gsoap.display()
            );
        }
    }
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
    let corpus = corpus_root(args.corpus);
    let out = root.join("target/interop");
    let GeneratedSet { dir, generated, .. } = generate_set(&corpus, SET, &out)?;
    let manifest = dir.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest)?;
    text.push_str(&format!(
        "\n[dev-dependencies]\n{package} = {{ path = \".\", features = [\"server\"] }}\n\
         loopback = {{ path = {loopback:?} }}\n\
         tokio = {{ version = \"1\", features = [\"full\"] }}\n",
        package = generated.name,
        loopback = root.join("crates/loopback").display().to_string(),
    ));
    std::fs::write(&manifest, text)?;
    std::fs::create_dir_all(dir.join("tests"))?;
    std::fs::copy(
        root.join("tests/peer/gsoap/interop.rs"),
        dir.join("tests/interop.rs"),
    )
    .context("copying tests/peer/gsoap/interop.rs")?;
    write_workspace(&out, &[SET], "cargo xtask interop")?;

    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/corpus-check"));
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["test", "--quiet", "--test", "interop", "--", "--nocapture"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        .env("GSOAP_PEER", &gsoap)
        .env("CALC_WSDL", corpus.join(SET).join("calc.wsdl"))
        .env("ZEEP_PYTHON", &python)
        .env("ZEEP_SCRIPT", root.join("tests/peer/encoded_zeep.py"))
        .status()
        .context("running cargo test")?;
    if !status.success() {
        bail!("{SET}: the generated client and server do not interoperate with gSOAP");
    }
    println!(
        "{SET}: every operation both ways between the generated code and gSOAP, and zeep's requests"
    );
    Ok(ExitCode::SUCCESS)
}
