//! `xsi:type` polymorphism and substitution groups in generated code: a derived value sent
//! where its base is declared carries `xsi:type` and decodes back to the same value; a
//! payload written by another stack (other prefixes) decodes; an unknown or wrong-namespace
//! `xsi:type` decodes as the base; a substitution group member keeps its element name.

use codegen_fixtures::abstract_type::{AnyPaymentMethod, BankTransfer, PayInvoice, PaymentMethod};
use codegen_fixtures::derived_type_recursion::{AnyNode, Branch, Node, Plant};
use codegen_fixtures::polymorphic_field::{
    self, AnyCar, AnyMotorVehicle, AnyVehicle2, Bicycle, Car, MotorVehicle, Register, SportsCar,
    Vehicle,
};
use codegen_fixtures::substitution_group_concrete_head::{
    self, AnyShapeType, CircleType, Draw, GroupType, ShapeSubstitution, ShapeType, SquareType,
};
use soap_runtime::xml::{Element, XmlReader, XmlWriter};

const POLYMORPHIC_NS: &str = "urn:fixtures:polymorphic_field";
const SHAPES_NS: &str = "urn:fixtures:substitution_group_concrete_head";

/// A resolved `xsi:type`: namespace and local name.
type XsiType = (Option<String>, String);

/// Each child of the document element: its local name and resolved `xsi:type`.
fn children_with_types(xml: &str) -> Vec<(String, Option<XsiType>)> {
    let mut r = XmlReader::new(xml);
    let root = r.root().expect("a document element");
    let mut out = Vec::new();
    while let Some(child) = r.next_child(&root).expect("well-formed XML") {
        let ty = r
            .xsi_type(&child)
            .expect("a resolvable xsi:type")
            .map(|name| (name.namespace, name.local_name));
        out.push((child.local_name().to_owned(), ty));
    }
    out
}

fn decode<'a, T>(
    xml: &'a str,
    read: impl FnOnce(&mut XmlReader<'a>, &Element<'a>) -> soap_runtime::Result<T>,
) -> T {
    let mut r = XmlReader::new(xml);
    let root = r.root().expect("a document element");
    read(&mut r, &root).expect("the payload decodes")
}

fn typed(local: &str) -> Option<(Option<String>, String)> {
    Some((Some(POLYMORPHIC_NS.to_owned()), local.to_owned()))
}

fn register() -> Register {
    let sports_car = SportsCar {
        base: Car {
            base: MotorVehicle {
                base: Vehicle {
                    wheels: 4,
                    id: Some("sc-1".into()),
                },
                engine: "V8".into(),
            },
            seats: 2,
        },
        top_speed: 310,
    };
    Register {
        // A sum type holds each type derived directly from its base, the types derived from
        // that one in its own sum type: a SportsCar is a Car is a MotorVehicle.
        vehicle: AnyVehicle2::from(AnyMotorVehicle::from(AnyCar::from(sports_car))),
        fleet: vec![
            Vehicle {
                wheels: 6,
                id: None,
            }
            .into(),
            Bicycle {
                base: Vehicle {
                    wheels: 2,
                    id: Some("b-7".into()),
                },
                gears: 21,
            }
            .into(),
        ],
        spare: Some(
            Car {
                base: MotorVehicle {
                    base: Vehicle {
                        wheels: 4,
                        id: None,
                    },
                    engine: "diesel".into(),
                },
                seats: 5,
            }
            .into(),
        ),
    }
}

#[test]
fn derived_values_carry_their_xsi_type_and_round_trip() {
    let request = register();
    let mut w = XmlWriter::new();
    polymorphic_field::write_document(&mut w, "ns0:Register", |w| request.write_content(w));
    let xml = w.as_str().into_owned();

    assert_eq!(
        children_with_types(&xml),
        vec![
            ("vehicle".to_owned(), typed("SportsCar")),
            ("fleet".to_owned(), None),
            ("fleet".to_owned(), typed("Bicycle")),
            // `spare` is declared as a Car: a Car is written without xsi:type.
            ("spare".to_owned(), None),
        ]
    );
    assert_eq!(decode(&xml, Register::read_element), request);
}

#[test]
fn another_stacks_prefixes_decode() {
    let xml = format!(
        r#"<p:Register xmlns:p="{POLYMORPHIC_NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
             <p:vehicle i:type="p:Bicycle" id="b-1"><p:wheels>2</p:wheels><p:gears>3</p:gears></p:vehicle>
             <p:spare xmlns:q="{POLYMORPHIC_NS}" i:type="q:SportsCar">
               <p:wheels>4</p:wheels><p:engine>EV</p:engine><p:seats>4</p:seats><p:topSpeed>250</p:topSpeed>
             </p:spare>
           </p:Register>"#
    );
    let decoded = decode(&xml, Register::read_element);
    assert_eq!(
        decoded.vehicle,
        AnyVehicle2::Bicycle(Box::new(Bicycle {
            base: Vehicle {
                wheels: 2,
                id: Some("b-1".into()),
            },
            gears: 3,
        }))
    );
    assert_eq!(
        decoded.spare,
        Some(AnyCar::SportsCar(Box::new(SportsCar {
            base: Car {
                base: MotorVehicle {
                    base: Vehicle {
                        wheels: 4,
                        id: None
                    },
                    engine: "EV".into(),
                },
                seats: 4,
            },
            top_speed: 250,
        })))
    );
}

