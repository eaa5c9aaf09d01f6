//! Connects to an on-premises WFM Server with a user name and password (`LocateServerLogin`,
//! then `OpenSessionLogin`; no GAuth token), lists the session's services and the sites, and
//! closes the session.
//!
//! ```text
//! cargo run --example on_premises
//! ```
//!
//! Against your server: `WFM_SERVER_URL=http://wfmsrv01:6030 WFM_USER=… WFM_PASSWORD=…`.
//! Without them the simulator starts in-process as an on-premises server. If the server
//! writes an internal host name into the URLs it returns, add
//! `.with_url_rewrite(UrlRewrite::host_port(..))` to the configuration.

mod support;

use std::process::ExitCode;

use anyhow::{Context, Result};
use wfm_sdk::constants::ECfgInfoType;
use wfm_sdk::generated::wfm_config_service850::{CfgSiteDetails, CfgSortMode, GetSite};
use wfm_sdk::{OnPremisesConfig, Wfm};

/// WFM's `E*` numbers are not public: put the ones from your official WFM API documentation
/// here. (The simulator accepts any value.)
const SITES_BY_NAME: i32 = 0;
const FULL_OBJECTS: ECfgInfoType = ECfgInfoType::new(0);

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // `{:#}` prints the whole chain: what the example was doing, then the call that
            // failed and why.
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<()> {
    let server = support::on_premises_server().await?;

    // The configuration's type picks the on-premises flow: no token, a WFM user's credentials.
    let config = OnPremisesConfig::new(
        &server.url,
        support::APP_NAME,
        &server.user,
        server.password.as_str(),
    );
    let wfm = Wfm::connect(config)
        .await
        .with_context(|| format!("logging in to {} as {}", server.url, server.user))?;
    println!(
        "logged in as {} (WFM user {}); services:",
        server.user,
        wfm.login_info().user_id
    );
    for (name, url) in wfm.service_map().iter() {
        println!("  {name:<20} {url}");
    }

    let sites = wfm
        .config()?
        .get_site(&GetSite {
            sort_mode: CfgSortMode {
                sort_mode: SITES_BY_NAME,
            },
            ..GetSite::new(CfgSiteDetails {
                info_type: FULL_OBJECTS,
            })
        })
        .await
        .context("listing the sites")?;
    println!("sites ({}):", sites.object_array.len());
    for site in &sites.object_array {
        println!("  {:>6}  {}", site.wm_site_id, site.wm_name);
    }

    wfm.close().await.context("closing the session")?;
    println!("session closed");
    Ok(())
}
