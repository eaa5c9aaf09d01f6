//! Property tests of the OLE Automation date conversions.

use proptest::prelude::*;
use time::macros::datetime;
use time::{Duration, PrimitiveDateTime};
use wfm_runtime::ole_date::{OLE_MAX, OLE_MIN, from_ole, to_ole};

const FIRST: PrimitiveDateTime = datetime!(0100-01-01 00:00);
fn span_ms() -> i64 {
    (datetime!(9999-12-31 23:59:59.999) - FIRST).whole_milliseconds() as i64
}

proptest! {
    /// Every millisecond-precise date-time in the OLE range survives to_ole → from_ole.
    #[test]
    fn datetime_to_ole_and_back_is_lossless(ms in 0i64..i64::MAX) {
        let ms = ms % (span_ms() + 1);
        let dt = FIRST + Duration::milliseconds(ms);
        let ole = to_ole(dt);
        prop_assert!((OLE_MIN..=OLE_MAX).contains(&ole), "{ole}");
        prop_assert_eq!(from_ole(ole).ok(), Some(dt));
    }

    /// Any finite double in range converts, and converting back lands within half a millisecond.
    #[test]
    fn ole_to_datetime_and_back_is_within_half_a_millisecond(v in OLE_MIN..OLE_MAX) {
        let dt = from_ole(v).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back = to_ole(dt);
        let (vi, bi) = (v.trunc(), back.trunc());
        // Between -1 and 0 the integer part is -0: the same day as 0 (the discontinuity).
        if !(vi == 0.0 && bi == 0.0) {
            prop_assert_eq!(vi, bi, "{} -> {} -> {}", v, dt, back);
        }
        let diff_ms = ((v - vi).abs() - (back - bi).abs()).abs() * 86_400_000.0;
        // Half a millisecond of rounding plus the f64 resolution at the largest dates (~0.02 ms).
        prop_assert!(diff_ms <= 0.55, "{} -> {} -> {} ({} ms)", v, dt, back, diff_ms);
    }

    /// Arbitrary doubles never panic.
    #[test]
    fn any_double_is_ok_or_an_error(v in proptest::num::f64::ANY) {
        let _ = from_ole(v);
    }
}
