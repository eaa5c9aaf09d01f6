//! Fault injection: rules keyed by route that make the simulator answer late, with a SOAP fault
//! or an HTTP error, drop the connection, truncate the body, or expire tokens early.
//!
//! A [`FaultRule`] names a [`Route`] and a [`Fault`], and optionally how many matching calls
//! it applies to ([`FaultRule::times`]) and with what probability ([`FaultRule::probability`],
//! drawn from a generator seeded with [`SimConfig::seed`](crate::SimConfig::seed)). Rules are
//! consulted in the order they were added; the first matching rule that fires decides the
//! call, and a rule whose count is spent is removed. Set them with
//! [`Simulator::inject_fault`](crate::Simulator::inject_fault) or on the command line
//! (`--fault`, in the syntax of [`FaultRule`]'s `FromStr`).
//!
//! An injected fault answers in place of the route's own checks (Bearer, `SOAPAction`), except
//! [`Fault::Latency`], which delays the normal answer, [`Fault::Truncate`], which cuts it, and
//! [`Fault::ExpireTokens`], which changes what the checks find.

mod inject;

use std::fmt;
use std::str::FromStr;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use crate::rng::SplitMix64;

pub(crate) use inject::{
    ConnectionCutter, CuttableListener, CuttableStream, IssueLifetime, inject,
};

/// Where a rule applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `POST /auth/v3/oauth/token` (`gauth-token`).
    GAuthToken,
    /// `GET /auth/v3/userinfo` (`gauth-userinfo`).
    GAuthUserInfo,
    /// `GET /wfm/api/v3/system/userinfo`, below the configured WFM Web context
    /// (`wfm-userinfo`).
    WfmUserInfo,
    /// `POST /?Handler=<handler>` with `SOAPAction: "#<operation>"`; `None` matches any.
    Soap {
        /// The `Handler` (`WFMScheduleService852`), or any.
        handler: Option<String>,
        /// The operation the `SOAPAction` names (`GetAgentState`), or any.
        operation: Option<String>,
    },
}

impl Route {
    /// One operation of one SOAP service, e.g. `("WFMScheduleService852", "GetAgentState")`.
    pub fn soap(handler: impl Into<String>, operation: impl Into<String>) -> Route {
        Route::Soap {
            handler: Some(handler.into()),
            operation: Some(operation.into()),
        }
    }

    /// An operation on whichever SOAP service it is called.
    pub fn operation(operation: impl Into<String>) -> Route {
        Route::Soap {
            handler: None,
            operation: Some(operation.into()),
        }
    }

    /// Every operation of one SOAP service.
    pub fn handler(handler: impl Into<String>) -> Route {
        Route::Soap {
            handler: Some(handler.into()),
            operation: None,
        }
    }

    fn is_soap(&self) -> bool {
        matches!(self, Route::Soap { .. })
    }

    fn matches(&self, target: &Target) -> bool {
        let wanted = |rule: &Option<String>, seen: Option<&str>| {
            rule.as_deref().is_none_or(|name| Some(name) == seen)
        };
        match (self, target) {
            (Route::GAuthToken, Target::GAuthToken)
            | (Route::GAuthUserInfo, Target::GAuthUserInfo)
            | (Route::WfmUserInfo, Target::WfmUserInfo) => true,
            (
                Route::Soap { handler, operation },
                Target::Soap {
                    handler: seen_handler,
                    operation: seen_operation,
                },
            ) => {
                wanted(handler, seen_handler.as_deref())
                    && wanted(operation, seen_operation.as_deref())
            }
            _ => false,
        }
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Route::GAuthToken => f.write_str("gauth-token"),
            Route::GAuthUserInfo => f.write_str("gauth-userinfo"),
            Route::WfmUserInfo => f.write_str("wfm-userinfo"),
            Route::Soap {
                handler: None,
                operation: None,
            } => f.write_str("soap"),
            Route::Soap {
                handler: Some(handler),
                operation: None,
            } => f.write_str(handler),
            Route::Soap {
                handler: None,
                operation: Some(operation),
            } => f.write_str(operation),
            Route::Soap {
                handler: Some(handler),
                operation: Some(operation),
            } => write!(f, "{handler}/{operation}"),
        }
    }
}

/// `gauth-token`, `gauth-userinfo`, `wfm-userinfo`, `soap` (every SOAP call), a handler the
/// simulator serves (`WFMScheduleService852`: all its operations), `<Handler>/<Operation>`, or
/// any other name, taken as an operation on any service (`GetAgentState`).
impl FromStr for Route {
    type Err = FaultRuleError;

