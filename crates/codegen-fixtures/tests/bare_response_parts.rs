//! A document response of several body parts (fixture `bare_response_parts`, WCF's unwrapped
//! message contract): the generated server writes one body element per part, and the
//! generated client returns them as a tuple in part order, whatever order they arrive in.

#![allow(clippy::unwrap_used)] // reason: tests fail loudly on unexpected shapes

use codegen_fixtures::bare_response_parts::{
    AccountQuery, BankingPortClient, BankingPortServer, serve_banking_port,
};
use loopback::Reply;
use soap_runtime::{ClientConfig, HttpTransport, SoapFault};

struct Bank;

impl BankingPortServer for Bank {
    async fn get_banking_data(
        &self,
        parameters: AccountQuery,
    ) -> Result<(String, i32, String), SoapFault> {
        Ok((
            "2026-12-07T09:30:00Z".to_owned(),
            parameters.account_id * 100,
            "Ann & Bo".to_owned(),
        ))
    }
}

fn client(base: String) -> BankingPortClient {
    BankingPortClient::new(HttpTransport::new(ClientConfig::default()).unwrap(), base)
}

#[tokio::test]
async fn every_part_comes_back_in_order() {
    let (base, log) = loopback::serve(|request| {
        let action = request.header("soapaction");
        let (status, body) = loopback::ready(serve_banking_port(
            &Bank,
            action.as_deref(),
            request.body.as_bytes(),
        ));
        Reply::xml(status, String::from_utf8(body).unwrap())
    })
    .await;
    let reply = client(base)
        .get_banking_data(&AccountQuery { account_id: 7 })
        .await
        .unwrap();
    assert_eq!(
        reply,
        (
            "2026-12-07T09:30:00Z".to_owned(),
            700,
            "Ann & Bo".to_owned()
        )
    );
    assert_eq!(loopback::seen(&log).len(), 1);
}

#[tokio::test]
async fn parts_in_another_order_and_a_missing_one() {
    let shuffled = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>
      <Customer_Name xmlns="urn:fixtures:customers">Cy</Customer_Name>
      <Transaction_Amount xmlns="urn:fixtures:bare_response_parts">5</Transaction_Amount>
      <Date_of_Request xmlns="urn:fixtures:bare_response_parts">2026-01-01T00:00:00Z</Date_of_Request>
    </s:Body></s:Envelope>"#;
    let (base, _) = loopback::serve(move |_| Reply::xml(200, shuffled)).await;
    let reply = client(base)
        .get_banking_data(&AccountQuery { account_id: 1 })
        .await
        .unwrap();
    assert_eq!(reply.1, 5);
    assert_eq!(reply.2, "Cy");

    let partial = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>
      <Transaction_Amount xmlns="urn:fixtures:bare_response_parts">5</Transaction_Amount>
    </s:Body></s:Envelope>"#;
    let (base, _) = loopback::serve(move |_| Reply::xml(200, partial)).await;
    let error = client(base)
        .get_banking_data(&AccountQuery { account_id: 1 })
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("missing required element <Date_of_Request>"),
        "{error}"
    );
}
