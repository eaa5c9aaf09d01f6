//! The attributes every generated item carries: its documentation and its derives.

use proc_macro2::TokenStream;
use quote::quote;

use super::options::Derives;

/// Documentation text made safe for rustdoc: each line prefixed with a space.
pub(super) fn doc_text(text: &str) -> String {
    text.lines()
        .map(|l| format!(" {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `#[doc = …]` for documentation the generator writes: Markdown, kept as written so its
/// intra-doc links render as links. Text from the WSDL goes through [`wsdl_doc`] first.
pub(super) fn doc_attr(markdown: &str) -> TokenStream {
    let text = doc_text(markdown);
    quote!(#[doc = #text])
}

/// Documentation from the WSDL made safe for rustdoc: text it would read as markup it cannot
/// render (code fences, angle-bracket tags, as WSDL documentation is often HTML, and
/// brackets it would take for links) is neutralised.
pub(super) fn wsdl_doc(text: &str) -> String {
    text.replace("```", "'''")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('[', "\\[")
        .replace(']', "\\]")
}

/// `#[derive(…)]` of a generated type: `Debug` and what `requested` asks for, serde's derives
/// behind the generated crate's `serde` feature ([`serde_derives`]).
pub(super) fn derives(requested: Derives) -> TokenStream {
    struct_derives(requested, true, false)
}

/// The derives of a struct: [`derives`], without `Debug` for one with a hand-written `Debug`
/// (`debug` false), and with `Default` when every field has a default (`default`,
/// `StructType::default`).
pub(super) fn struct_derives(requested: Derives, debug: bool, default: bool) -> TokenStream {
    let traits = [
        (requested.clone, quote!(Clone)),
        (debug, quote!(Debug)),
        (default, quote!(Default)),
        (requested.partial_eq, quote!(PartialEq)),
    ];
    let traits: Vec<TokenStream> = traits
        .into_iter()
        .filter_map(|(derived, name)| derived.then_some(name))
        .collect();
    let derive = (!traits.is_empty()).then(|| quote!(#[derive(#(#traits),*)]));
    let serde = serde_derives();
    quote!(#derive #serde)
}

/// serde's derives, behind the generated crate's `serde` feature: they are most of what rustc
/// spends on a large generated crate (78% of `cargo check` on the AXL-shaped benchmark when
/// they were derived always), so a crate that does not turn its types into JSON should not
/// pay for them.
fn serde_derives() -> TokenStream {
    quote!(#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))])
}
