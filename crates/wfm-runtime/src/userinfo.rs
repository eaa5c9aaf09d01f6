//! The cloud bootstrap call `GET {wfm_base}/wfm/api/v3/system/userinfo`.
//!
//! That path is the documented cloud one ([`USERINFO_PATH`]); WFM Web's context path (`/wfm`
//! in it) is deployment-specific (on premises it defaults to `/wfm85x`), so
//! [`fetch_user_info`] takes the whole URL and [`userinfo_url`] builds the default.
//!
//! The JSON shape is not public, so [`UserInfo`] decodes leniently: the user id under `userId`,
//! `id`, `userID` or `user_id`, as a number or a string, at the top level or inside a `data` or
//! `user` object; the user type under `userType`, `type` or `user_type`. Every field is kept in
//! [`UserInfo::fields`] and the document in [`UserInfo::raw`].

use serde_json::{Map, Value};

use soap_runtime::{CallSite, Error, ErrorKind, HttpTransport, Result};
use url::Url;

use crate::error::WfmError;

/// The WFM user id as the server sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserId {
    /// A JSON number.
    Number(i64),
    /// A JSON string.
    Text(String),
}

impl UserId {
    /// The id as the `int` that `LocateServer`/`OpenSession` take, when it is one.
    pub fn as_i32(&self) -> Option<i32> {
        match self {
            UserId::Number(n) => i32::try_from(*n).ok(),
            UserId::Text(s) => s.trim().parse().ok(),
        }
    }
}

/// WFM's answer to `/wfm/api/v3/system/userinfo`.
#[derive(Debug, Clone, PartialEq)]
pub struct UserInfo {
    /// The user id, if one of the known field names carried it.
    pub user_id: Option<UserId>,
    /// The user type (numbers are kept as their decimal text).
    pub user_type: Option<String>,
    /// All top-level fields, known or not.
    pub fields: Map<String, Value>,
    /// The response document as received.
    pub raw: String,
}

const USER_ID_KEYS: [&str; 4] = ["userId", "id", "userID", "user_id"];
const USER_TYPE_KEYS: [&str; 3] = ["userType", "type", "user_type"];

impl UserInfo {
    /// Decodes a userinfo document.
    ///
    /// ```
    /// use wfm_runtime::userinfo::{UserId, UserInfo};
    /// let info = UserInfo::from_json(r#"{"userId":"42","userType":1,"tenant":"t1"}"#)?;
    /// assert_eq!(info.user_id, Some(UserId::Text("42".into())));
    /// assert_eq!(info.user_id.as_ref().and_then(UserId::as_i32), Some(42));
    /// assert_eq!(info.user_type.as_deref(), Some("1"));
    /// assert!(info.fields.contains_key("tenant"));
    /// # Ok::<(), wfm_runtime::Error>(())
    /// ```
    pub fn from_json(raw: &str) -> Result<Self> {
        let value: Value = serde_json::from_str(raw).map_err(|e| ErrorKind::InvalidResponse {
            what: "userinfo",
            message: e.to_string(),
        })?;
        let Value::Object(fields) = value else {
            return Err(ErrorKind::InvalidResponse {
                what: "userinfo",
                message: "expected a JSON object".into(),
            }
            .into());
        };
        let scopes: Vec<&Map<String, Value>> = std::iter::once(&fields)
            .chain(
                ["data", "user"]
                    .iter()
                    .filter_map(|k| fields.get(*k)?.as_object()),
            )
            .collect();
        let find = |keys: &[&str]| {
            scopes.iter().find_map(|scope| {
                keys.iter()
                    .find_map(|k| scope.get(*k))
                    .filter(|v| !v.is_null())
            })
        };
        let user_id = find(&USER_ID_KEYS).and_then(|v| match v {
            Value::Number(n) => n.as_i64().map(UserId::Number),
            Value::String(s) => Some(UserId::Text(s.clone())),
            _ => None,
        });
        let user_type = find(&USER_TYPE_KEYS).and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
        Ok(UserInfo {
            user_id,
            user_type,
            fields,
            raw: raw.to_owned(),
        })
    }
}

/// The documented path of WFM's userinfo below the WFM base URL, in the cloud.
pub const USERINFO_PATH: &str = "/wfm/api/v3/system/userinfo";

/// The default userinfo URL for a WFM base URL (`https://host` or `https://host/`):
/// `{wfm_base}`[`USERINFO_PATH`].
///
/// ```
/// assert_eq!(
///     wfm_runtime::userinfo::userinfo_url("https://wfm.example.com/"),
///     "https://wfm.example.com/wfm/api/v3/system/userinfo"
/// );
/// ```
pub fn userinfo_url(wfm_base: &str) -> String {
    format!("{}{USERINFO_PATH}", wfm_base.trim_end_matches('/'))
}

/// Calls `GET {url}` (WFM's userinfo) with the transport's Bearer token. `403` becomes
/// [`WfmError::NotProvisioned`]; the error names the URL.
///
/// ```no_run
/// # async fn demo(transport: wfm_runtime::HttpTransport) -> wfm_runtime::Result<()> {
/// use wfm_runtime::userinfo::{fetch_user_info, userinfo_url};
/// let info = fetch_user_info(&transport, &userinfo_url("https://wfm.example.com")).await?;
/// println!("WFM user {:?}", info.user_id);
/// # Ok(()) }
/// ```
pub async fn fetch_user_info(transport: &HttpTransport, url: &str) -> Result<UserInfo> {
    match transport.get_rest(url).await {
        Ok(response) => UserInfo::from_json(&String::from_utf8_lossy(&response.body)).map_err(
            // `get_rest` succeeded, so the URL parses.
            |e| match Url::parse(url) {
                Ok(parsed) => e.with_call(&CallSite::http("GET", &parsed)),
                Err(_) => e,
            },
        ),
        Err(e) if matches!(e.kind(), ErrorKind::Http { status: 403, .. }) => {
            Err(e.map_kind(|_| Error::from(WfmError::NotProvisioned { status: 403 }).into_kind()))
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_shapes() -> Result<()> {
        let a = UserInfo::from_json(r#"{"id": 7, "type": "SUPERVISOR"}"#)?;
        assert_eq!(a.user_id, Some(UserId::Number(7)));
        assert_eq!(a.user_type.as_deref(), Some("SUPERVISOR"));
        let b = UserInfo::from_json(r#"{"data": {"userID": "x9"}}"#)?;
        assert_eq!(b.user_id, Some(UserId::Text("x9".into())));
        assert_eq!(b.user_id.and_then(|u| u.as_i32()), None);
        let c = UserInfo::from_json("{}")?;
        assert_eq!(c.user_id, None);
        assert!(UserInfo::from_json("[1]").is_err());
        assert!(UserInfo::from_json("not json").is_err());
        Ok(())
    }
}
