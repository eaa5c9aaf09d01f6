//! What every part of the emitter needs: the IR, the namespace prefixes, the runtime crate's
//! path, the yaserde plan and the derives.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::names::Prefixes;
use super::options::{Derives, EmitError, EmitOptions};
use super::yaserde_plan::YaserdePlan;
use crate::ir::Ir;

/// What every part of the emitter needs.
pub(crate) struct Context<'a> {
    pub ir: &'a Ir,
    pub prefixes: Prefixes,
    pub runtime: TokenStream,
    /// Which types derive yaserde, and how.
    pub yaserde: YaserdePlan,
    /// The traits types derive on request: [`EmitOptions::derives`], with `Clone` when
    /// yaserde's twins are built (from clones).
    pub derives: Derives,
}

impl<'a> Context<'a> {
    /// The context of `ir`; fails when `options` names a runtime crate that is no path.
    pub fn new(ir: &'a Ir, options: &EmitOptions) -> Result<Self, EmitError> {
        let runtime = syn::parse_str::<syn::Path>(&options.runtime_crate)
            .map_err(|_| EmitError::RuntimeCrate {
                runtime_crate: options.runtime_crate.clone(),
            })?
            .to_token_stream();
        Ok(Context {
            ir,
            prefixes: Prefixes::collect(ir),
            runtime,
            yaserde: YaserdePlan::new(ir, options.yaserde),
            derives: options.derives.union(Derives {
                clone: options.yaserde,
                partial_eq: false,
            }),
        })
    }

    /// The module's `NAMESPACES` table and `write_document` helper.
    pub fn namespace_declarations(&self) -> TokenStream {
        let entries = self
            .prefixes
            .declared
            .iter()
            .map(|(prefix, ns)| quote!((#prefix, #ns)));
        let runtime = &self.runtime;
        let encoded = self.has_encoded_messages().then(|| {
            quote! {
                /// Writes a SOAP-encoded document element `name` (an rpc/encoded operation or
                /// response element) with every prefix of [`NAMESPACES`] declared, and
                /// `content` inside, every value typed with `xsi:type`.
                pub fn write_encoded_document(
                    w: &mut XmlWriter,
                    name: &str,
                    encoding: #runtime::encoding::SoapEncoding,
                    content: impl FnOnce(&mut XmlWriter),
                ) {
                    w.start_encoded_document(name, NAMESPACES, encoding);
                    content(w);
                    w.end_document(name);
                }
            }
        });
        quote! {
            /// The namespace prefixes generated writers use, declared on each body element.
            pub const NAMESPACES: &[(&str, &str)] = &[#(#entries),*];

            /// Writes a document element `name` with every prefix of [`NAMESPACES`] declared,
            /// and `content` (attributes, then children) inside.
            pub fn write_document(w: &mut XmlWriter, name: &str, content: impl FnOnce(&mut XmlWriter)) {
                w.start_document(name, NAMESPACES);
                content(w);
                w.end_document(name);
            }

            #encoded
        }
    }

    /// Whether any operation's body is SOAP-encoded.
    fn has_encoded_messages(&self) -> bool {
        self.ir
            .services
            .iter()
            .flat_map(|service| &service.ports)
            .flat_map(|port| &port.operations)
            .flat_map(|operation| std::iter::once(&operation.input).chain(&operation.output))
            .any(|message| message.body_use == crate::ir::BodyUse::Encoded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_runtime_crate_that_is_no_path_is_refused() {
        let ir = Ir::default();
        for runtime_crate in ["my_sdk::runtime", "crate::runtime", "::wfm_runtime"] {
            let options = EmitOptions {
                runtime_crate: runtime_crate.to_owned(),
                ..EmitOptions::default()
            };
            assert!(Context::new(&ir, &options).is_ok(), "{runtime_crate}");
        }
        for runtime_crate in ["", "wfm-runtime", "wfm_runtime;", "a b"] {
            let options = EmitOptions {
                runtime_crate: runtime_crate.to_owned(),
                ..EmitOptions::default()
            };
            let error = crate::emit_module(&ir, &options).expect_err(runtime_crate);
            assert!(
                matches!(&error, EmitError::RuntimeCrate { runtime_crate: given } if given == runtime_crate),
                "{runtime_crate}: {error}"
            );
        }
    }
}