    fn from_str(text: &str) -> Result<Route, FaultRuleError> {
        let is_name =
            |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        let bad = |why: &str| FaultRuleError(format!("invalid route {text:?}: {why}"));
        let route = match text {
            "gauth-token" => Route::GAuthToken,
            "gauth-userinfo" => Route::GAuthUserInfo,
            "wfm-userinfo" => Route::WfmUserInfo,
            "soap" => Route::Soap {
                handler: None,
                operation: None,
            },
            _ => match text.split_once('/') {
                Some((handler, operation)) => {
                    if !is_known_handler(handler) {
                        return Err(bad(&format!(
                            "{handler:?} is not a handler the simulator serves"
                        )));
                    }
                    if !is_name(operation) {
                        return Err(bad("the operation is not a name"));
                    }
                    Route::soap(handler, operation)
                }
                None if is_known_handler(text) => Route::handler(text),
                None if is_name(text) => Route::operation(text),
                None => {
                    return Err(bad(
                        "expected gauth-token, gauth-userinfo, wfm-userinfo, soap, a handler, \
                         an operation, or <Handler>/<Operation>",
                    ));
                }
            },
        };
        Ok(route)
    }
}

fn is_known_handler(name: &str) -> bool {
    crate::soap::LOCATORS.contains(&name)
        || crate::soap::SESSION_SERVICES
            .iter()
            .any(|(handler, _)| *handler == name)
}

/// What happens to a call a rule applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Waits this long, then answers normally.
    Latency(Duration),
    /// A SOAP 1.1 fault in ATL's template with HTTP 500 (SOAP routes only).
    SoapFault {
        /// The local name of `faultcode`, in the envelope namespace (`Client`, `Server`).
        code: String,
        /// `faultstring`.
        string: String,
        /// The text of `detail` (escaped on the wire), or none.
        detail: Option<String>,
    },
    /// This HTTP status (400 to 599) with this text as `text/plain` body (empty: no body).
    Http {
        /// The status code.
        status: u16,
        /// The body text.
        body: String,
    },
    /// Closes the connection once the request has been read, without answering.
    Drop,
    /// Answers with the normal response's head and its full `Content-Length`, sends the first
    /// half of the body (none of an empty one, which announces one byte), then closes the
    /// connection.
    Truncate,
    /// Early token expiry. On [`Route::GAuthToken`], access tokens issued live only `lifetime`
    /// (at most the configured lifetime; `expires_in` still announces the configured one); on
    /// any other route, the request's access token expires now if it was issued more than
    /// `lifetime` ago (so `ZERO` expires whatever token arrives), and the route answers 401 as
    /// for any expired token. Refresh tokens keep their lifetime.
    ExpireTokens {
        /// How long tokens live under the rule.
        lifetime: Duration,
    },
}

/// The `faultstring` ATL Server sends for a failing method.
const DEFAULT_FAULT_STRING: &str = "SOAP Server Application Faulted";

impl Fault {
    /// A `SOAP:Server` fault with ATL's default `faultstring` and this detail text.
    pub fn server_fault(detail: impl Into<String>) -> Fault {
        Fault::SoapFault {
            code: "Server".into(),
            string: DEFAULT_FAULT_STRING.into(),
            detail: Some(detail.into()),
        }
    }

    /// This HTTP status with an empty body.
    pub fn http(status: u16) -> Fault {
        Fault::Http {
            status,
            body: String::new(),
        }
    }
}

/// `latency:<D>`, `soap-fault[:<code>[:<string>[:<detail>]]]`, `http<NNN>[:<text>]`, `drop`,
/// `truncate`, `expire[:<D>]`; durations as `250ms` or `2s`.
impl FromStr for Fault {
    type Err = FaultRuleError;

