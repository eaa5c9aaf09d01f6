//! Project automation: `cargo xtask <command>`; `cargo xtask --help` lists the commands.

mod checked_in;
mod codegen;
mod corpus;
mod interop;
mod peercodec;
mod roundtrip;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use wsdl_codegen::{LoadOptions, Severity};
use wsdl2rust::{GENERATE_FLAGS_HELP, LOAD_FLAGS_HELP, load_flag};

/// The usage text; the generator's flags are described by the `wsdl2rust` crate, which parses
/// them for both programs.
fn usage() -> String {
    format!(
        "\
usage: cargo xtask <command>

commands:
  codegen [--check] [LOAD FLAGS]
      Regenerate crates/wfm-sdk/src/generated from the WSDLs in wsdl/ (one module per file),
      the code snapshots of the front end's fixtures in crates/codegen-fixtures/src and their
      round-trip test in crates/codegen-fixtures/tests/round_trip. --check changes nothing and
      fails if any generated file is stale (as does `cargo test`, in xtask's drift test).
  codegen --wsdl PATH --out DIR [CRATE FLAGS] [LOAD FLAGS]
      Generate a standalone crate (DIR/Cargo.toml, DIR/src/lib.rs) for any WSDL set: a WSDL
      file, or a folder whose *.wsdl files form one set. Prints the set's warnings and notes.
      The same as the `wsdl2rust` binary (crates/wsdl2rust).
  corpus [--corpus DIR]
      Generate a crate for every set of the WSDL corpus (DIR, else $WSDL_CORPUS, else
      ../shared/wsdl-corpus) and `cargo check` each with warnings denied; prints lines,
      generation time and check time per set.
  roundtrip [--corpus DIR] [--cases N]
      Property-based round trips: for every generated type of six corpus sets, N values
      (default 64) built by the types' `Arbitrary` impls from seeded bytes must survive
      write_element → read_element unchanged; prints types and values checked per set.
  peer-codec [--corpus DIR] [--out DIR] [--python PATH]
      The generated codec against Python zeep (PATH, else $PEER_PYTHON, else .venv/bin/python)
      for operations of three corpus sets: zeep parses the request and response envelopes our
      encoders write, and our decoders read the envelopes zeep renders from the same values.
      Crates and exchanged files go to DIR (default target/peer-codec).
  interop --gsoap DIR [--corpus DIR] [--python PATH]
      SOAP encoding against gSOAP and zeep: the client and server generated from the corpus
      set gsoap-calc (rpc/encoded) call, and are called by, gSOAP's calc-server and
      calc-client (built into DIR by tests/peer/gsoap/build.sh DIR), every operation both
      ways; zeep (PATH, else $PEER_PYTHON, else .venv/bin/python) calls the generated server.
  ir --wsdl PATH [--json] [LOAD FLAGS]
      Load and resolve a WSDL set (a WSDL file, or a folder of *.wsdl files) and print
      its intermediate representation: readable text, or JSON with --json.

crate flags (--wsdl and --out included):
{GENERATE_FLAGS_HELP}

load flags:
{LOAD_FLAGS_HELP}"
    )
}

/// Generation allocates and frees millions of small token and syntax-tree nodes; mimalloc
/// does that markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<ExitCode> {
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        Some("ir") => ir(args.collect()),
        Some("codegen") => codegen(args.collect()),
        Some("corpus") => {
            let args: Vec<String> = args.collect();
            match args.as_slice() {
                [] => corpus::run(None),
                [flag, dir] if flag == "--corpus" => corpus::run(Some(PathBuf::from(dir))),
                _ => bail!("usage: cargo xtask corpus [--corpus DIR]"),
            }
        }
        Some("roundtrip") => round_trip(args.collect()),
        Some("peer-codec") => peer_codec(args.collect()),
        Some("interop") => interop(args.collect()),
        Some("-h" | "--help") | None => {
            println!("{}", usage());
            Ok(ExitCode::SUCCESS)
        }
        Some(other) => bail!("unknown command `{other}`\n\n{}", usage()),
    }
}

