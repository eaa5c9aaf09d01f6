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

/// `#[doc = …]` attributes for optional documentation.
pub(super) fn doc_attr(doc: Option<&str>) -> TokenStream {
    match doc {
        Some(text) => {
            let text = doc_text(&escape_doc(text));
            quote!(#[doc = #text])
        }
        None => quote!(),
    }
}

/// Neutralises text that rustdoc would read as markup it cannot render: code fences and
/// angle-bracket tags (WSDL documentation is often HTML).
pub(super) fn escape_doc(text: &str) -> String {
    text.replace("```", "'''")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('[', "\\[")
        .replace(']', "\\]")
}

/// The derives of every generated type.
const DERIVE: &str = "Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize";

/// `#[derive(…)]` of every generated type.
pub(super) fn derives() -> TokenStream {
    let derive: TokenStream = DERIVE.parse().unwrap_or_default();
    quote!(#[derive(#derive)])
}

/// [`derives`] without `Debug`, for types with a hand-written one.
pub(super) fn derives_except_debug() -> TokenStream {
    let derive: TokenStream = DERIVE.replace("Debug, ", "").parse().unwrap_or_default();
    quote!(#[derive(#derive)])
}
