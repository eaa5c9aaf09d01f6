//! SOAP headers in the response (fixture `soap_header_in_out`): the generated server writes the
//! output struct's headers into `soap:Header`, and the generated client returns them with the
//! body, typed; a required one that is missing fails the call naming it, unknown blocks are
//! ignored, and an optional one that is absent is `None`.

#![allow(clippy::unwrap_used)] // reason: tests fail loudly on unexpected shapes

use codegen_fixtures::soap_header_in_out::{
    GetQuota, GetQuotaOutput, Login, LoginOutput, QuotaServicePortClient, QuotaServicePortServer,
    ServerVersionInfo, serve_quota_service_port,
};
use loopback::Reply;
use soap_runtime::envelope::read_header;
use soap_runtime::{ClientConfig, ErrorKind, HttpTransport, SoapFault, SoapVersion};

/// Hands out session tokens: `T-<user>-1` at login, the next number on each call made with
/// one, and none for a call made without.
struct Quotas;

impl QuotaServicePortServer for Quotas {
    async fn login(&self, parameters: Login) -> Result<LoginOutput, SoapFault> {
        Ok(LoginOutput {
            body: format!("welcome {}", parameters.user_name),
            session_token: format!("T-{}-1", parameters.user_name),
        })
    }

    async fn get_quota(
        &self,
        parameters: GetQuota,
        session_token: Option<String>,
    ) -> Result<GetQuotaOutput, SoapFault> {
        let renewed = match session_token {
            Some(token) => {
                let (user, n) = token.rsplit_once('-').unwrap();
                let n: u32 = n.parse().map_err(|_| {
                    SoapFault::client(SoapVersion::Soap11, format!("bad token {token}"))
                })?;
                Some(format!("{user}-{}", n + 1))
            }
            None => None,
        };
        Ok(GetQuotaOutput {
            body: i32::try_from(parameters.account_id.len()).unwrap() * 10,
            session_token: renewed,
            server_version: version(),
        })
    }
}

fn version() -> ServerVersionInfo {
    ServerVersionInfo {
        major_version: 15,
        version: Some("V2017_07_11".to_owned()),
    }
}

fn client(base: String) -> QuotaServicePortClient {
    QuotaServicePortClient::new(HttpTransport::new(ClientConfig::default()).unwrap(), base)
}

async fn serve_quotas() -> String {
    let (base, _) = loopback::serve(|request| {
        let action = request.header("soapaction");
        let (status, body) = loopback::ready(serve_quota_service_port(
            &Quotas,
            action.as_deref(),
            request.body.as_bytes(),
        ));
        Reply::xml(status, String::from_utf8(body).unwrap())
    })
    .await;
    base
}

#[tokio::test]
async fn output_headers_come_back_typed() {
    let client = client(serve_quotas().await);
    let login = client
        .login(&Login {
            user_name: "ada".into(),
        })
        .await
        .unwrap();
    assert_eq!(
        login,
        LoginOutput {
            body: "welcome ada".into(),
            session_token: "T-ada-1".into(),
        }
    );

    // The in/out header: sent as the input header, renewed in the output header.
    let quota = client
        .get_quota(
            &GetQuota {
                account_id: "ACC-7".into(),
            },
            &login.session_token,
        )
        .await
        .unwrap();
    assert_eq!(
        quota,
        GetQuotaOutput {
            body: 50,
            session_token: Some("T-ada-2".into()),
            server_version: version(),
        }
    );
}

#[tokio::test]
async fn the_server_writes_the_header_blocks() {
    let request =
        br#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
      <GetQuota xmlns="urn:fixtures:soap_header_in_out"><accountId>A</accountId></GetQuota>
    </soap:Body></soap:Envelope>"#;
    let (status, body) = serve_quota_service_port(&Quotas, None, request).await;
    assert_eq!(status, 200);
    let text = String::from_utf8(body).unwrap();
    let mut header = read_header(&text, Default::default()).unwrap();
    let content = header.content.take().expect("a soap:Header");
    // The absent optional token is left out; the required version is written.
    let block = header.reader.next_child(&content).unwrap().unwrap();
    assert!(
        block.is(Some("urn:fixtures:soap_header_in_out"), "ServerVersionInfo"),
        "{text}"
    );
    let written = header.reader.read_raw(&block).unwrap();
    assert!(written.contains(r#"MajorVersion="15""#), "{text}");
    assert!(
        header.reader.next_child(&content).unwrap().is_none(),
        "{text}"
    );
}

/// A response envelope with these header blocks and a `GetQuotaResponse` of 5.
fn quota_response(header_blocks: &str) -> String {
    format!(
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">{header_blocks}<s:Body>
      <GetQuotaResponse xmlns="urn:fixtures:soap_header_in_out"><quota>5</quota></GetQuotaResponse>
    </s:Body></s:Envelope>"#
    )
}

async fn get_quota_answered_with(response: String) -> soap_runtime::Result<GetQuotaOutput> {
    let (base, _) = loopback::serve(move |_| Reply::xml(200, response.clone())).await;
    client(base)
        .get_quota(
            &GetQuota {
                account_id: "A".into(),
            },
            "T-1",
        )
        .await
}

#[tokio::test]
async fn unknown_blocks_are_ignored_and_an_absent_optional_one_is_none() {
    let header = r#"<s:Header>
      <Audit xmlns="urn:other"><SessionToken>not this one</SessionToken></Audit>
      <SessionToken xmlns="urn:other">nor this one</SessionToken>
      <ServerVersionInfo xmlns="urn:fixtures:soap_header_in_out" MajorVersion="14"/>
    </s:Header>"#;
    let output = get_quota_answered_with(quota_response(header))
        .await
        .unwrap();
    assert_eq!(
        output,
        GetQuotaOutput {
            body: 5,
            session_token: None,
            server_version: ServerVersionInfo {
                major_version: 14,
                version: None,
            },
        }
    );
}

#[tokio::test]
async fn a_missing_required_header_fails_the_call_naming_it() {
    for header in [
        "",
        r#"<s:Header><SessionToken xmlns="urn:fixtures:soap_header_in_out">T-2</SessionToken></s:Header>"#,
        r#"<s:Header><ServerVersionInfo xmlns="urn:other" MajorVersion="14"/></s:Header>"#,
    ] {
        let error = get_quota_answered_with(quota_response(header))
            .await
            .unwrap_err();
        let message = error.to_string();
        assert!(matches!(error.kind(), ErrorKind::Decode(_)), "{message}");
        assert!(
            message.contains("Envelope/Header")
                && message.contains("missing required element <ServerVersionInfo>"),
            "{message}"
        );
    }

    // A header block that does not decode says where.
    let bad = r#"<s:Header><ServerVersionInfo xmlns="urn:fixtures:soap_header_in_out" MajorVersion="fourteen"/></s:Header>"#;
    let error = get_quota_answered_with(quota_response(bad))
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("Envelope/Header/ServerVersionInfo"),
        "{error}"
    );
}

#[tokio::test]
async fn a_fault_stays_a_fault() {
    let fault = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>
      <faultcode>s:Server</faultcode><faultstring>quota service down</faultstring>
    </s:Fault></s:Body></s:Envelope>"#;
    let error = get_quota_answered_with(fault.to_owned()).await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Fault(_)), "{error}");
}
