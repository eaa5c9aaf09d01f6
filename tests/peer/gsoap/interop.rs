//! Every operation of the corpus set `gsoap-calc`, both ways, against gSOAP itself: the client
//! generated from `calc.wsdl` calls gSOAP's `calc-server`, and gSOAP's `calc-client` calls the
//! server generated from it; Python zeep's requests are answered by the generated server too.
//! Copied into the crate `cargo xtask interop` generates (which depends on `gsoap_calc`,
//! `loopback` and `tokio`), which sets `GSOAP_PEER` (the folder `tests/peer/gsoap/build.sh`
//! built the two gSOAP programs into), `CALC_WSDL`, `ZEEP_PYTHON` and `ZEEP_SCRIPT`.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use gsoap_calc::{CalcClient, CalcServer, serve_calc};
use soap_runtime::{ClientConfig, FaultCode, HttpTransport, SoapFault, SoapVersion};

fn peer_program(name: &str) -> PathBuf {
    let dir = std::env::var_os("GSOAP_PEER").expect("GSOAP_PEER names the gSOAP build folder");
    let program = PathBuf::from(dir).join(name);
    assert!(program.exists(), "{} is missing", program.display());
    program
}

/// gSOAP's `calc-server` on a free port, stopped when dropped.
struct GsoapServer {
    child: Child,
    url: String,
}

