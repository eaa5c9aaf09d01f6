//! The simulator's responses on the wire, as ATL Server writes them (facts §6.4): children
//! unprefixed under the body element's default namespace, `soapenc:arrayType` on array
//! wrappers, `xsi:nil="1"` for null arrays, and `SOAP Invalid Request` faults whose detail
//! says what could not be decoded.

#![allow(clippy::unwrap_used, reason = "tests fail loudly")]

mod common;

use common::{bounded, raw_token, start};
use soap_runtime::envelope::write_envelope;
use soap_runtime::xml::XmlWriter;
use wfm_runtime::SoapVersion;
use wfm_sdk::constants::{ECfgInfoType, ECfgSiteSortMode};
use wfm_sdk::generated::wfm_config_service712::{GetSite, write_document};
use wfm_sim::SimConfig;

/// Posts `body` to the 7.1 Config service with SOAPAction `#GetSite`; returns status and text.
async fn post_get_site(base_url: &str, token: &str, body: String) -> (u16, String) {
    let response = reqwest::Client::new()
        .post(format!("{base_url}/?Handler=WFMConfigService712"))
        .bearer_auth(token)
        .header("Content-Type", "text/xml; charset=utf-8")
        .header("SOAPAction", "\"#GetSite\"")
        .body(body)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

fn get_site_request(site_ids: Vec<i32>) -> String {
    let request = GetSite {
        site_ids,
        ascending: true,
        ..GetSite::new(ECfgSiteSortMode::new(0), ECfgInfoType::new(0))
    };
    let mut w = XmlWriter::new();
    write_envelope(&mut w, SoapVersion::Soap11, |w| {
        write_document(w, "ns0:GetSite", |w| request.write_content(w));
    });
    String::from_utf8(w.into_bytes()).unwrap()
}

/// The value of attribute `name` on the first element named `element`, through a real parser.
fn attribute_of(xml: &str, element: &str, name: (&str, &str)) -> Option<String> {
    let document = roxmltree::Document::parse(xml).unwrap();
    document
        .descendants()
        .find(|n| n.tag_name().name() == element)
        .and_then(|n| n.attribute(name).map(str::to_owned))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn responses_are_written_as_atl_server_writes_them() {
    bounded(async {
        let sim = start(SimConfig::default()).await;
        let token = raw_token(&sim, "supervisor").await;
        let token = token["access_token"].as_str().unwrap();
        let sites = sim.simulator().org().sites.len();
        assert!(sites > 0, "the default organisation has sites");

        let (status, xml) = post_get_site(sim.base_url(), token, get_site_request(vec![])).await;
        assert_eq!(status, 200, "{xml}");
        // The response element declares its namespace as the default; children carry no prefix.
        assert!(
            xml.contains("<GetSiteResponse xmlns=\"urn:WFMConfigService712\""),
            "{xml}"
        );
        assert!(
            xml.contains("<return>") && xml.contains("<objectArrayNSizeIs>"),
            "{xml}"
        );
        assert!(!xml.contains("<ns0:"), "prefixed children in {xml}");
        // Array wrappers carry soapenc:arrayType with the item type and count.
        let soapenc = "http://schemas.xmlsoap.org/soap/encoding/";
        let array_type = attribute_of(&xml, "objectArray", (soapenc, "arrayType")).unwrap();
        assert_eq!(array_type, format!("ns0:CfgSite[{sites}]"));
        // A null array (short records were not asked for) is nil, written "1".
        let xsi = "http://www.w3.org/2001/XMLSchema-instance";
        let nil = attribute_of(&xml, "objectShortArray", (xsi, "nil")).unwrap();
        assert_eq!(nil, "1");
        // The SDK's decoder reads this (the flow tests cover the values).
        let document = roxmltree::Document::parse(&xml).unwrap();
        let first_site = document
            .descendants()
            .find(|n| n.tag_name().name() == "CfgSite")
            .unwrap();
        assert_eq!(
            first_site.tag_name().namespace(),
            Some("urn:WFMConfigService712")
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_undecodable_request_is_soap_invalid_request_with_the_reason_in_detail() {
    bounded(async {
        let sim = start(SimConfig::default()).await;
        let token = raw_token(&sim, "supervisor").await;
        let token = token["access_token"].as_str().unwrap();
        // `sortMode` is a required int: send text instead.
        let request = get_site_request(vec![1]).replace(
            "<ns0:sortMode>0</ns0:sortMode>",
            "<ns0:sortMode>first</ns0:sortMode>",
        );
        assert!(
            request.contains("first"),
            "the request was not altered: {request}"
        );
        let (status, xml) = post_get_site(sim.base_url(), token, request).await;
        assert_eq!(status, 500);
        assert!(xml.contains("<faultcode>SOAP:Client</faultcode>"), "{xml}");
        assert!(
            xml.contains("<faultstring>SOAP Invalid Request</faultstring>"),
            "{xml}"
        );
        let document = roxmltree::Document::parse(&xml).unwrap();
        let detail = document
            .descendants()
            .find(|n| n.tag_name().name() == "detail")
            .and_then(|n| n.text())
            .unwrap_or_default()
            .to_owned();
        assert!(
            detail.contains("sortMode"),
            "detail does not name the element: {detail}"
        );
    })
    .await;
}
