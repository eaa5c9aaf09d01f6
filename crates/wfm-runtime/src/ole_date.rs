//! OLE Automation dates (`DATE`, sent by WFM as `xsd:double`) ↔ [`time::PrimitiveDateTime`]:
//! [`OleDate`], the type the SDK's date fields hold, and the conversions [`from_ole`] and
//! [`to_ole`] on the bare number.
//!
//! An OLE date counts days since 1899-12-30 00:00; the fraction is the time of day. Below zero
//! the timeline is discontinuous: the integer part is the signed day and the fraction is always
//! *added* as a positive time of day, so `-1.25` is 1899-12-29 06:00 (not 1899-12-28 18:00), and
//! `-0.5` and `0.5` are both 1899-12-30 12:00. Conversions round to the millisecond. OLE dates
//! carry no time zone: WFM sends local (site) times, which is why the result is a
//! `PrimitiveDateTime`.

use std::fmt;

use soap_runtime::xml::XmlScalar;
use time::macros::datetime;
use time::{Duration, PrimitiveDateTime};

const EPOCH: PrimitiveDateTime = datetime!(1899-12-30 00:00);
const MS_PER_DAY: i64 = 86_400_000;
/// 0100-01-01, the earliest date OLE Automation allows.
pub const OLE_MIN: f64 = -657_434.0;
/// 9999-12-31 23:59:59.999, the latest date OLE Automation allows.
pub const OLE_MAX: f64 = 2_958_465.999_999_988_4;

/// An OLE date that does not denote a date-time (NaN, infinite, or outside 0100–9999).
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error(
    "{0} is not a valid OLE Automation date (days since 1899-12-30 between {OLE_MIN} and {OLE_MAX})"
)]
pub struct InvalidOleDate(pub f64);

/// Converts an OLE date to a date-time, rounded to the millisecond.
///
/// ```
/// use time::macros::datetime;
/// use wfm_runtime::ole_date::{from_ole, to_ole};
/// assert_eq!(from_ole(2.0)?, datetime!(1900-01-01 00:00));
/// assert_eq!(from_ole(-1.25)?, datetime!(1899-12-29 06:00));
/// assert_eq!(to_ole(datetime!(1899-12-29 06:00)), -1.25);
/// # Ok::<(), wfm_runtime::ole_date::InvalidOleDate>(())
/// ```
pub fn from_ole(value: f64) -> Result<PrimitiveDateTime, InvalidOleDate> {
    if !value.is_finite() || !(OLE_MIN - 1.0..=OLE_MAX + 1e-6).contains(&value) {
        return Err(InvalidOleDate(value));
    }
    let days = value.trunc();
    let fraction = (value - days).abs();
    // Both parts are bounded by the range check above, so the casts are exact.
    let millis = days as i64 * MS_PER_DAY + (fraction * MS_PER_DAY as f64).round() as i64;
    let result = EPOCH
        .checked_add(Duration::milliseconds(millis))
        .ok_or(InvalidOleDate(value))?;
    if result.year() < 100 || result.year() > 9999 {
        return Err(InvalidOleDate(value));
    }
    Ok(result)
}

/// Converts a date-time to an OLE date (sub-millisecond parts are rounded to the millisecond).
pub fn to_ole(date_time: PrimitiveDateTime) -> f64 {
    let since_epoch = date_time - EPOCH;
    let millis = (since_epoch.whole_microseconds() as f64 / 1000.0).round() as i64;
    let days = millis.div_euclid(MS_PER_DAY);
    let time_of_day = millis.rem_euclid(MS_PER_DAY) as f64 / MS_PER_DAY as f64;
    if days >= 0 {
        days as f64 + time_of_day
    } else {
        days as f64 - time_of_day
    }
}

/// An OLE Automation date as WFM sends it: days since 1899-12-30 00:00, local (site) time,
/// kept exactly as the `xsd:double` on the wire, read as a date-time with
/// [`date_time`](OleDate::date_time).
///
/// Every number is kept, as the open `E*` newtypes keep every `int`: a response never fails to
/// decode for one odd date, and a value round-trips unchanged. Serde writes the number.
///
/// ```
/// use time::macros::datetime;
/// use wfm_runtime::ole_date::OleDate;
///
/// let start = OleDate::from(datetime!(2026-01-05 10:00));
/// assert_eq!(start.value(), 46027.416666666664);
/// assert_eq!(start.date_time()?, datetime!(2026-01-05 10:00));
/// assert_eq!(start.to_string(), "2026-01-05 10:00:00.0");
/// assert!(OleDate::new(f64::NAN).date_time().is_err());
/// # Ok::<(), wfm_runtime::ole_date::InvalidOleDate>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct OleDate(f64);

