//! Fuzz target: parse and resolve an arbitrary WSDL set of up to two documents.
//!
//! The input is split at the first NUL byte (which well-formed XML cannot contain): the part
//! before it becomes the in-memory document `main.wsdl`, the part after it `a.xsd`. Without a
//! NUL byte there is no `a.xsd`. `main.wsdl` is the only entry, so `a.xsd` is read only when
//! `main.wsdl` imports or includes it (or the loader looks for sibling schemas). Nothing
//! touches the disk. A successful load is also rendered with `dump`.
//!
//! Any panic is a bug: errors are the expected outcome for most inputs.

#![no_main]

use libfuzzer_sys::fuzz_target;
use wsdl_codegen::{LoadOptions, MemoryDocuments, dump, load_from};

/// The separator between the two documents.
const SEPARATOR: u8 = 0;

fuzz_target!(|data: &[u8]| {
    let documents = match data.iter().position(|&b| b == SEPARATOR) {
        Some(at) => MemoryDocuments::new()
            .with("main.wsdl", &data[..at])
            .with("a.xsd", &data[at + 1..]),
        None => MemoryDocuments::new().with("main.wsdl", data),
    };
    if let Ok(ir) = load_from(&documents, &["main.wsdl".into()], &LoadOptions::default()) {
        let text = dump(&ir);
        std::hint::black_box(text);
    }
});
