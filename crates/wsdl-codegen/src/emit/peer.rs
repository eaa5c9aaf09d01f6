//! The peer cross-check test of a generated crate (`tests/peer_codec.rs`): request and
//! response bodies of chosen operations are written by the generated encoders for another
//! SOAP stack (Python zeep) to parse, and the bodies that stack renders are read back by the
//! generated decoders.

use quote::quote;

use super::context::Context;
use super::format::format_file;
use super::options::{EmitError, EmitOptions};
use super::shape::ident;
use crate::ir::{Body, Ir, OperationMessage, SoapVersion, TypeKind, TypeRef};

/// The peer test could not be emitted.
#[derive(Debug, thiserror::Error)]
pub enum PeerTestError {
    /// An operation asked for cannot take part.
    #[error("operation `{operation}` of {source_name}: {reason}")]
    Operation {
        /// The set, as [`EmitOptions::source`] names it.
        source_name: String,
        /// The operation's WSDL name.
        operation: String,
        /// Why it cannot take part.
        reason: String,
    },
    /// The generated tokens did not parse as Rust.
    #[error(transparent)]
    Emit(#[from] EmitError),
}

/// The peer test of a generated crate (`crate_name` is its Rust name) over `operations`,
/// each named as in the WSDL and bound document/literal, with a body of one element whose
/// type is a structure of the set.
///
/// The test runs in two phases, chosen by `PEER_PHASE`, over the folder `PEER_DIR`:
/// `write` builds values of each body type with its `Arbitrary` impl from fixed seeds and
/// writes, per value, the SOAP envelope (`<operation>.<request|response>.<case>.xml`) and the
/// value as JSON (`….json`); `read` decodes the envelopes another stack rendered from those
/// values (`zeep/<same name>.xml`, where present) and compares them with the JSON.
pub fn emit_peer_test(
    ir: &Ir,
    crate_name: &str,
    operations: &[&str],
    options: &EmitOptions,
) -> Result<String, PeerTestError> {
    let context = Context::new(ir, options)?;
    let runtime = &context.runtime;
    let krate = ident(crate_name);
    let fail = |operation: &str, reason: &str| PeerTestError::Operation {
        source_name: options.source.clone(),
        operation: operation.to_owned(),
        reason: reason.to_owned(),
    };
    let mut checks = Vec::new();
    for &name in operations {
        let (version, operation) = ir
            .services
            .iter()
            .flat_map(|service| &service.ports)
            .find_map(|port| {
                let operation = port.operations.iter().find(|op| op.name == name)?;
                Some((port.soap_version, operation))
            })
            .ok_or_else(|| fail(name, "no port has it"))?;
        let version = match version {
            SoapVersion::Soap11 => quote!(#runtime::envelope::SoapVersion::Soap11),
            SoapVersion::Soap12 => quote!(#runtime::envelope::SoapVersion::Soap12),
        };
        // An empty body (a bare message of no part) carries nothing to compare.
        let messages = std::iter::once(("request", &operation.input))
            .chain(operation.output.as_ref().map(|output| ("response", output)))
            .filter(
                |(_, message)| !matches!(&message.body, Body::Bare { parts } if parts.is_empty()),
            );
        for (direction, message) in messages {
            let (namespace, local, type_name) =
                body_element(ir, message).map_err(|reason| fail(name, reason))?;
            let file = format!("{name}.{direction}");
            let ty = ident(type_name);
            checks.push(quote! {
                peer.body(
                    #file,
                    #version,
                    #namespace,
                    #local,
                    #krate::#ty::write_content,
                    #krate::#ty::read_element,
                );
            });
        }
    }
    let tokens = quote! {
        //! The generated codec against Python zeep: in phase `write` (`PEER_PHASE`) the
        //! generated encoders write request and response envelopes of values built by
        //! `Arbitrary` from fixed seeds, and the values as JSON, into `PEER_DIR`, for zeep to
        //! parse and compare; in phase `read` the generated decoders read the envelopes zeep
        //! rendered from those values (`PEER_DIR/zeep/`) and compare them with the JSON.
        //! Each phase prints how many bodies it handled.

        use std::fmt::Debug;
        use std::path::{Path, PathBuf};

        use #runtime::arbitrary::{Arbitrary, Unstructured, random_bytes};
        use #runtime::envelope::{SoapVersion, read_body, write_envelope};
        use #runtime::xml::{Element, ReaderOptions, XmlReader, XmlWriter};

        /// Values per body.
        const VALUES: u64 = 8;

        /// What the test does with each body.
        enum Phase {
            Write,
            Read,
        }

        /// The exchange folder and the bodies handled so far.
        struct Peer {
            phase: Phase,
            dir: PathBuf,
            bodies: usize,
        }

        impl Peer {
            /// Writes (phase `write`) or reads back (phase `read`) [`VALUES`] bodies of type
            /// `T`, the element `{namespace}local`, under the file names `file.<case>`.
            fn body<T>(
                &mut self,
                file: &str,
                version: SoapVersion,
                namespace: &str,
                local: &str,
                write: impl Fn(&T, &mut XmlWriter),
                read: impl for<'x> Fn(&mut XmlReader<'x>, &Element<'x>) -> #runtime::Result<T>,
            ) where
                T: for<'u> Arbitrary<'u> + serde::Serialize + serde::de::DeserializeOwned + PartialEq + Debug,
            {
                for case in 0..VALUES {
                    let stem = format!("{file}.{case}");
                    match self.phase {
                        Phase::Write => {
                            let bytes = random_bytes(seed(&stem));
                            let value = T::arbitrary(&mut Unstructured::new(&bytes))
                                .unwrap_or_else(|error| panic!("{stem}: no value from the seed: {error}"));
                            let name = qualified(namespace, local);
                            let mut w = XmlWriter::new();
                            write_envelope(&mut w, version, |w| {
                                #krate::write_document(w, &name, |w| write(&value, w));
                            });
                            write_file(&self.dir.join(format!("{stem}.xml")), &w.into_bytes());
                            let json = serde_json::to_vec_pretty(&value)
                                .unwrap_or_else(|error| panic!("{stem}: {error}"));
                            write_file(&self.dir.join(format!("{stem}.json")), &json);
                        }
                        Phase::Read => {
                            let rendered = self.dir.join("zeep").join(format!("{stem}.xml"));
                            // zeep renders back only values it read without loss.
                            if !rendered.exists() {
                                continue;
                            }
                            let json = read_file(&self.dir.join(format!("{stem}.json")));
                            let expected: T = serde_json::from_str(&json)
                                .unwrap_or_else(|error| panic!("{stem}.json: {error}"));
                            let xml = read_file(&rendered);
                            let mut body = read_body(&xml, ReaderOptions::default(), 200)
                                .unwrap_or_else(|error| panic!("zeep/{stem}.xml: {error}"));
                            let element = body
                                .content
                                .take()
                                .unwrap_or_else(|| panic!("zeep/{stem}.xml: the body is empty"));
                            assert!(
                                element.is(Some(namespace), local),
                                "zeep/{stem}.xml: the body holds <{}>, not {{{namespace}}}{local}",
                                element.local_name()
                            );
                            let decoded = read(&mut body.reader, &element)
                                .unwrap_or_else(|error| panic!("zeep/{stem}.xml: {error}"));
                            assert_eq!(decoded, expected, "zeep/{stem}.xml decodes to another value");
                        }
                    }
                    self.bodies += 1;
                }
            }
        }

        /// The name generated writers give the element `{namespace}local`.
        fn qualified(namespace: &str, local: &str) -> String {
            match #krate::NAMESPACES.iter().find(|(_, uri)| *uri == namespace) {
                Some((prefix, _)) => format!("{prefix}:{local}"),
                None => local.to_owned(),
            }
        }

        /// A seed per file name (FNV-1a), so each body gets its own values, the same each run.
        fn seed(name: &str) -> u64 {
            name.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
                (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
            })
        }

        fn write_file(path: &Path, bytes: &[u8]) {
            std::fs::write(path, bytes)
                .unwrap_or_else(|error| panic!("writing {}: {error}", path.display()));
        }

        fn read_file(path: &Path) -> String {
            std::fs::read_to_string(path)
                .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()))
        }

