//! The client generated from Apache Axis 1.4's WSDL against Axis 1.4's own rpc/encoded
//! answers, recorded by `tests/peer/axis/record.sh`: structs and arrays of structs as
//! `multiRef` elements reached by `href` (shared, nested, even `int`s), jagged arrays of
//! arrays, a nil array item, a cycle, and a fault. The generated server reads the request
//! Axis's own clients write (an inline item beside one by reference).

#![allow(clippy::unwrap_used)] // reason: tests fail loudly on unexpected shapes

use std::path::PathBuf;

use codegen_fixtures::axis1_peer::{
    ArrayOfArrayOfXsdInt, ArrayOfEmployee, ArrayOfXsdString, Employee, EmployeeServiceClient,
    EmployeeServiceServer, Team, serve_employee_service,
};
use loopback::Reply;
use soap_runtime::encoding::SoapArray;
use soap_runtime::{ClientConfig, DecodeErrorKind, ErrorKind, HttpTransport, SoapFault};

fn peer_file(relative: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/peer/axis")
        .join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A client whose every call is answered with the recording `name` (and its status).
async fn replaying(name: &str, status: u16) -> EmployeeServiceClient {
    let body = peer_file(&format!("recordings/{name}"));
    let (base, _) = loopback::serve(move |_| Reply::xml(status, body.clone())).await;
    let client = HttpTransport::new(ClientConfig::default()).unwrap();
    EmployeeServiceClient::new(client, format!("{base}/axis/services/EmployeeService"))
}

fn names(array: &ArrayOfEmployee) -> Vec<&str> {
    array
        .0
        .items()
        .iter()
        .map(|e| e.name.as_deref().unwrap_or("-"))
        .collect()
}

#[tokio::test]
async fn arrays_of_structs_by_multi_reference() {
    let staff = replaying("getEmployees.xml", 200)
        .await
        .get_employees()
        .await
        .unwrap();
    assert_eq!(names(&staff), ["Ada", "Bob", "Cy"]);
    let tags: Vec<Option<Vec<String>>> = staff
        .0
        .items()
        .iter()
        .map(|e| e.tags.as_ref().map(|tags| tags.0.items().to_vec()))
        .collect();
    // A nil array, an empty one and one of two; the order is Axis's.
    assert!(tags.contains(&None), "{tags:?}");
    assert!(tags.contains(&Some(Vec::new())), "{tags:?}");
    assert!(
        tags.contains(&Some(vec!["lead".into(), "founder".into()])),
        "{tags:?}"
    );
    let bob = &staff.0.items()[1];
    assert_eq!(bob.manager.as_ref().unwrap().name.as_deref(), Some("Ada"));
    assert!(bob.salary > 0.0);
}

#[tokio::test]
async fn a_shared_reference_is_read_at_each_place() {
    let team: Team = replaying("getTeam.xml", 200)
        .await
        .get_team()
        .await
        .unwrap();
    assert_eq!(team.name.as_deref(), Some("Core"));
    let lead = team.lead.as_ref().unwrap();
    assert_eq!(team.deputy.as_ref(), Some(lead));
    let members = team.members.as_ref().unwrap();
    assert_eq!(&members.0.items()[0], lead);
    assert_eq!(
        members.0.items()[1].manager.as_deref(),
        Some(lead),
        "Bob's manager is the lead"
    );
}

#[tokio::test]
async fn jagged_arrays_of_arrays_keep_their_rows() {
    let ArrayOfArrayOfXsdInt(matrix) = replaying("getMatrix.xml", 200)
        .await
        .get_matrix()
        .await
        .unwrap();
    let rows: Vec<Vec<i32>> = matrix
        .items()
        .iter()
        .map(|row| row.items().to_vec())
        .collect();
    assert_eq!(rows, [vec![1, 2, 3], vec![4, 5, 6], vec![7]]);
}

#[tokio::test]
async fn a_nil_item_is_a_gap_not_a_lost_position() {
    let ArrayOfXsdString(names) = replaying("getNames.xml", 200)
        .await
        .get_names()
        .await
        .unwrap();
    assert_eq!(names.len(), 4);
    assert_eq!(names.get(0).map(String::as_str), Some("Ada"));
    assert_eq!(names.get(1), None, "the null");
    assert_eq!(names.get(2).map(String::as_str), Some(""));
    assert_eq!(names.get(3).map(String::as_str), Some("Bob & <Cy>"));
}

#[tokio::test]
async fn a_cycle_is_a_decode_error_naming_the_operation() {
    let error = replaying("getCycle.xml", 200)
        .await
        .get_cycle()
        .await
        .unwrap_err();
    let ErrorKind::Decode(decode) = error.kind() else {
        panic!("{error}");
    };
    assert!(
        matches!(decode.kind, DecodeErrorKind::CyclicReference(_)),
        "{error}"
    );
    assert!(error.to_string().contains("getCycle"), "{error}");
}

#[tokio::test]
async fn an_axis_fault_is_a_fault() {
    let error = replaying("findEmployee.fault.xml", 500)
        .await
        .find_employee(&42)
        .await
        .unwrap_err();
    let fault = error.fault().expect("a SOAP fault");
    assert_eq!(fault.code.local_name, "Server.userException");
    assert!(fault.string.contains("no employee with id 42"), "{fault:?}");
}

#[tokio::test]
async fn found_employee() {
    let ada = replaying("findEmployee.xml", 200)
        .await
        .find_employee(&1)
        .await
        .unwrap();
    assert_eq!(ada.name.as_deref(), Some("Ada"));
}

/// Echoes `echoEmployees`; every other operation is not served here.
struct Echo;

fn not_here() -> SoapFault {
    SoapFault::invalid_request(soap_runtime::SoapVersion::Soap11, "not served by this test")
}

impl EmployeeServiceServer for Echo {
    async fn get_employees(&self) -> Result<ArrayOfEmployee, SoapFault> {
        Err(not_here())
    }
    async fn get_team(&self) -> Result<Team, SoapFault> {
        Err(not_here())
    }
    async fn get_matrix(&self) -> Result<ArrayOfArrayOfXsdInt, SoapFault> {
        Err(not_here())
    }
    async fn get_names(&self) -> Result<ArrayOfXsdString, SoapFault> {
        Err(not_here())
    }
    async fn get_cycle(&self) -> Result<Employee, SoapFault> {
        Err(not_here())
    }
    async fn echo_employees(
        &self,
        employees: ArrayOfEmployee,
    ) -> Result<ArrayOfEmployee, SoapFault> {
        Ok(employees)
    }
    async fn find_employee(&self, _id: i32) -> Result<Employee, SoapFault> {
        Err(not_here())
    }
}

/// The request an Axis client writes (one item inline, one by reference, a shared manager)
/// is served; the answer, in SOAP encoding, is what Axis answered.
#[tokio::test]
async fn the_generated_server_reads_what_axis_clients_write() {
    let request = peer_file("requests/echoEmployees.xml");
    let (status, body) = serve_employee_service(&Echo, Some("\"\""), request.as_bytes()).await;
    let body = String::from_utf8(body).unwrap();
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains(r#"xsi:type="soapenc:Array" soapenc:arrayType="ns0:Employee["#),
        "{body}"
    );

    let (base, _) = loopback::serve(move |_| Reply::xml(200, body.clone())).await;
    let client =
        EmployeeServiceClient::new(HttpTransport::new(ClientConfig::default()).unwrap(), base);
    let echoed = client
        .echo_employees(&ArrayOfEmployee(SoapArray::default()))
        .await
        .unwrap();
    let recorded = replaying("echoEmployees.xml", 200)
        .await
        .echo_employees(&ArrayOfEmployee(SoapArray::default()))
        .await
        .unwrap();
    assert_eq!(echoed, recorded, "our echo and Axis's agree");
}
