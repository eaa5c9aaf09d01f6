//! Document style with `use="encoded"` (fixture `document_encoded`): each part is a body
//! element in SOAP encoding, typed with `xsi:type` down to every value, and comes back typed
//! through the generated server.

#![allow(clippy::unwrap_used)] // reason: tests fail loudly on unexpected shapes

use codegen_fixtures::document_encoded::{
    Hit, LookupPortClient, LookupPortServer, Query, serve_lookup_port,
};
use loopback::Reply;
use soap_runtime::{ClientConfig, HttpTransport, SoapFault};

struct Lookup;

impl LookupPortServer for Lookup {
    async fn lookup(&self, query: Query) -> Result<Hit, SoapFault> {
        Ok(Hit {
            title: format!("{} & more", query.term),
            score: f64::from(query.limit) / 4.0,
        })
    }
}

#[tokio::test]
async fn parts_are_typed_body_elements_both_ways() {
    let (base, log) = loopback::serve(|request| {
        let action = request.header("soapaction");
        let (status, body) = loopback::ready(serve_lookup_port(
            &Lookup,
            action.as_deref(),
            request.body.as_bytes(),
        ));
        Reply::xml(status, String::from_utf8(body).unwrap())
    })
    .await;
    let client = LookupPortClient::new(HttpTransport::new(ClientConfig::default()).unwrap(), base);
    let hit = client
        .lookup(&Query {
            term: "rust".into(),
            limit: 10,
        })
        .await
        .unwrap();
    assert_eq!(
        hit,
        Hit {
            title: "rust & more".into(),
            score: 2.5
        }
    );
    let request = &loopback::seen(&log)[0].body;
    for expected in [
        r#"<query xmlns:ns0="urn:fixtures:document_encoded""#,
        r#"soap:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xsi:type="ns0:Query">"#,
        r#"<term xsi:type="xsd:string">rust</term><limit xsi:type="xsd:int">10</limit>"#,
    ] {
        assert!(request.contains(expected), "{expected}\nnot in\n{request}");
    }
}