    fn from_str(text: &str) -> Result<Fault, FaultRuleError> {
        let bad = |why: &str| FaultRuleError(format!("invalid fault {text:?}: {why}"));
        let (kind, argument) = match text.split_once(':') {
            Some((kind, argument)) => (kind, Some(argument)),
            None => (text, None),
        };
        let duration = |argument: &str| {
            parse_duration(argument).ok_or_else(|| bad("expected a duration such as 250ms or 2s"))
        };
        let fault = match (kind, argument) {
            ("latency", Some(argument)) => Fault::Latency(duration(argument)?),
            ("latency", None) => return Err(bad("latency needs a duration: latency:250ms")),
            ("soap-fault", argument) => {
                let mut parts = argument.unwrap_or_default().splitn(3, ':');
                let mut next = |default: &str| match parts.next() {
                    Some(part) if !part.is_empty() => part.to_owned(),
                    _ => default.to_owned(),
                };
                let code = next("Server");
                let string = next(DEFAULT_FAULT_STRING);
                let detail = parts.next().map(str::to_owned);
                Fault::SoapFault {
                    code,
                    string,
                    detail,
                }
            }
            ("drop", None) => Fault::Drop,
            ("truncate", None) => Fault::Truncate,
            ("expire", None) => Fault::ExpireTokens {
                lifetime: Duration::ZERO,
            },
            ("expire", Some(argument)) => Fault::ExpireTokens {
                lifetime: duration(argument)?,
            },
            ("drop" | "truncate", Some(_)) => return Err(bad("takes no argument")),
            _ => match kind.strip_prefix("http").and_then(|s| s.parse().ok()) {
                Some(status) => Fault::Http {
                    status,
                    body: argument.unwrap_or_default().to_owned(),
                },
                None => {
                    return Err(bad(
                        "expected latency:<D>, soap-fault[:code[:string[:detail]]], \
                         http<NNN>[:text], drop, truncate or expire[:<D>]",
                    ));
                }
            },
        };
        Ok(fault)
    }
}

/// `250ms`, `2s`, `1.5s`, `0`.
fn parse_duration(text: &str) -> Option<Duration> {
    let (number, scale) = if let Some(ms) = text.strip_suffix("ms") {
        (ms, 1e-3)
    } else if let Some(s) = text.strip_suffix('s') {
        (s, 1.0)
    } else if text == "0" {
        (text, 1.0)
    } else {
        return None;
    };
    let value: f64 = number.trim().parse().ok()?;
    Duration::try_from_secs_f64(value * scale).ok()
}

/// A rule: a fault on a route, for the next N matching calls or all of them, each with a
/// probability (default: always).
#[derive(Debug, Clone, PartialEq)]
pub struct FaultRule {
    route: Route,
    fault: Fault,
    remaining: Option<u32>,
    probability: f64,
}

impl FaultRule {
    /// `fault` on every call of `route`. Refuses a SOAP fault on a non-SOAP route, an HTTP
    /// status outside 400–599, and a fault code that is not an XML name.
    pub fn new(route: Route, fault: Fault) -> Result<FaultRule, FaultRuleError> {
        match &fault {
            Fault::SoapFault { .. } if !route.is_soap() => {
                return Err(FaultRuleError(format!(
                    "a SOAP fault needs a SOAP route, not {route}"
                )));
            }
            Fault::SoapFault { code, .. } if !is_xml_name(code) => {
                return Err(FaultRuleError(format!(
                    "the fault code {code:?} is not an XML name"
                )));
            }
            Fault::Http { status, .. } if !(400..=599).contains(status) => {
                return Err(FaultRuleError(format!(
                    "HTTP status {status} is not an error status (400 to 599)"
                )));
            }
            _ => {}
        }
        Ok(FaultRule {
            route,
            fault,
            remaining: None,
            probability: 1.0,
        })
    }

    /// Applies to the next `n` matching calls only (that fire, with a probability), then the
    /// rule is removed; 0 never fires.
    pub fn times(mut self, n: u32) -> FaultRule {
        self.remaining = Some(n);
        self
    }

    /// Fires on each matching call with probability `p`, clamped into 0..=1 (NaN: never).
    pub fn probability(mut self, p: f64) -> FaultRule {
        self.probability = if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) };
        self
    }

    /// The route it applies to.
    pub fn route(&self) -> &Route {
        &self.route
    }

    /// The fault it injects.
    pub fn fault(&self) -> &Fault {
        &self.fault
    }

    /// How many more calls it applies to (`None`: no limit).
    pub fn remaining(&self) -> Option<u32> {
        self.remaining
    }
}

/// `<ROUTE>=<FAULT>[,times=<N>][,p=<P>]`, as `--fault` takes it, e.g.
/// `GetAgentState=http503,times=3`, `WFMConfigService850/GetSite=latency:250ms,p=0.5`,
/// `gauth-token=expire:2s`. See [`Route`] and [`Fault`] for their syntax.
impl FromStr for FaultRule {
    type Err = FaultRuleError;

