//! `wsdl2rust`: generates a Rust crate of its own from a WSDL set (`wsdl2rust --help`).

use std::process::ExitCode;

use anyhow::{Result, bail};
use wsdl2rust::{GENERATE_FLAGS_HELP, GenerateArgs, LOAD_FLAGS_HELP, default_runtime};

/// Generation allocates and frees millions of small token and syntax-tree nodes; mimalloc
/// does that markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> String {
    format!(
        "\
usage: wsdl2rust --wsdl PATH --out DIR [FLAGS]

Generates a crate for a WSDL set: types with their XML codec, an async client per port and,
behind the crate's `server` feature, a server trait per port. The crate depends on
soap-runtime ({default}, unless --runtime says otherwise) and compiles on its own:
`cargo check --manifest-path DIR/Cargo.toml`. Its features: serde, server, arbitrary (and
yaserde with --yaserde); none is on by default.

flags:
{GENERATE_FLAGS_HELP}
{LOAD_FLAGS_HELP}
  -h, --help           print this text
  -V, --version        print the version",
        default = default_runtime(),
    )
}

fn run() -> Result<()> {
    let mut args = GenerateArgs::default();
    let mut rest = std::env::args().skip(1);
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{}", usage());
                return Ok(());
            }
            "-V" | "--version" => {
                println!("wsdl2rust {}", env!("CARGO_PKG_VERSION"));
                return Ok(());
            }
            other if args.accept(other, &mut rest)? => {}
            other => bail!("unknown argument `{other}`\n\n{}", usage()),
        }
    }
    if !args.names_a_crate() {
        bail!("nothing to do\n\n{}", usage());
    }
    args.run("wsdl2rust")?;
    Ok(())
}
