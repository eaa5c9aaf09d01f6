//! `wfm-sim`: serves the WFM simulator until interrupted.

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use wfm_sim::data::parse_date;
use wfm_sim::{FaultRule, MAX_AGENTS, MAX_CONNECTIONS, SimConfig, Simulator};

const HELP: &str = "\
wfm-sim: a Genesys WFM simulator (GAuth, WFM REST userinfo, WFM SOAP services) on one port

USAGE:
    cargo run -p wfm-sim -- [OPTIONS]

OPTIONS:
    --host <IP>                 address to listen on [default: 127.0.0.1]
    --port <PORT>               port to listen on; 0 picks a free one [default: 8080]
    --public-url <URL>          base URL written into the service URLs the SOAP services
                                return [default: http://<host>:<port>]
    --seed <N>                  seed of the generated organisation and schedule [default: 7]
    --agents <N>                number of agents, 1 to 100000 [default: 50]
    --sites <N>                 number of sites the agents are spread over [default: 3]
    --token-ttl <SECONDS>       lifetime of access tokens [default: 3600]
    --schedule-start <DATE>     first day of the committed schedule, YYYY-MM-DD
                                [default: 2026-01-05]
    --weeks <N>                 weeks of committed schedule [default: 8]
    --fault <RULE>              inject a fault (repeatable; the first matching rule that
                                fires decides a call); see FAULT RULES
    --header-timeout <SECONDS>  close a connection whose request head has not arrived within
                                this time, counted from the accept or the previous answer
                                (so idle keep-alive connections too); fractions allowed
                                [default: 10]
    --body-timeout <SECONDS>    answer 408 and close the connection when a request body has
                                not arrived within this time after its head [default: 30]
    --max-connections <N>       connections served at once, 1 to 1048576; more wait in the
                                accept queue until a slot frees [default: 1024]
    --deployment <KIND>         cloud: SOAP calls need a GAuth Bearer token, the ...Login
                                operations are refused; on-premises: no token, and
                                LocateServerLogin / OpenSessionLogin check the user name and
                                password of a WFM user [default: cloud]
    --web-context <PATH>        WFM Web's context path; userinfo is served at
                                <PATH>/api/v3/system/userinfo (on premises WFM Web defaults
                                to /wfm85x) [default: /wfm]
    -h, --help                  print this help

FAULT RULES: <ROUTE>=<FAULT>[,times=<N>][,p=<P>]
    ROUTE   gauth-token | gauth-userinfo | wfm-userinfo | soap (every SOAP call)
            | <Operation> (as the SOAPAction names it, on any service: GetAgentState)
            | <Handler> (every operation of a service: WFMScheduleService852)
            | <Handler>/<Operation>
    FAULT   latency:<D>         wait D (250ms, 2s), then answer normally
            soap-fault[:<CODE>[:<STRING>[:<DETAIL>]]]
                                a SOAP fault with HTTP 500 (SOAP routes only)
                                [default: Server, \"SOAP Server Application Faulted\", no detail]
            http<NNN>[:<TEXT>]  that HTTP status (400-599: http500, http503) with TEXT as a
                                text/plain body [default: empty]
            drop                close the connection without answering
            truncate            send the head with the full Content-Length, half the body, close
            expire[:<D>]        early token expiry: on gauth-token, access tokens issued live
                                only D (expires_in is unchanged); elsewhere, the request's
                                token expires if older than D (401) [default: 0]
    times=<N>   only the next N matching calls;  p=<P>   with probability P (0 to 1, seeded)
    e.g.  --fault 'GetAgentState=http503,times=3'  --fault 'soap=latency:200ms,p=0.1'
          --fault 'WFMConfigService850/GetSite=soap-fault:Server:Busy:try later'
          --fault 'gauth-token=expire:30s'

ROUTES (all on one port):
    POST /auth/v3/oauth/token         GAuth token (password, client_credentials, refresh_token)
    GET  /auth/v3/userinfo            GAuth user details
    GET  /wfm/api/v3/system/userinfo  WFM user info (403 for a user not provisioned in WFM);
                                      /wfm is --web-context
    POST /?Handler=<Service>          SOAP: WFMLocatorService800, WFMSessionService800,
                                      WFMConfigService850, WFMScheduleService852, and the
                                      7.x WFMLocatorService, WFMSessionService700,
                                      WFMConfigService712, WFMScheduleService712

DEFAULT CREDENTIALS:
    OAuth client (HTTP Basic):  sim-client / sim-secret
    users (password grant):     supervisor / supervisor   provisioned in WFM (user 501)
                                agent / agent             provisioned in WFM (user 502)
                                stranger / stranger       GAuth only, NOT provisioned in WFM (403)
    client_credentials grant:   acts as WFM user 500 (wfm.api)

State types, the short info type and the user object type use the simulator's own numbers
(9001.., 9102, 9201): WFM's real E* values are not public. See the crate docs (numbering).
";

struct Args {
    host: IpAddr,
    port: u16,
    public_url: Option<String>,
    config: SimConfig,
    faults: Vec<(String, FaultRule)>,
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut args = Args {
        host: IpAddr::from([127, 0, 0, 1]),
        port: 8080,
        public_url: None,
        config: SimConfig::default(),
        faults: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            return Ok(None);
        }
        let (name, inline) = match flag.split_once('=') {
            Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
            None => (flag.clone(), None),
        };
        let value = match inline.or_else(|| it.next()) {
            Some(v) => v,
            None => return Err(format!("{name} needs a value")),
        };
        let bad = || format!("invalid value for {name}: {value:?}");
        match name.as_str() {
            "--host" => args.host = value.parse().map_err(|_| bad())?,
            "--port" => args.port = value.parse().map_err(|_| bad())?,
            "--public-url" => {
                if !(value.starts_with("http://") || value.starts_with("https://")) {
                    return Err(bad());
                }
                args.public_url = Some(value);
            }
            "--seed" => args.config.seed = value.parse().map_err(|_| bad())?,
            "--agents" => {
                args.config.agents = value
                    .parse()
                    .ok()
                    .filter(|n| (1..=MAX_AGENTS).contains(n))
                    .ok_or_else(bad)?;
            }
            "--sites" => {
                args.config.sites = value
                    .parse()
                    .ok()
                    .filter(|&n: &usize| n >= 1)
                    .ok_or_else(bad)?;
            }
            "--token-ttl" => {
                let seconds: u64 = value.parse().ok().filter(|&n| n >= 1).ok_or_else(bad)?;
                args.config.token_ttl = Duration::from_secs(seconds);
            }
            "--schedule-start" => {
                args.config.schedule_start = parse_date(&value).ok_or_else(bad)?
            }
            "--weeks" => {
                args.config.schedule_weeks = value
                    .parse()
                    .ok()
                    .filter(|&n: &u32| n >= 1)
                    .ok_or_else(bad)?;
            }
            "--header-timeout" => {
                args.config.header_read_timeout = timeout(&value).ok_or_else(bad)?
            }
            "--body-timeout" => args.config.body_read_timeout = timeout(&value).ok_or_else(bad)?,
            "--max-connections" => {
                args.config.max_connections = value
                    .parse()
                    .ok()
                    .filter(|n| (1..=MAX_CONNECTIONS).contains(n))
                    .ok_or_else(bad)?;
            }
            "--deployment" => {
                args.config.deployment = value.parse().map_err(|e| format!("{name}: {e}"))?
            }
            "--web-context" => {
                args.config.web_context = value.parse().map_err(|e| format!("{name}: {e}"))?
            }
            "--fault" => {
                let rule = value.parse().map_err(|e| format!("--fault: {e}"))?;
                args.faults.push((value, rule));
            }
            _ => return Err(format!("unknown option {name} (try --help)")),
        }
    }
    Ok(Some(args))
}

/// A timeout in seconds (`10`, `0.5`), more than zero.
fn timeout(text: &str) -> Option<Duration> {
    let seconds: f64 = text.parse().ok()?;
    Duration::try_from_secs_f64(seconds)
        .ok()
        .filter(|d| !d.is_zero())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(args)) => args,
        Ok(None) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("wfm-sim: {message}");
            return ExitCode::from(2);
        }
    };
    let addr = SocketAddr::new(args.host, args.port);
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("wfm-sim: cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let sim = Simulator::new(args.config);
    for (_, rule) in &args.faults {
        sim.inject_fault(rule.clone());
    }
    let running = match wfm_sim::RunningSimulator::serve_as(
        sim.clone(),
        listener,
        args.public_url.as_deref(),
    ) {
        Ok(running) => running,
        Err(e) => {
            eprintln!("wfm-sim: {e}");
            return ExitCode::FAILURE;
        }
    };
    let config = sim.config();
    println!(
        "wfm-sim listening on {} ({}, seed {}, {} agents, {} sites, tokens {} s)",
        running.base_url(),
        config.deployment,
        config.seed,
        config.agents,
        config.sites,
        config.token_ttl.as_secs()
    );
    println!(
        "  limits:  {} connections, request head within {:?}, body within {:?}",
        config.max_connections, config.header_read_timeout, config.body_read_timeout
    );
    println!(
        "  GAuth:   {}/auth/v3/oauth/token  (client sim-client/sim-secret)",
        running.base_url()
    );
    println!(
        "  WFM:     {}{}",
        running.base_url(),
        config.web_context.userinfo_path()
    );
    println!(
        "  Locator: {}/?Handler=WFMLocatorService800",
        running.base_url()
    );
    println!("  users:   supervisor/supervisor, agent/agent, stranger/stranger (not in WFM)");
    for (text, _) in &args.faults {
        println!("  fault:   {text}");
    }
    // Serve until the process is interrupted.
    std::future::pending::<()>().await;
    ExitCode::SUCCESS
}
