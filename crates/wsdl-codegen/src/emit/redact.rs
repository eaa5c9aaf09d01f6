//! `Debug` that keeps secrets out of logs: structs with a field named like a password, a
//! secret or a token get a hand-written `Debug` impl printing `<redacted>` for those fields
//! instead of the derived one.
//!
//! The rule looks at the XML name, split into words as for Rust names (`wmPassword` →
//! `wm`, `password`): a field is secret when its last word, without trailing digits, is one
//! of [`SECRET_WORDS`]. The last word names what the field is, earlier words qualify it:
//! `newPassword` and `cardToken` are secrets, `passwordExpires` and `tokenCount` are facts
//! about one, and `tokenValue` (a value of type `xs:token`) is no secret either.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::naming::words;

/// Words that name a credential.
const SECRET_WORDS: &[&str] = &["password", "passwd", "pwd", "passphrase", "secret", "token"];

/// Whether a field with this XML local name holds a secret.
pub(super) fn is_secret_name(xml_local_name: &str) -> bool {
    let last = words(xml_local_name)
        .into_iter()
        .map(|w| {
            w.trim_end_matches(|c: char| c.is_ascii_digit())
                .to_lowercase()
        })
        .rfind(|w| !w.is_empty());
    last.is_some_and(|w| SECRET_WORDS.contains(&w.as_str()))
}

/// How many values a struct field holds, for printing a redacted one.
#[derive(Clone, Copy)]
pub(super) enum Holding {
    One,
    Optional,
    Many,
}

/// A field as `Debug` prints it.
pub(super) struct DebugField {
    pub rust_name: Ident,
    /// `Some` for a secret: how to print it redacted.
    pub secret: Option<Holding>,
}

/// `impl Debug for name` printing every field, with secrets redacted (`<redacted>`, or
/// `Some(<redacted>)`/`None`, or one `<redacted>` per item, so presence and count stay visible).
pub(super) fn debug_impl(
    runtime: &TokenStream,
    name: &Ident,
    fields: &[DebugField],
) -> TokenStream {
    let type_name = name.to_string();
    let entries = fields.iter().map(|field| {
        let rust = &field.rust_name;
        let label = rust.to_string();
        let label = label.trim_start_matches("r#");
        let value = match field.secret {
            None => quote!(&self.#rust),
            Some(Holding::One) => quote!(&#runtime::Redacted),
            Some(Holding::Optional) => quote!(&self.#rust.as_ref().map(|_| #runtime::Redacted)),
            Some(Holding::Many) => {
                quote!(&self.#rust.iter().map(|_| #runtime::Redacted).collect::<Vec<_>>())
            }
        };
        quote!(.field(#label, #value))
    });
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#type_name)
                    #(#entries)*
                    .finish()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_secret_name;

    #[test]
    fn secrets_are_named_by_the_last_word() {
        for name in [
            "password",
            "Password",
            "wmPassword",
            "newPassword2",
            "user_passwd",
            "PWD",
            "clientSecret",
            "cardToken",
            "accessToken",
        ] {
            assert!(is_secret_name(name), "{name} is a secret");
        }
        for name in [
            "passwordExpires",
            "tokenCount",
            "tokenValue",
            "NMTOKENValue",
            "tokenizer",
            "userName",
            "secretary",
            "",
        ] {
            assert!(!is_secret_name(name), "{name} is not a secret");
        }
    }
}
