//! OLE Automation dates (`DATE`, sent by WFM as `xsd:double`) ↔ [`time::PrimitiveDateTime`].
//!
//! An OLE date counts days since 1899-12-30 00:00; the fraction is the time of day. Below zero
//! the timeline is discontinuous: the integer part is the signed day and the fraction is always
//! *added* as a positive time of day, so `-1.25` is 1899-12-29 06:00 (not 1899-12-28 18:00), and
//! `-0.5` and `0.5` are both 1899-12-30 12:00. Conversions round to the millisecond. OLE dates
//! carry no time zone: WFM sends local (site) times, which is why the result is a
//! `PrimitiveDateTime`.

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
}