impl GsoapServer {
    fn start() -> Self {
        let mut child = Command::new(peer_program("calc-server"))
            .arg("0")
            .stdout(Stdio::piped())
            .spawn()
            .expect("calc-server starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("calc-server says where it listens");
        let address = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line from calc-server: {line:?}"));
        GsoapServer {
            url: format!("http://{address}/"),
            child,
        }
    }
}

impl Drop for GsoapServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The client generated from `calc.wsdl`, against gSOAP's server: every operation, exactly
/// the arithmetic of the server (doubles survive the trip both ways), and the fault.
#[tokio::test]
async fn generated_client_against_gsoap_server() {
    let server = GsoapServer::start();
    let calc = CalcClient::new(HttpTransport::new(ClientConfig::default()).unwrap(), &server.url);
    let (a, b) = (1.5, 2.25);
    assert_eq!(calc.add(&a, &b).await.unwrap(), a + b);
    assert_eq!(calc.sub(&a, &b).await.unwrap(), a - b);
    assert_eq!(calc.mul(&a, &b).await.unwrap(), a * b);
    assert_eq!(calc.div(&1.0, &3.0).await.unwrap(), 1.0 / 3.0);
    assert_eq!(calc.pow(&a, &3.0).await.unwrap(), a.powf(3.0));
    assert_eq!(calc.add(&1e-300, &2e-300).await.unwrap(), 1e-300 + 2e-300);
    let error = calc.div(&1.0, &0.0).await.unwrap_err();
    let fault = error.fault().unwrap_or_else(|| panic!("not a fault: {error}"));
    assert_eq!(fault.code.local_name, "Client", "{fault:?}");
    assert_eq!(fault.string, "Division by zero");
    println!("generated client → gSOAP calc-server: add, sub, mul, div, pow and the fault ok");
}

/// The calculator the generated server trait asks for, with gSOAP's sample's faults.
struct Calculator;

fn client_fault(string: &str) -> SoapFault {
    SoapFault {
        version: SoapVersion::Soap11,
        http_status: 500,
        code: FaultCode {
            namespace: Some(SoapVersion::Soap11.envelope_namespace().to_owned()),
            local_name: "Client".to_owned(),
        },
        subcodes: Vec::new(),
        string: string.to_owned(),
        actor: None,
        node: None,
        detail: None,
        detail_namespaces: Vec::new(),
    }
}

impl CalcServer for Calculator {
    async fn add(&self, a: f64, b: f64) -> Result<f64, SoapFault> {
        Ok(a + b)
    }
    async fn sub(&self, a: f64, b: f64) -> Result<f64, SoapFault> {
        Ok(a - b)
    }
    async fn mul(&self, a: f64, b: f64) -> Result<f64, SoapFault> {
        Ok(a * b)
    }
    async fn div(&self, a: f64, b: f64) -> Result<f64, SoapFault> {
        if b == 0.0 {
            return Err(client_fault("Division by zero"));
        }
        Ok(a / b)
    }
    async fn pow(&self, a: f64, b: f64) -> Result<f64, SoapFault> {
        let power = a.powf(b);
        if power.is_nan() {
            return Err(client_fault("Power function domain error"));
        }
        Ok(power)
    }
}

/// gSOAP's client against the server generated from `calc.wsdl`: `calc-client` checks every
/// answer against its own arithmetic and exits non-zero on any difference.
#[tokio::test]
async fn gsoap_client_against_generated_server() {
    let (base, log) = loopback::serve(|request| {
        let action = request.header("soapaction");
        let (status, body) = loopback::ready(serve_calc(
            &Calculator,
            action.as_deref(),
            request.body.as_bytes(),
        ));
        loopback::Reply::xml(status, String::from_utf8(body).expect("UTF-8 envelope"))
    })
    .await;
    let client = peer_program("calc-client");
    let url = format!("{base}/");
    let output = tokio::task::spawn_blocking(move || Command::new(client).arg(url).output())
        .await
        .unwrap()
        .expect("calc-client runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    print!("gSOAP calc-client → generated server:\n{stdout}");
    assert!(
        output.status.success(),
        "calc-client failed: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("all calls ok"), "{stdout}");
    assert_eq!(loopback::seen(&log).len(), 7, "every call of calc-client reached us");
}

/// Runs `tests/peer/encoded_zeep.py` with the Python `ZEEP_PYTHON` names; its stdout.
fn zeep(args: &[&str]) -> String {
    let python = std::env::var_os("ZEEP_PYTHON").expect("ZEEP_PYTHON names a Python with zeep");
    let script = std::env::var_os("ZEEP_SCRIPT").expect("ZEEP_SCRIPT names encoded_zeep.py");
    let output = Command::new(python)
        .arg(script)
        .args(args)
        .output()
        .expect("Python runs");
    assert!(
        output.status.success(),
        "encoded_zeep.py {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// Python zeep as the client of the server generated from `calc.wsdl`: zeep writes each
/// request (rpc/encoded as zeep renders it: no `xsi:type`, no `encodingStyle`), the generated
/// server answers, and zeep reads the answer back to the same number or fault.
#[test]
fn zeep_client_against_generated_server() {
    let wsdl = std::env::var("CALC_WSDL").expect("CALC_WSDL names calc.wsdl");
    let cases: [(&str, f64, f64, Option<f64>); 6] = [
        ("add", 1.5, 2.25, Some(3.75)),
        ("sub", 1.5, 2.25, Some(-0.75)),
        ("mul", 1.5, 2.25, Some(3.375)),
        ("div", 1.0, 4.0, Some(0.25)),
        ("pow", 2.0, 10.0, Some(1024.0)),
        ("div", 1.0, 0.0, None),
    ];
    let scratch = std::env::temp_dir().join(format!("calc-zeep-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    for (operation, a, b, expected) in cases {
        let arguments = format!(r#"{{"a": {a}, "b": {b}}}"#);
        let request = zeep(&["envelope", &wsdl, operation, &arguments]);
        let (status, body) = loopback::ready(serve_calc(&Calculator, Some("\"\""), request.as_bytes()));
        let response = scratch.join(format!("{operation}-{status}.xml"));
        std::fs::write(&response, &body).unwrap();
        let read = zeep(&["decode", &wsdl, operation, response.to_str().unwrap()]);
        match expected {
            Some(value) => {
                assert_eq!(status, 200, "{operation}: {}", String::from_utf8_lossy(&body));
                assert_eq!(read.trim().parse::<f64>().ok(), Some(value), "{operation}: zeep read {read}");
            }
            None => {
                assert_eq!(status, 500, "{operation}: {}", String::from_utf8_lossy(&body));
                assert!(read.contains("Division by zero"), "{operation}: zeep read {read}");
            }
        }
        println!("zeep {operation}({a}, {b}) → generated server → zeep: {}", read.trim());
    }
    let _ = std::fs::remove_dir_all(&scratch);
}
