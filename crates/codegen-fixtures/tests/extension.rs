//! Extensions that hold their base's members whole (`base`): the wire form is the flat one
//! XSD gives (every level's attributes on the start tag, the base's children first), and a
//! base's child out of that order is an error, not a child dropped.

use codegen_fixtures::complex_content_extension::{Customer, Party, PremiumCustomer};
use soap_runtime::xml::{XmlReader, XmlWriter};

const NS: &str = "urn:fixtures:complex_content_extension";

fn premium() -> PremiumCustomer {
    PremiumCustomer {
        base: Customer {
            base: Party {
                party_id: "p-1".into(),
                display_name: "Ada".into(),
                version: Some(3),
            },
            email: "ada@example.org".into(),
            credit_limit: Some("100.50".into()),
            segment: Some("gold".into()),
        },
        account_manager: "Grace".into(),
        tier: 2,
    }
}

fn decode(xml: &str) -> soap_runtime::Result<PremiumCustomer> {
    let mut r = XmlReader::new(xml);
    let root = r.root().expect("a document element");
    PremiumCustomer::read_element(&mut r, &root)
}

#[test]
fn every_level_is_written_flat_base_first_and_reads_back() {
    let value = premium();
    let mut w = XmlWriter::new();
    codegen_fixtures::complex_content_extension::write_document(&mut w, "ns0:customer", |w| {
        value.write_content(w)
    });
    let xml = w.as_str().into_owned();
    let start_tag = &xml[..xml.find('>').expect("a start tag")];
    for attribute in [r#"version="3""#, r#"segment="gold""#, r#"tier="2""#] {
        assert!(start_tag.contains(attribute), "{attribute} in {xml}");
    }
    let order: Vec<usize> = [
        "partyId",
        "displayName",
        "email",
        "creditLimit",
        "accountManager",
    ]
    .iter()
    .map(|name| {
        xml.find(&format!("<ns0:{name}>"))
            .unwrap_or_else(|| panic!("{name} in {xml}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{xml}");
    assert_eq!(decode(&xml).expect("decodes"), value);
}

#[test]
fn a_base_child_after_the_derived_type_own_is_an_error() {
    let xml = format!(
        r#"<c xmlns="{NS}" tier="1"><partyId>p</partyId><displayName>d</displayName>
             <email>e</email><accountManager>m</accountManager><displayName>late</displayName></c>"#
    );
    let error = decode(&xml).expect_err("out of schema order");
    let text = error.to_string();
    assert!(
        text.contains("<displayName> belongs to the base type Customer"),
        "{text}"
    );
}

#[test]
fn a_missing_required_member_of_a_base_is_named() {
    let xml = format!(
        r#"<c xmlns="{NS}" tier="1"><partyId>p</partyId><email>e</email>
             <accountManager>m</accountManager></c>"#
    );
    let text = decode(&xml)
        .expect_err("displayName is required")
        .to_string();
    assert!(text.contains("displayName"), "{text}");
}

#[test]
fn a_base_member_that_comes_twice_is_an_error() {
    // The run of `Party`'s members ends at the second `partyId`, which then stands among
    // `Customer`'s own.
    let xml = format!(
        r#"<c xmlns="{NS}" tier="1"><partyId>p</partyId><displayName>d</displayName>
             <partyId>again</partyId><email>e</email><accountManager>m</accountManager></c>"#
    );
    let text = decode(&xml).expect_err("partyId twice").to_string();
    assert!(
        text.contains("<partyId> belongs to the base type Party"),
        "{text}"
    );
}