    fn from_str(text: &str) -> Result<FaultRule, FaultRuleError> {
        let context = |e: FaultRuleError| FaultRuleError(format!("in {text:?}: {}", e.0));
        let Some((route, mut rest)) = text.split_once('=') else {
            return Err(FaultRuleError(format!(
                "invalid fault rule {text:?}: expected <ROUTE>=<FAULT>[,times=<N>][,p=<P>]"
            )));
        };
        let mut times = None;
        let mut probability = None;
        // Options come last, so a text argument of the fault may itself contain commas.
        while let Some((head, option)) = rest.rsplit_once(',') {
            if let Some(n) = option.strip_prefix("times=") {
                let n = n.parse().ok().filter(|&n: &u32| n >= 1).ok_or_else(|| {
                    FaultRuleError(format!("in {text:?}: times must be a whole number ≥ 1"))
                })?;
                times = Some(n);
            } else if let Some(p) = option.strip_prefix("p=") {
                let p = p
                    .parse()
                    .ok()
                    .filter(|p: &f64| (0.0..=1.0).contains(p))
                    .ok_or_else(|| {
                        FaultRuleError(format!("in {text:?}: p must be a number from 0 to 1"))
                    })?;
                probability = Some(p);
            } else {
                break;
            }
            rest = head;
        }
        let route: Route = route.parse().map_err(context)?;
        let fault: Fault = rest.parse().map_err(context)?;
        let mut rule = FaultRule::new(route, fault).map_err(context)?;
        if let Some(n) = times {
            rule = rule.times(n);
        }
        if let Some(p) = probability {
            rule = rule.probability(p);
        }
        Ok(rule)
    }
}

fn is_xml_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// A fault rule that cannot be built or parsed; the text says why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultRuleError(String);

impl fmt::Display for FaultRuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FaultRuleError {}

/// The route a request arrived on, as rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    GAuthToken,
    GAuthUserInfo,
    WfmUserInfo,
    Soap {
        handler: Option<String>,
        operation: Option<String>,
    },
    /// Anything else (a 404 or 405): no rule applies.
    Other,
}

/// The rules in force and the generator their probabilities draw from.
pub(crate) struct FaultTable {
    state: Mutex<TableState>,
}

struct TableState {
    rules: Vec<FaultRule>,
    rng: SplitMix64,
}

/// The `SplitMix64::derive` stream of fault probabilities.
const FAULT_STREAM: u64 = 0xfa17;