impl OleDate {
    /// Wraps a number as sent on the wire; every `f64` is accepted unchanged.
    #[must_use]
    pub const fn new(value: f64) -> Self {
        Self(value)
    }

    /// The number sent on the wire.
    #[must_use]
    pub const fn value(self) -> f64 {
        self.0
    }

    /// The date-time, rounded to the millisecond; an error for a number that denotes none
    /// (NaN, infinite, or outside 0100–9999).
    pub fn date_time(self) -> Result<PrimitiveDateTime, InvalidOleDate> {
        from_ole(self.0)
    }
}

impl From<PrimitiveDateTime> for OleDate {
    fn from(date_time: PrimitiveDateTime) -> Self {
        Self(to_ole(date_time))
    }
}

impl TryFrom<OleDate> for PrimitiveDateTime {
    type Error = InvalidOleDate;

    fn try_from(date: OleDate) -> Result<Self, InvalidOleDate> {
        date.date_time()
    }
}

impl From<f64> for OleDate {
    fn from(value: f64) -> Self {
        Self(value)
    }
}

impl From<OleDate> for f64 {
    fn from(date: OleDate) -> Self {
        date.0
    }
}

/// The date-time (`2026-01-05 10:00:00.0`), or the bare number when it denotes none.
impl fmt::Display for OleDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.date_time() {
            Ok(date_time) => fmt::Display::fmt(&date_time, f),
            Err(_) => fmt::Display::fmt(&self.0, f),
        }
    }
}

/// The `xsd:double` lexical form, as a bare `f64` is read and written.
impl XmlScalar for OleDate {
    const XSD_TYPE: &'static str = "xs:double (an OLE Automation date)";

    fn write_lexical(&self, out: &mut Vec<u8>) {
        self.0.write_lexical(out);
    }

    fn parse_lexical(text: &str) -> Option<Self> {
        f64::parse_lexical(text).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() -> Result<(), InvalidOleDate> {
        assert_eq!(from_ole(0.0)?, datetime!(1899-12-30 00:00));
        assert_eq!(from_ole(0.5)?, datetime!(1899-12-30 12:00));
        assert_eq!(from_ole(-0.5)?, datetime!(1899-12-30 12:00));
        assert_eq!(from_ole(-1.0)?, datetime!(1899-12-29 00:00));
        assert_eq!(from_ole(45000.75)?, datetime!(2023-03-15 18:00));
        assert_eq!(from_ole(OLE_MIN)?, datetime!(0100-01-01 00:00));
        assert_eq!(to_ole(datetime!(2023-03-15 18:00)), 45000.75);
        assert_eq!(to_ole(datetime!(1899-12-28 18:00)), -2.75);
        assert!(from_ole(f64::NAN).is_err());
        assert!(from_ole(f64::INFINITY).is_err());
        assert!(from_ole(1e12).is_err());
        assert!(from_ole(-1e12).is_err());
        Ok(())
    }

    #[test]
    fn rounds_to_the_millisecond() -> Result<(), InvalidOleDate> {
        // 12:00:00.0004 rounds down, 12:00:00.0006 rounds up.
        let ms = 1.0 / MS_PER_DAY as f64;
        assert_eq!(from_ole(0.5 + 0.4 * ms)?, datetime!(1899-12-30 12:00));
        assert_eq!(
            from_ole(0.5 + 0.6 * ms)?,
            datetime!(1899-12-30 12:00:00.001)
        );
        // A fraction that rounds to a whole day carries into the next day.
        assert_eq!(from_ole(1.0 - 0.1 * ms)?, datetime!(1899-12-31 00:00));
        Ok(())
    }

    #[test]
    fn ole_date_reads_and_writes_the_wire_number() -> Result<(), InvalidOleDate> {
        let mut out = Vec::new();
        OleDate::from(datetime!(2023-03-15 18:00)).write_lexical(&mut out);
        assert_eq!(out, b"45000.75");
        let read = OleDate::parse_lexical(" 45000.75 ").ok_or(InvalidOleDate(f64::NAN))?;
        assert_eq!(read.date_time()?, datetime!(2023-03-15 18:00));
        assert_eq!(OleDate::parse_lexical("tomorrow"), None);
        // A number that is no date still decodes (and says so when read as one).
        let odd = OleDate::parse_lexical("1e12").ok_or(InvalidOleDate(f64::NAN))?;
        assert_eq!(odd.date_time(), Err(InvalidOleDate(1e12)));
        assert_eq!(odd.to_string(), "1000000000000");
        Ok(())
    }

    #[test]
    fn ole_date_serializes_as_the_number() -> Result<(), serde_json::Error> {
        let date = OleDate::from(datetime!(1899-12-29 06:00));
        assert_eq!(serde_json::to_string(&date)?, "-1.25");
        assert_eq!(serde_json::from_str::<OleDate>("-1.25")?, date);
        Ok(())
    }
}
