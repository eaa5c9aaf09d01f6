//! The opt-in yaserde derives (`EmitOptions::yaserde`): which types derive yaserde themselves,
//! which go through a wire twin, and which are listed as inexpressible. (That the output
//! compiles is checked by building `codegen-fixtures` with its `yaserde` feature.)

use std::path::Path;

use wsdl_codegen::{EmitOptions, GeneratedModule, LoadOptions, generate_module};

/// The module file of a fixture's module.
fn generate(fixture: &str, yaserde: bool) -> String {
    generate_parts(fixture, yaserde).text
}

fn generate_parts(fixture: &str, yaserde: bool) -> GeneratedModule {
    let wsdl = Path::new("tests/fixtures")
        .join(fixture)
        .join("service.wsdl");
    let options = EmitOptions {
        yaserde,
        ..EmitOptions::default()
    };
    generate_module(&[wsdl], &LoadOptions::default(), &options)
        .unwrap_or_else(|error| panic!("{fixture}: {error}"))
}

/// The attributes and doc lines right above the top-level item that starts with `item`.
fn attributes_of<'s>(source: &'s str, item: &str) -> &'s str {
    let start = source
        .find(&format!("\n{item}"))
        .unwrap_or_else(|| panic!("no `{item}` in the module"));
    let above = &source[..start];
    let from = above.rfind("\n\n").map_or(0, |blank| blank + 2);
    &above[from..]
}

#[test]
fn nothing_mentions_yaserde_when_the_option_is_off() {
    for fixture in ["atl_size_is", "enumeration", "simple_content_extension"] {
        assert!(!generate(fixture, false).contains("yaserde"), "{fixture}");
    }
}

#[test]
fn a_struct_holding_atl_arrays_derives_through_its_wire_twin() {
    let source = generate("atl_size_is", true);
    // The item type's shape is its XML shape: it derives yaserde itself.
    let item = attributes_of(&source, "pub struct StockItem {");
    assert!(
        item.contains(
            r#"#[cfg_attr(
    feature = "yaserde",
    derive(yaserde::YaSerialize, yaserde::YaDeserialize),"#
        ),
        "{item}"
    );
    // The holder's `Vec` fields stand for wrappers and size companions: no derive of its own…
    assert!(
        !attributes_of(&source, "pub struct StockReport {").contains("yaserde"),
        "{source}"
    );
    // …but a twin that keeps both, converting from and to it.
    assert!(source.contains("#[cfg(feature = \"yaserde\")]\npub mod yaserde_wire {\n    include!(\"generated/yaserde_wire.rs\");\n}"), "{source}");
    let parts = generate_parts("atl_size_is", true).parts;
    let wire = &parts
        .iter()
        .find(|part| part.path == "generated/yaserde_wire.rs")
        .expect("a twin module")
        .text;
    for expected in [
        "#[yaserde(rename = \"itemsNSizeIs\", prefix = \"ns0\")]\n    pub items_n_size_is: i32,",
        "pub items: Option<StockReportItems>,",
        "#[yaserde(rename = \"StockItem\", prefix = \"ns0\")]\n    pub items: Vec<super::StockItem>,",
        "impl From<StockReport> for super::StockReport {",
        "impl From<&super::StockReport> for StockReport {",
        "items_n_size_is: i32::try_from(value.items.len()).unwrap_or(i32::MAX),",
    ] {
        assert!(wire.contains(expected), "missing {expected:?} in\n{wire}");
    }
}

#[test]
fn inexpressible_types_derive_nothing_and_are_listed_with_the_reason() {
    let source = generate("enumeration", true);
    for (item, reason) in [
        (
            "pub enum OrderStatus {",
            "`OrderStatus`: an enumeration with a variant for unknown values.",
        ),
        (
            "pub struct SetOrderStatus {",
            "`SetOrderStatus`: `status` holds `OrderStatus`, which yaserde cannot express.",
        ),
    ] {
        assert!(!attributes_of(&source, item).contains("yaserde"), "{item}");
        assert!(source.contains(&format!("//! - {reason}\n")), "{reason}");
    }
    assert!(!source.contains("pub mod yaserde_wire"));
}

#[test]
fn simple_content_maps_its_text_and_attributes() {
    let source = generate("simple_content_extension", true);
    assert!(
        source.contains("#[cfg_attr(feature = \"yaserde\", yaserde(text = true))]\n    pub value:"),
        "{source}"
    );
    assert!(
        source.contains("yaserde(attribute = true, rename = "),
        "{source}"
    );
}
