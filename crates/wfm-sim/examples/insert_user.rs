//! Creates WFM users with `InsertUser` and reports, for each, what the server's
//! `CfgValidationHolder` says: inserted (with the new user id and any warnings) or rejected
//! (with every error). A rejected user is no failed call: WFM answers business errors in the
//! holder (`success = false`, `errorArray`), not as a SOAP fault.
//!
//! ```text
//! cargo run --example insert_user
//! ```
//!
//! The server comes from the environment as in the quickstart (`WFM_URL`, …; see
//! `support/mod.rs`); without it the simulator starts in-process. The example exits with a
//! failure when a call fails, not when the server rejects a user.

mod support;

use std::collections::HashMap;
use std::process::ExitCode;

use anyhow::{Context, Result};
use wfm_sdk::Wfm;
use wfm_sdk::constants::ECfgInfoType;
use wfm_sdk::generated::wfm_config_service850::{
    CfgSecurityRoleDetails, CfgSortMode, CfgUser, CfgValidationHolder, GetSecurityRole, InsertUser,
};

/// A user to create. The security role is named, as people name it; WFM wants its id.
struct NewUser {
    login: &'static str,
    first_name: &'static str,
    last_name: &'static str,
    email: &'static str,
    security_role: &'static str,
}

/// What an HR export might hand over, mistakes included.
const NEW_USERS: [NewUser; 5] = [
    NewUser {
        login: "jdoe",
        first_name: "Jane",
        last_name: "Doe",
        email: "jane.doe@example.com",
        security_role: "Scheduler",
    },
    // No e-mail address: inserted, with a warning.
    NewUser {
        login: "mrossi",
        first_name: "Marco",
        last_name: "Rossi",
        email: "",
        security_role: "Supervisor",
    },
    // The login is taken (WFM compares user names in any case).
    NewUser {
        login: "Supervisor",
        first_name: "Sam",
        last_name: "Second",
        email: "sam.second@example.com",
        security_role: "Supervisor",
    },
    // No login at all.
    NewUser {
        login: " ",
        first_name: "Nobody",
        last_name: "Known",
        email: "nobody@example.com",
        security_role: "Agent",
    },
    // A role this WFM does not have: caught before the call.
    NewUser {
        login: "kpatel",
        first_name: "Kiran",
        last_name: "Patel",
        email: "kiran.patel@example.com",
        security_role: "Team lead",
    },
];

/// WFM's `E*` numbers are not public: put the ones from your official WFM API documentation
/// here. (The simulator accepts any value.)
const ROLES_BY_ID: i32 = 0;
const FULL_OBJECTS: ECfgInfoType = ECfgInfoType::new(0);
/// The WFM time zone and tenant of the new users: ids from your WFM configuration.
const TIME_ZONE_ID: i32 = 1;
const TENANT_ID: i32 = 1;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<()> {
    let target = support::cloud().await?;
    let wfm = Wfm::connect(target.config)
        .await
        .context("connecting to WFM")?;
    // Close the session whether the inserts worked or not; report their error first.
    let inserted = insert_users(&wfm).await;
    let closed = wfm.close().await.context("closing the session");
    inserted.and(closed)
}

/// Inserts [`NEW_USERS`], printing what the server says about each.
async fn insert_users(wfm: &Wfm) -> Result<()> {
    let config = wfm.config()?;

    let roles = config
        .get_security_role(&GetSecurityRole {
            sort_mode: CfgSortMode {
                sort_mode: ROLES_BY_ID,
            },
            ..GetSecurityRole::new(CfgSecurityRoleDetails::new(FULL_OBJECTS))
        })
        .await
        .context("reading the security roles")?;
    let role_ids: HashMap<&str, i32> = roles
        .object_array
        .iter()
        .map(|role| (role.wm_name.as_str(), role.wm_security_role_id))
        .collect();

    let (mut inserted, mut rejected) = (0, 0);
    for new in &NEW_USERS {
        let Some(&role_id) = role_ids.get(new.security_role) else {
            println!(
                "{:?}: not sent: WFM has no security role named {:?}",
                new.login, new.security_role
            );
            rejected += 1;
            continue;
        };
        let holder = config
            .insert_user(&InsertUser {
                // The id is WFM's to pick, and no subsystems means the role's.
                user: CfgUser {
                    wm_user: new.login.to_owned(),
                    wm_timezone_id: TIME_ZONE_ID,
                    wm_security_role_id: role_id,
                    gsw_first_name: new.first_name.to_owned(),
                    gsw_last_name: new.last_name.to_owned(),
                    gsw_email: new.email.to_owned(),
                    gsw_tenant_id: TENANT_ID,
                    ..CfgUser::default()
                },
                ..InsertUser::default()
            })
            .await
            .with_context(|| format!("inserting user {:?}", new.login))?;
        report(new.login, &holder);
        if holder.success {
            inserted += 1;
        } else {
            rejected += 1;
        }
    }
    println!("{inserted} inserted, {rejected} rejected");
    Ok(())
}

/// Prints what the server made of one insert: the new id and warnings, or every error.
fn report(login: &str, holder: &CfgValidationHolder) {
    if holder.success {
        println!("{login:?}: inserted as user {}", holder.object_id);
    } else {
        println!("{login:?}: rejected");
    }
    for error in &holder.error_array {
        println!("    error:   {error}");
    }
    for warning in &holder.warning_array {
        println!("    warning: {warning}");
    }
}