impl FaultTable {
    pub(crate) fn new(seed: u64) -> FaultTable {
        FaultTable {
            state: Mutex::new(TableState {
                rules: Vec::new(),
                rng: SplitMix64::derive(seed, FAULT_STREAM, 0),
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, TableState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn add(&self, rule: FaultRule) {
        if rule.remaining != Some(0) {
            self.lock().rules.push(rule);
        }
    }

    pub(crate) fn clear(&self) {
        self.lock().rules.clear();
    }

    pub(crate) fn rules(&self) -> Vec<FaultRule> {
        self.lock().rules.clone()
    }

    /// The fault of the first rule for `target` that fires, counting it against the rule.
    pub(crate) fn fire(&self, target: &Target) -> Option<Fault> {
        let mut state = self.lock();
        let TableState { rules, rng } = &mut *state;
        let index = rules.iter().position(|rule| {
            rule.route.matches(target)
                && (rule.probability >= 1.0 || unit_interval(rng) < rule.probability)
        })?;
        let rule = &mut rules[index];
        let fault = rule.fault.clone();
        if let Some(remaining) = &mut rule.remaining {
            *remaining -= 1;
            if *remaining == 0 {
                rules.remove(index);
            }
        }
        Some(fault)
    }
}

/// A uniform number in `[0, 1)` from the top 53 bits.
fn unit_interval(rng: &mut SplitMix64) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(text: &str) -> FaultRule {
        text.parse()
            .unwrap_or_else(|e| panic!("{text:?} should parse: {e}"))
    }

    fn error(text: &str) -> String {
        match text.parse::<FaultRule>() {
            Ok(rule) => panic!("{text:?} should not parse, got {rule:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn routes_parse_by_kind() {
        assert_eq!(rule("gauth-token=drop").route, Route::GAuthToken);
        assert_eq!(rule("gauth-userinfo=drop").route, Route::GAuthUserInfo);
        assert_eq!(rule("wfm-userinfo=drop").route, Route::WfmUserInfo);
        assert_eq!(
            rule("soap=drop").route,
            Route::Soap {
                handler: None,
                operation: None
            }
        );
        assert_eq!(
            rule("GetAgentState=drop").route,
            Route::operation("GetAgentState")
        );
        assert_eq!(
            rule("WFMScheduleService852=drop").route,
            Route::handler("WFMScheduleService852")
        );
        assert_eq!(
            rule("WFMScheduleService852/GetAgentState=drop").route,
            Route::soap("WFMScheduleService852", "GetAgentState")
        );
        assert!(error("WFMNoSuchService/GetAgentState=drop").contains("not a handler"));
        assert!(error("/auth/v3=drop").contains("invalid route"));
    }

    #[test]
    fn faults_parse_with_their_arguments() {
        assert_eq!(
            rule("soap=latency:250ms").fault,
            Fault::Latency(Duration::from_millis(250))
        );
        assert_eq!(
            rule("soap=latency:1.5s").fault,
            Fault::Latency(Duration::from_millis(1500))
        );
        assert_eq!(
            rule("GetSite=soap-fault").fault,
            Fault::SoapFault {
                code: "Server".into(),
                string: DEFAULT_FAULT_STRING.into(),
                detail: None
            }
        );
        assert_eq!(
            rule("GetSite=soap-fault:Client:Bad site:site 7: locked").fault,
            Fault::SoapFault {
                code: "Client".into(),
                string: "Bad site".into(),
                detail: Some("site 7: locked".into())
            }
        );
        assert_eq!(rule("soap=http500").fault, Fault::http(500));
        assert_eq!(
            rule("wfm-userinfo=http503:down, back soon,times=2").fault,
            Fault::Http {
                status: 503,
                body: "down, back soon".into()
            }
        );
        assert_eq!(rule("soap=drop").fault, Fault::Drop);
        assert_eq!(rule("soap=truncate").fault, Fault::Truncate);
        assert_eq!(
            rule("soap=expire").fault,
            Fault::ExpireTokens {
                lifetime: Duration::ZERO
            }
        );
        assert_eq!(
            rule("gauth-token=expire:2s").fault,
            Fault::ExpireTokens {
                lifetime: Duration::from_secs(2)
            }
        );
    }

    #[test]
    fn options_set_count_and_probability() {
        let r = rule("GetAgentState=http503,times=3,p=0.25");
        assert_eq!(r.remaining(), Some(3));
        assert_eq!(r.probability, 0.25);
        assert_eq!(rule("GetAgentState=drop").remaining(), None);
        assert!(error("soap=drop,times=0").contains("times"));
        assert!(error("soap=drop,p=1.5").contains("p must be"));
    }

    #[test]
    fn bad_rules_say_why() {
        assert!(error("soap").contains("expected <ROUTE>=<FAULT>"));
        assert!(error("soap=latency").contains("needs a duration"));
        assert!(error("soap=latency:soon").contains("duration"));
        assert!(error("soap=http200").contains("not an error status"));
        assert!(error("soap=boom").contains("expected latency"));
        assert!(error("soap=drop:now").contains("no argument"));
        assert!(error("gauth-token=soap-fault").contains("needs a SOAP route"));
        assert!(error("soap=soap-fault:1bad").contains("not an XML name"));
    }

    #[test]
    fn first_matching_rule_fires_and_counts_run_out() {
        let table = FaultTable::new(7);
        table.add(rule("WFMScheduleService852/GetAgentState=http503,times=2"));
        table.add(rule("GetAgentState=drop"));
        let state = Target::Soap {
            handler: Some("WFMScheduleService852".into()),
            operation: Some("GetAgentState".into()),
        };
        let state712 = Target::Soap {
            handler: Some("WFMScheduleService712".into()),
            operation: Some("GetAgentState".into()),
        };
        assert_eq!(table.fire(&state712), Some(Fault::Drop));
        assert_eq!(table.fire(&state), Some(Fault::http(503)));
        assert_eq!(table.fire(&state), Some(Fault::http(503)));
        assert_eq!(table.rules().len(), 1, "the spent rule is removed");
        assert_eq!(table.fire(&state), Some(Fault::Drop));
        assert_eq!(table.fire(&Target::GAuthToken), None);
        assert_eq!(table.fire(&Target::Other), None);
        table.clear();
        assert_eq!(table.fire(&state), None);
    }

    #[test]
    fn probability_is_seeded() {
        let fired = |seed| {
            let table = FaultTable::new(seed);
            table.add(rule("soap=http500,p=0.3"));
            let any = Target::Soap {
                handler: None,
                operation: None,
            };
            (0..1000)
                .map(|_| table.fire(&any).is_some())
                .collect::<Vec<_>>()
        };
        let a = fired(7);
        assert_eq!(a, fired(7), "the same seed fires on the same calls");
        assert_ne!(a, fired(8));
        let count = a.iter().filter(|f| **f).count();
        assert!((220..380).contains(&count), "about 30% of 1000: {count}");
    }
}
