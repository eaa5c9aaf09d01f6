//! Property tests of the OLE Automation date conversions.

use proptest::prelude::*;
use time::macros::datetime;
use time::{Duration, PrimitiveDateTime};
use wfm_runtime::ole_date::{OLE_MAX, OLE_MIN, OleDate, from_ole, to_ole};
use wfm_runtime::soap_runtime::xml::XmlScalar;

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

    /// Every millisecond-precise date-time survives OleDate → XML text → OleDate → date-time.
    #[test]
    fn ole_date_round_trips_through_its_xml_text(ms in 0i64..i64::MAX) {
        let dt = FIRST + Duration::milliseconds(ms % (span_ms() + 1));
        let mut text = Vec::new();
        OleDate::from(dt).write_lexical(&mut text);
        let text = String::from_utf8(text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let read = OleDate::parse_lexical(&text);
        prop_assert_eq!(read.map(OleDate::date_time), Some(Ok(dt)), "{}", text);
    }

    /// Every double survives OleDate's XML text unchanged (NaN as NaN), date or not.
    #[test]
    fn ole_date_keeps_any_wire_number(v in proptest::num::f64::ANY) {
        let mut text = Vec::new();
        OleDate::new(v).write_lexical(&mut text);
        let read = std::str::from_utf8(&text).ok().and_then(OleDate::parse_lexical);
        prop_assert_eq!(read.map(|d| d.value().to_bits()), Some(if v.is_nan() { f64::NAN.to_bits() } else { v.to_bits() }));
    }

    /// Arbitrary doubles never panic.
    #[test]
    fn any_double_is_ok_or_an_error(v in proptest::num::f64::ANY) {
        let _ = from_ole(v);
    }
}