fn ir(args: Vec<String>) -> Result<ExitCode> {
    let mut wsdl = None;
    let mut json = false;
    let mut options = LoadOptions::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--wsdl" => wsdl = Some(PathBuf::from(args.next().context("--wsdl needs a path")?)),
            "--json" => json = true,
            other if load_flag(other, &mut args, &mut options)? => {}
            other => bail!("unknown argument `{other}`\n\n{}", usage()),
        }
    }
    let wsdl = wsdl.context("ir needs --wsdl PATH")?;
    let entries = wsdl_codegen::wsdl_entries(&wsdl)
        .with_context(|| format!("cannot list `{}`", wsdl.display()))?;
    if entries.is_empty() {
        bail!("no *.wsdl file in `{}`", wsdl.display());
    }
    match wsdl_codegen::load(&entries, &options) {
        Ok(ir) => {
            let mut usage = wsdl_codegen::OverrideUsage::default();
            usage.record(&ir);
            options.type_overrides.check_usage(&usage)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&ir)?);
            } else {
                print!("{}", wsdl_codegen::dump(&ir));
            }
            // The text dump ends with the diagnostics: on a terminal, once is enough.
            if json || !std::io::stdout().is_terminal() {
                for diagnostic in &ir.diagnostics {
                    eprintln!("{diagnostic}");
                }
            }
            let warnings = ir
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .count();
            eprintln!(
                "{} service(s), {} operation(s), {} type(s), {warnings} warning(s)",
                ir.services.len(),
                ir.operation_count(),
                ir.types.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            eprintln!("{error}");
            Ok(ExitCode::FAILURE)
        }
    }
}

fn codegen(args: Vec<String>) -> Result<ExitCode> {
    let mut options = codegen::CodegenArgs::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => options.check = true,
            other if options.generate.accept(other, &mut args)? => {}
            other => bail!("unknown argument `{other}`\n\n{}", usage()),
        }
    }
    codegen::run(options)
}

fn round_trip(args: Vec<String>) -> Result<ExitCode> {
    let mut options = roundtrip::RoundTripArgs::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--corpus" => {
                options.corpus = Some(PathBuf::from(
                    args.next().context("--corpus needs a folder")?,
                ))
            }
            "--cases" => {
                let cases = args.next().context("--cases needs a number")?;
                options.cases = Some(
                    cases
                        .parse()
                        .with_context(|| format!("--cases {cases}: not a number"))?,
                );
            }
            other => bail!("unknown argument `{other}`\n\n{}", usage()),
        }
    }
    roundtrip::run(options)
}

fn peer_codec(args: Vec<String>) -> Result<ExitCode> {
    let mut options = peercodec::PeerCodecArgs::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut path = |what: &str| -> Result<PathBuf> {
            Ok(PathBuf::from(
                args.next().with_context(|| format!("{arg} needs {what}"))?,
            ))
        };
        match arg.as_str() {
            "--corpus" => options.corpus = Some(path("a folder")?),
            "--out" => options.out = Some(path("a folder")?),
            "--python" => options.python = Some(path("a path")?),
            other => bail!("unknown argument `{other}`\n\n{}", usage()),
        }
    }
    peercodec::run(options)
}

fn interop(args: Vec<String>) -> Result<ExitCode> {
    let mut corpus = None;
    let mut gsoap = None;
    let mut python = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut folder = || -> Result<PathBuf> {
            Ok(PathBuf::from(
                args.next()
                    .with_context(|| format!("{arg} needs a folder"))?,
            ))
        };
        match arg.as_str() {
            "--corpus" => corpus = Some(folder()?),
            "--gsoap" => gsoap = Some(folder()?),
            "--python" => python = Some(folder()?),
            other => bail!("unknown argument `{other}`\n\n{}", usage()),
        }
    }
    let gsoap = gsoap.context("interop needs --gsoap DIR (see tests/peer/gsoap/build.sh)")?;
    interop::run(interop::InteropArgs {
        corpus,
        gsoap,
        python,
    })
}