#[test]
fn unknown_or_foreign_xsi_types_decode_as_the_base() {
    let xml = format!(
        r#"<Register xmlns="{POLYMORPHIC_NS}" xmlns:t="{POLYMORPHIC_NS}" xmlns:o="urn:other"
                     xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
             <vehicle xsi:type="t:Tricycle"><wheels>3</wheels><basket>true</basket></vehicle>
             <fleet xsi:type="o:Bicycle"><wheels>2</wheels><gears>7</gears></fleet>
           </Register>"#
    );
    let decoded = decode(&xml, Register::read_element);
    assert_eq!(
        decoded.vehicle,
        AnyVehicle2::Vehicle(Vehicle {
            wheels: 3,
            id: None
        })
    );
    // A Bicycle of another namespace is not ours: its own members are dropped.
    assert_eq!(
        decoded.fleet,
        vec![AnyVehicle2::Vehicle(Vehicle {
            wheels: 2,
            id: None
        })]
    );
}

#[test]
fn an_abstract_base_keeps_values_of_unknown_types() {
    let xml = r#"<PayInvoice xmlns="urn:fixtures:abstract_type" xmlns:t="urn:fixtures:abstract_type"
                     xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
                   <invoiceNumber>INV-1</invoiceNumber>
                   <method xsi:type="t:GiftCard"><holderName>Ada</holderName><code>X</code></method>
                 </PayInvoice>"#;
    let decoded = decode(xml, PayInvoice::read_element);
    assert_eq!(
        decoded.method,
        AnyPaymentMethod::PaymentMethod(PaymentMethod {
            holder_name: "Ada".into()
        })
    );

    let known = PayInvoice {
        invoice_number: "INV-2".into(),
        method: BankTransfer {
            base: PaymentMethod {
                holder_name: "Grace".into(),
            },
            iban: "DE00".into(),
        }
        .into(),
    };
    let mut w = XmlWriter::new();
    codegen_fixtures::abstract_type::write_document(&mut w, "ns0:PayInvoice", |w| {
        known.write_content(w)
    });
    let xml = w.as_str().into_owned();
    assert_eq!(
        children_with_types(&xml)[1].1,
        Some((
            Some("urn:fixtures:abstract_type".to_owned()),
            "BankTransfer".to_owned()
        ))
    );
    assert_eq!(decode(&xml, PayInvoice::read_element), known);
}

#[test]
fn recursion_through_a_derived_type_round_trips() {
    let leaf = |label: &str| {
        AnyNode::from(Node {
            label: label.into(),
            next: None,
        })
    };
    let plant = Plant {
        root: Branch {
            base: Node {
                label: "root".into(),
                next: Some(Box::new(leaf("sibling"))),
            },
            left: Branch {
                base: Node {
                    label: "inner".into(),
                    next: None,
                },
                left: leaf("a"),
                right: Some(leaf("b")),
            }
            .into(),
            right: None,
        }
        .into(),
    };
    let mut w = XmlWriter::new();
    codegen_fixtures::derived_type_recursion::write_document(&mut w, "ns0:Plant", |w| {
        plant.write_content(w)
    });
    let xml = w.as_str().into_owned();
    assert_eq!(
        children_with_types(&xml),
        vec![(
            "root".to_owned(),
            Some((
                Some("urn:fixtures:derived_type_recursion".to_owned()),
                "Branch".to_owned()
            ))
        )]
    );
    assert_eq!(decode(&xml, Plant::read_element), plant);
}

#[test]
fn substitution_group_members_keep_their_names_and_types() {
    let draw = Draw {
        title: "sketch".into(),
        shape: vec![
            ShapeSubstitution::Circle(CircleType {
                base: ShapeType {
                    color: "red".into(),
                },
                radius: 1.5,
            }),
            ShapeSubstitution::Outline(
                ShapeType {
                    color: "grey".into(),
                }
                .into(),
            ),
            // The head element holding a derived type: named `Shape`, typed with xsi:type.
            ShapeSubstitution::Shape(AnyShapeType::from(SquareType {
                base: ShapeType {
                    color: "blue".into(),
                },
                side: 2.0,
            })),
            ShapeSubstitution::Group(GroupType {
                base: ShapeType {
                    color: "black".into(),
                },
                shape: Some(Box::new(ShapeSubstitution::Square(SquareType {
                    base: ShapeType {
                        color: "green".into(),
                    },
                    side: 4.0,
                }))),
            }),
        ],
    };
    let mut w = XmlWriter::new();
    substitution_group_concrete_head::write_document(&mut w, "ns0:Draw", |w| draw.write_content(w));
    let xml = w.as_str().into_owned();
    let square = Some((Some(SHAPES_NS.to_owned()), "SquareType".to_owned()));
    assert_eq!(
        children_with_types(&xml),
        vec![
            ("title".to_owned(), None),
            ("Circle".to_owned(), None),
            ("Outline".to_owned(), None),
            ("Shape".to_owned(), square),
            ("Group".to_owned(), None),
        ]
    );
    assert_eq!(decode(&xml, Draw::read_element), draw);
}
