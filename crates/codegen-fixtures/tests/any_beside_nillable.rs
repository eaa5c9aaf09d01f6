//! A nil child of a struct that also has an `xs:any` member belongs to its own field (fixture
//! `any_and_any_attribute`): the decoder once handed `<note xsi:nil="true"/>` to the `xs:any`
//! member, so the value came back with an extra raw element.

use codegen_fixtures::any_and_any_attribute::ExtensibleOrder;
use soap_runtime::xml::XmlReader;

fn decode(xml: &str) -> ExtensibleOrder {
    let mut r = XmlReader::new(xml);
    let root = r.root().expect("well-formed test document");
    ExtensibleOrder::read_element(&mut r, &root).expect("a valid ExtensibleOrder")
}

#[test]
fn a_nil_element_is_its_fields_not_open_content() {
    let order = decode(
        r#"<order xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:x="urn:other">
             <orderId>7</orderId><note xsi:nil="true"/><x:extra>1</x:extra>
           </order>"#,
    );
    assert_eq!(order.order_id, "7");
    assert_eq!(order.note, None);
    assert_eq!(order.any, vec![r#"<x:extra>1</x:extra>"#.to_owned()]);
}

#[test]
fn a_present_element_still_fills_its_field() {
    let order = decode(r#"<order><orderId>7</orderId><note>rush</note></order>"#);
    assert_eq!(order.note.as_deref(), Some("rush"));
    assert!(order.any.is_empty());
}
