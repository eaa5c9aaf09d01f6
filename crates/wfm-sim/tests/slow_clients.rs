//! Slow clients cannot lock the simulator's port: connections that stall mid-head or mid-body
//! are cut after the configured timeouts, and a normal client is served once their slots free.

#![allow(clippy::unwrap_used, reason = "tests fail loudly")]

mod common;

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use wfm_sim::{RunningSimulator, SimConfig};

use common::{bounded, raw_token, start};

/// How long a connection the server should close may take to close, or a request it should
/// answer to be answered: a correctness bound, far above the configured timeouts.
const BOUND: Duration = Duration::from_secs(5);

/// Half a request head: the request line and one header, no blank line.
const HALF_HEAD: &[u8] = b"GET /wfm/api/v3/system/userinfo HTTP/1.1\r\nHost: 127.0.0.1\r\n";

/// A SOAP request head announcing 400 bytes of body, and the first few of them.
const HALF_BODY: &[u8] = b"POST /?Handler=WFMScheduleService852 HTTP/1.1\r\n\
    Host: 127.0.0.1\r\n\
    Content-Type: text/xml; charset=utf-8\r\n\
    SOAPAction: \"#GetAgentState\"\r\n\
    Content-Length: 400\r\n\
    \r\n\
    <soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">";

/// A connection to the simulator that has sent `bytes` and then stalls.
async fn stalled(sim: &RunningSimulator, bytes: &[u8]) -> TcpStream {
    let mut stream = TcpStream::connect(sim.addr()).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    stream
}

/// What the server sends on `stream` until it closes it; fails the test if it is still open
/// after [`BOUND`].
async fn read_until_closed(mut stream: TcpStream) -> Vec<u8> {
    let mut received = Vec::new();
    match tokio::time::timeout(BOUND, stream.read_to_end(&mut received)).await {
        Ok(Ok(_)) => {}
        // A reset closes the connection as well as a FIN does.
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
        Ok(Err(e)) => panic!("reading from a slow connection: {e}"),
        Err(_) => panic!("the server left a slow connection open past {BOUND:?}"),
    }
    received
}

/// `GET /wfm/api/v3/system/userinfo` with a fresh client (so no pooled connection is
/// reused), answered within [`BOUND`]: the status and the body.
async fn wfm_userinfo(sim: &RunningSimulator, token: &str) -> (u16, String) {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let call = async {
        let response = client
            .get(format!("{}/wfm/api/v3/system/userinfo", sim.base_url()))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    };
    tokio::time::timeout(BOUND, call)
        .await
        .expect("a normal client was not served while slow clients held the port")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_are_cut_and_a_normal_client_is_served() {
    bounded(async {
        let sim = start(SimConfig {
            header_read_timeout: Duration::from_millis(300),
            body_read_timeout: Duration::from_millis(300),
            max_connections: 8,
            ..SimConfig::default()
        })
        .await;
        let token = raw_token(&sim, "supervisor").await;
        let token = token["access_token"].as_str().unwrap().to_owned();

        // Half again as many stalled heads as there are slots, and a stalled body behind them.
        let mut heads = Vec::new();
        for _ in 0..12 {
            heads.push(stalled(&sim, HALF_HEAD).await);
        }
        let body = stalled(&sim, HALF_BODY).await;

        // The normal client queues behind all of them and is still served.
        let (status, text) = wfm_userinfo(&sim, &token).await;
        assert_eq!(status, 200, "{text}");
        assert!(text.contains("supervisor"), "{text}");

        // Every stalled head was closed without an answer.
        for head in heads {
            let received = read_until_closed(head).await;
            assert!(
                received.is_empty(),
                "a stalled head got {:?}",
                String::from_utf8_lossy(&received)
            );
        }
        // The stalled body was answered 408, then closed.
        let received = String::from_utf8_lossy(&read_until_closed(body).await).into_owned();
        assert!(received.starts_with("HTTP/1.1 408"), "{received}");
        assert!(
            received.to_ascii_lowercase().contains("connection: close"),
            "{received}"
        );

        tokio::time::timeout(BOUND, sim.shutdown())
            .await
            .expect("shutdown")
            .unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_past_the_cap_wait_for_a_free_slot() {
    bounded(async {
        // Timeouts far longer than the test: only the client frees the one slot.
        let sim = start(SimConfig {
            header_read_timeout: Duration::from_secs(60),
            max_connections: 1,
            ..SimConfig::default()
        })
        .await;
        let holder = stalled(&sim, HALF_HEAD).await;

        let mut waiting = TcpStream::connect(sim.addr()).await.unwrap();
        waiting
            .write_all(
                b"GET /wfm/api/v3/system/userinfo HTTP/1.1\r\n\
                  Host: 127.0.0.1\r\nConnection: close\r\n\r\n",
            )
            .await
            .unwrap();
        let mut byte = [0u8; 1];
        // Not a measure of speed: while the holder keeps the only slot, no answer can come,
        // however long this waits.
        let early = tokio::time::timeout(Duration::from_millis(300), waiting.read(&mut byte));
        assert!(
            early.await.is_err(),
            "a connection past the cap was served while the slot was taken"
        );

        // The holder goes away; the waiting request (no token: 401) is served.
        drop(holder);
        let mut received = Vec::new();
        tokio::time::timeout(BOUND, waiting.read_to_end(&mut received))
            .await
            .expect("the waiting connection was not served once the slot freed")
            .unwrap();
        let received = String::from_utf8_lossy(&received).into_owned();
        assert!(received.starts_with("HTTP/1.1 401"), "{received}");

        tokio::time::timeout(BOUND, sim.shutdown())
            .await
            .expect("shutdown")
            .unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_lets_a_request_in_flight_finish() {
    bounded(async {
        let sim = start(SimConfig::default()).await;
        // The rule is spent once the request has reached the router, which is how the test
        // knows the request is in flight; it then answers half a second later.
        sim.inject_fault("wfm-userinfo=latency:500ms,times=1".parse().unwrap());
        let mut stream = TcpStream::connect(sim.addr()).await.unwrap();
        stream
            .write_all(b"GET /wfm/api/v3/system/userinfo HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .await
            .unwrap();
        let mut polls = 0;
        while !sim.simulator().faults().is_empty() {
            polls += 1;
            assert!(polls < 500, "the request never reached the router");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }

        let shutdown = tokio::spawn(sim.shutdown());
        // No token: 401, after the latency; then the connection closes, as the server stops.
        let received = String::from_utf8_lossy(&read_until_closed(stream).await).into_owned();
        assert!(received.starts_with("HTTP/1.1 401"), "{received}");
        tokio::time::timeout(BOUND, shutdown)
            .await
            .expect("shutdown")
            .unwrap()
            .unwrap();
    })
    .await;
}
