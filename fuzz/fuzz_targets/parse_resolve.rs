//! Fuzz target: parse and resolve an arbitrary WSDL set of up to two files.
//!
//! The input is split at the first NUL byte (which well-formed XML cannot contain): the part
//! before it becomes `main.wsdl`, the part after it `a.xsd`, both in one temporary folder per
//! process, rewritten every iteration. Without a NUL byte there is no `a.xsd`. `main.wsdl` is
//! the only entry file, so `a.xsd` is read only when `main.wsdl` imports or includes it (or
//! the loader looks for sibling schemas). A successful load is also rendered with `dump`.
//!
//! Any panic is a bug: errors are the expected outcome for most inputs.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use wsdl_codegen::{LoadOptions, dump, load};

/// The separator between the two files.
const SEPARATOR: u8 = 0;

struct Workspace {
    main: PathBuf,
    second: PathBuf,
}

fn workspace() -> &'static Workspace {
    static WORKSPACE: OnceLock<Workspace> = OnceLock::new();
    WORKSPACE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("wsdl-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create the fuzz temp folder");
        Workspace {
            main: dir.join("main.wsdl"),
            second: dir.join("a.xsd"),
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let ws = workspace();
    let (main, second) = match data.iter().position(|&b| b == SEPARATOR) {
        Some(at) => (&data[..at], Some(&data[at + 1..])),
        None => (data, None),
    };
    std::fs::write(&ws.main, main).expect("write main.wsdl");
    match second {
        Some(second) => std::fs::write(&ws.second, second).expect("write a.xsd"),
        None => {
            let _ = std::fs::remove_file(&ws.second);
        }
    }
    if let Ok(ir) = load(std::slice::from_ref(&ws.main), &LoadOptions::default()) {
        let text = dump(&ir);
        std::hint::black_box(text);
    }
});
