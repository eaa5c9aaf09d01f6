//! Generated tokens as formatted Rust source.

use proc_macro2::TokenStream;

use super::options::{EmitError, EmitOptions};

/// Parses generated items and formats them with prettyplease.
pub(super) fn format_items(
    options: &EmitOptions,
    tokens: TokenStream,
) -> Result<String, EmitError> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| EmitError::InvalidRust {
        source_name: options.source.clone(),
        message: error.to_string(),
    })?;
    Ok(prettyplease::unparse(&file))
}

/// Formatted source built item by item: each item is parsed and formatted on its own as it
/// comes, so the syntax tree of one item at most is alive at a time.
pub(super) struct FormattedItems<'o> {
    options: &'o EmitOptions,
    text: String,
}

impl<'o> FormattedItems<'o> {
    pub fn new(options: &'o EmitOptions) -> Self {
        FormattedItems {
            options,
            text: String::new(),
        }
    }

    /// Formats `tokens` (any number of items, nothing for none) and appends them.
    pub fn push(&mut self, tokens: TokenStream) -> Result<(), EmitError> {
        if !tokens.is_empty() {
            self.text.push_str(&format_items(self.options, tokens)?);
        }
        Ok(())
    }

    /// The formatted items, without blank lines between them (see [`separate_items`]).
    pub fn into_text(self) -> String {
        self.text
    }
}

/// A whole generated file: its first line, then the formatted items with blank lines
/// between them.
pub(super) fn format_file(
    options: &EmitOptions,
    first_line: &str,
    tokens: TokenStream,
) -> Result<String, EmitError> {
    let items = format_items(options, tokens)?;
    Ok(format!("{first_line}\n\n{}", separate_items(&items)))
}

/// Puts a blank line between consecutive items and impl members (prettyplease leaves none):
/// after a line closing an item at the top level or one level in, before the next item.
pub(super) fn separate_items(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + source.len() / 16);
    let mut previous_closed_item = false;
    // Inside an `impl`, `trait` or `mod` block, lines indented by 4 are items too.
    let mut in_item_block = false;
    for line in source.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let item_level = indent == 0 || (indent == 4 && in_item_block);
        let opens_item = item_level && !trimmed.is_empty() && !trimmed.starts_with('}');
        if previous_closed_item && opens_item {
            out.push('\n');
        }
        if indent == 0 {
            let block_start = ["impl", "pub trait", "trait", "pub mod", "mod"]
                .iter()
                .any(|k| trimmed.starts_with(k));
            if block_start && trimmed.ends_with('{') {
                in_item_block = true;
            } else if trimmed == "}" {
                in_item_block = false;
            }
        }
        let closes_item = item_level && (trimmed == "}" || trimmed == "};");
        let one_line_item = indent == 0
            && (trimmed.starts_with("pub const ")
                || ((trimmed.starts_with("pub mod ") || trimmed.starts_with("pub use "))
                    && trimmed.ends_with(';')));
        previous_closed_item = closes_item || one_line_item;
        out.push_str(line);
        out.push('\n');
    }
    out
}
