//! An rpc/encoded service in ATL Server's default binding (the `atl_rpc_encoded` construct
//! fixture: `<F>_<param>_Array` part types, an `atls:SizeIs` companion on an encoded array),
//! served by the simulator behind its ATL front with ATL's wire style, and called by the
//! client generated from the same WSDL.

#![allow(clippy::unwrap_used, reason = "tests fail loudly")]

mod common;

use std::sync::Arc;

use codegen_fixtures::atl_rpc_encoded::{
    AgentStateServiceSoapClient, AgentStateServiceSoapServer, GetAgentStateAgentIdsArray,
    SchAgentState, SchAgentStateHolder, SchAgentStateHolderSchAgentState,
    serve_agent_state_service_soap,
};
use common::{bounded, password_tokens, start};
use soap_runtime::encoding::SoapArray;
use soap_runtime::xml::WireStyle;
use soap_runtime::{ClientConfig, HttpTransport, SoapFault, SoapVersion};
use wfm_sim::SimConfig;

/// One state per agent asked for, from `start_date` on, the agent's id in the note.
struct AgentStates;

impl AgentStateServiceSoapServer for AgentStates {
    fn wire_style(&self) -> WireStyle {
        WireStyle::atl_server()
    }

    async fn get_agent_state(
        &self,
        site_id: i32,
        agent_ids: GetAgentStateAgentIdsArray,
        start_date: f64,
    ) -> Result<SchAgentStateHolder, SoapFault> {
        if site_id <= 0 {
            return Err(SoapFault::client(
                SoapVersion::Soap11,
                "SOAP Invalid Request",
            ));
        }
        let states: Vec<SchAgentState> = agent_ids
            .0
            .items()
            .iter()
            .enumerate()
            .map(|(i, &agent)| SchAgentState {
                gsw_agent_id: agent,
                wm_state_id: i as i32,
                wm_start_date_time: start_date + i as f64 / 96.0,
                wm_paid: i % 2 == 0,
                wm_note: format!("agent {agent} & <site {site_id}>"),
            })
            .collect();
        Ok(SchAgentStateHolder {
            sch_agent_state: Some(SchAgentStateHolderSchAgentState(SoapArray::from(states))),
            wm_site_name: format!("Site {site_id}"),
        })
    }

    async fn ping(&self) -> Result<i32, SoapFault> {
        Ok(1)
    }
}

#[tokio::test]
async fn the_simulator_serves_an_atl_rpc_encoded_service() {
    bounded(async {
        let sim = start(SimConfig::default()).await;
        sim.simulator().add_service(
            "AgentStateService",
            Arc::new(|action, body| {
                Box::pin(async move {
                    serve_agent_state_service_soap(&AgentStates, action.as_deref(), &body).await
                })
            }),
        );
        let tokens = password_tokens(&sim, "supervisor", "supervisor");
        let http = HttpTransport::new(ClientConfig::default())
            .unwrap()
            .with_token_source(Arc::new(tokens));
        let url = format!("{}/?Handler=AgentStateService", sim.base_url());
        let client = AgentStateServiceSoapClient::new(http, url.clone());

        let ids = GetAgentStateAgentIdsArray(SoapArray::from(vec![101, 102, 103]));
        let holder = client.get_agent_state(&7, &ids, &46_027.5).await.unwrap();
        let states = holder.sch_agent_state.as_ref().unwrap().0.items();
        assert_eq!(
            states.iter().map(|s| s.gsw_agent_id).collect::<Vec<_>>(),
            [101, 102, 103]
        );
        assert_eq!(states[2].wm_note, "agent 103 & <site 7>");
        assert_eq!(states[1].wm_start_date_time, 46_027.5 + 1.0 / 96.0);
        assert_eq!(holder.wm_site_name, "Site 7");
        assert_eq!(client.ping().await.unwrap(), 1);

        let error = client.get_agent_state(&0, &ids, &0.0).await.unwrap_err();
        assert_eq!(
            error.fault().map(|f| f.code.local_name.as_str()),
            Some("Client")
        );
    })
    .await;
}

/// What goes over the wire: the client's request and the ATL-style response are SOAP 1.1
/// section 5 — `encodingStyle`, `xsi:type` on every accessor, `soapenc:Array` with its
/// `arrayType`, and the size companion beside the encoded array.
#[tokio::test]
async fn the_wire_is_soap_encoded() {
    bounded(async {
        let sim = start(SimConfig::default()).await;
        sim.simulator().add_service(
            "AgentStateService",
            Arc::new(|action, body| {
                Box::pin(async move {
                    serve_agent_state_service_soap(&AgentStates, action.as_deref(), &body).await
                })
            }),
        );
        let token = common::raw_token(&sim, "supervisor").await["access_token"]
            .as_str()
            .unwrap()
            .to_owned();
        let request = r##"<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"
  xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/"><soap:Body>
<s0:GetAgentState xmlns:s0="urn:AgentStateService" soap:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">
 <siteId xsi:type="xsd:int">4</siteId>
 <agentIds xsi:type="soapenc:Array" soapenc:arrayType="xsd:int[2]"><int href="#a"/><int>8</int></agentIds>
 <startDate xsi:type="xsd:double">46027</startDate>
</s0:GetAgentState>
<multiRef id="a" soapenc:root="0" xsi:type="xsd:int">9</multiRef>
</soap:Body></soap:Envelope>"##;
        let response = reqwest::Client::new()
            .post(format!("{}/?Handler=AgentStateService", sim.base_url()))
            .bearer_auth(token)
            .header("SOAPAction", "\"#GetAgentState\"")
            .header("Content-Type", "text/xml; charset=utf-8")
            .body(request)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let body = response.text().await.unwrap();
        for expected in [
            r#"<GetAgentStateResponse xmlns="urn:AgentStateService""#,
            r#"soap:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/""#,
            r#"<return xsi:type="ns0:SchAgentStateHolder">"#,
            r#"<schAgentStateNSizeIs xsi:type="xsd:int">2</schAgentStateNSizeIs>"#,
            r#"<schAgentState xsi:type="soapenc:Array" soapenc:arrayType="ns0:SchAgentState[2]">"#,
            r#"<item xsi:type="ns0:SchAgentState"><gswAgentId xsi:type="xsd:int">9</gswAgentId>"#,
            r#"<wmPaid xsi:type="xsd:boolean">true</wmPaid>"#,
        ] {
            assert!(body.contains(expected), "{expected}\nnot in\n{body}");
        }
    })
    .await;
}
