//! The module generated with an operation filter (`operation_filter_get_shape`: the
//! `operation_filter` fixture with only GetShape selected) works like the whole one: the type
//! derived from the response's base type was kept, so a response carrying it by `xsi:type`
//! decodes to it, as does a member of the substitution group the response refers to; the
//! fault's detail type was kept with its codec.

use codegen_fixtures::operation_filter_get_shape::{
    AnyShape, Circle, Color, DecorationSubstitution, GetShapeFault, GetShapeResponse, Record,
    RibbonText, Shape, ShapeNotFoundDetail,
};
use soap_runtime::SoapVersion;
use soap_runtime::xml::XmlReader;

const NS: &str = "urn:fixtures:operation_filter";

#[test]
fn a_derived_type_and_a_substitution_group_member_kept_for_the_response_decode() {
    let xml = format!(
        r#"<p:GetShapeResponse xmlns:p="{NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
             <p:shape i:type="p:Circle" color="blue"><p:name>c</p:name><p:radius>2.5</p:radius></p:shape>
             <p:Ribbon>wide</p:Ribbon>
           </p:GetShapeResponse>"#
    );
    let mut r = XmlReader::new(&xml);
    let root = r.root().expect("a document element");
    let response = GetShapeResponse::read_element(&mut r, &root).expect("the response decodes");
    assert_eq!(
        response.shape,
        AnyShape::Circle(Box::new(Circle {
            base: Shape { name: "c".into() },
            radius: 2.5,
            color: Some(Color::Blue),
        }))
    );
    assert_eq!(
        response.decoration,
        Some(DecorationSubstitution::Ribbon(RibbonText("wide".into())))
    );
}

#[test]
fn the_fault_detail_type_is_kept_and_round_trips() {
    let detail = GetShapeFault::ShapeNotFound(ShapeNotFoundDetail {
        base: Record {
            record_id: Some("r-1".into()),
        },
        shape_id: 7,
    });
    let fault = detail.to_fault(SoapVersion::Soap11, "no such shape");
    let decoded = GetShapeFault::from_fault(&fault).expect("the detail decodes");
    assert_eq!(decoded, Some(detail));
}
