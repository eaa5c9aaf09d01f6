//! The attributes every generated item carries: its documentation and its derives.

use proc_macro2::TokenStream;
use quote::quote;

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

/// The derives of every generated type. serde's derives sit behind the generated crate's
/// `serde` feature ([`serde_derives`]): they are most of what rustc spends on a large
/// generated crate (78% of `cargo check` on the AXL-shaped benchmark), so a crate that does
/// not turn its types into JSON should not pay for them.
const DERIVE: &str = "Clone, Debug, PartialEq";

/// `#[derive(…)]` of every generated type.
pub(super) fn derives() -> TokenStream {
    let derive: TokenStream = DERIVE.parse().unwrap_or_default();
    let serde = serde_derives();
    quote!(#[derive(#derive)] #serde)
}

/// The derives of a struct: [`derives`], without `Debug` for one with a hand-written `Debug`,
/// and with `Default` when every field has a default (`StructType::default`).
pub(super) fn struct_derives(debug: bool, default: bool) -> TokenStream {
    let mut derive = if debug {
        DERIVE.to_owned()
    } else {
        DERIVE.replace("Debug, ", "")
    };
    if default {
        derive = derive.replace("PartialEq", "Default, PartialEq");
    }
    let derive: TokenStream = derive.parse().unwrap_or_default();
    let serde = serde_derives();
    quote!(#[derive(#derive)] #serde)
}

/// serde's derives, behind the generated crate's `serde` feature.
fn serde_derives() -> TokenStream {
    quote!(#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))])
}