        #[test]
        fn bodies_cross_the_peer() {
            let phase = match std::env::var("PEER_PHASE").as_deref() {
                Ok("write") => Phase::Write,
                Ok("read") => Phase::Read,
                _ => panic!("set PEER_PHASE to write or read (cargo xtask peer-codec does)"),
            };
            let dir = PathBuf::from(
                std::env::var_os("PEER_DIR").expect("set PEER_DIR (cargo xtask peer-codec does)"),
            );
            let mut peer = Peer { phase, dir, bodies: 0 };
            #(#checks)*
            println!("peer codec: {} bodies", peer.bodies);
        }
    };
    Ok(format_file(
        options,
        "// Generated by `cargo xtask peer-codec`; do not edit.",
        tokens,
    )?)
}

/// The element of a document/literal body of one part (wrapped or bare) whose type is a
/// structure of the set: its namespace, local name and Rust type name.
fn body_element<'ir>(
    ir: &'ir Ir,
    message: &'ir OperationMessage,
) -> Result<(&'ir str, &'ir str, &'ir str), &'static str> {
    let part = match &message.body {
        Body::Wrapped { part } => part,
        Body::Bare { parts } if parts.len() == 1 => &parts[0],
        Body::Bare { .. } => return Err("a bare body of other than one part"),
        Body::Rpc { .. } => return Err("rpc style"),
    };
    if part.element.is_none() {
        return Err("a part without an element");
    }
    let TypeRef::Defined(id) = part.ty else {
        return Err("a body element of a built-in type");
    };
    let def = ir.ty(id);
    if !matches!(def.kind, TypeKind::Struct(_)) {
        return Err("a body element whose type is not a structure");
    }
    let namespace = part
        .xml_name
        .namespace
        .as_deref()
        .ok_or("a body element in no namespace")?;
    Ok((namespace, &part.xml_name.local, &def.rust_name))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::{LoadOptions, load};

    fn fixture(name: &str) -> Ir {
        let wsdl = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name)
            .join("service.wsdl");
        load(&[wsdl], &LoadOptions::default()).expect("the fixture loads")
    }

    #[test]
    fn a_wrapped_operation_checks_its_request_and_response_elements() {
        let test = emit_peer_test(
            &fixture("document_wrapped"),
            "fixture",
            &["RenameCustomer"],
            &EmitOptions::default(),
        )
        .expect("a document/literal wrapped operation takes part");
        for (file, ty) in [
            ("RenameCustomer.request", "RenameCustomer"),
            ("RenameCustomer.response", "RenameCustomerResponse"),
        ] {
            let call = format!("\"{file}\",");
            let at = test
                .find(&call)
                .unwrap_or_else(|| panic!("no body {file}:\n{test}"));
            assert!(
                test[at..].contains(&format!("fixture::{ty}::read_element")),
                "{file} is not read as {ty}:\n{test}"
            );
        }
        assert_eq!(test.matches("peer.body(").count(), 2, "{test}");
    }

    #[test]
    fn operations_that_cannot_take_part_are_refused_by_name() {
        let rpc = emit_peer_test(
            &fixture("rpc_encoded"),
            "fixture",
            &["getStockLevel"],
            &EmitOptions::default(),
        )
        .expect_err("rpc style has no body element");
        assert!(rpc.to_string().contains("`getStockLevel`"), "{rpc}");
        assert!(rpc.to_string().contains("rpc style"), "{rpc}");
        let missing = emit_peer_test(
            &fixture("document_wrapped"),
            "fixture",
            &["NoSuchOperation"],
            &EmitOptions::default(),
        )
        .expect_err("an unknown operation");
        assert!(missing.to_string().contains("no port has it"), "{missing}");
    }
}
