//! Python 2 `str()` of record values (consensus spec §5.2; virtualchain
//! `indexer.py serialize_op` calls `str(value)` on every field).
//!
//! Floats follow CPython 2.7 `float_str`: `PyOS_double_to_string(x, 'g', 12,
//! Py_DTSF_ADD_DOT_0)`, i.e. correctly rounded to 12 significant digits (ties to even
//! on the exact binary value), trailing zeros stripped, exponent form when the
//! decimal-point position `decpt` is ≤ −4 or > 11, and `.0` appended to an integral
//! fixed-form value.

use super::Value;

/// The text Python 2 `str()` gives (None → "").
pub fn py2_str(value: &Value) -> String {
    match value {
        Value::None => String::new(),
        Value::Int(n) => n.to_string(),
        Value::Float(x) => py2_float_str(*x),
        Value::Bool(true) => "True".to_string(),
        Value::Bool(false) => "False".to_string(),
        Value::Str(s) => s.clone(),
        Value::IntList(items) => {
            let parts: Vec<String> = items.iter().map(i64::to_string).collect();
            format!("[{}]", parts.join(", "))
        }
    }
}

/// Significant digits of `str(float)` in CPython 2.7 (`PyFloat_STR_PRECISION`).
const STR_PRECISION: i32 = 12;

/// CPython 2.7 `str(float)`: 12 significant digits (repr-style `%.12g` rules).
pub fn py2_float_str(x: f64) -> String {
    if x.is_nan() {
        return "nan".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".to_string() } else { "-inf".to_string() };
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let magnitude = x.abs();
    if magnitude == 0.0 {
        return format!("{sign}0.0");
    }
    let (digits, decpt) =
        integer_tie_rounded_down(magnitude).unwrap_or_else(|| round_to_significant_digits(magnitude));
    let body = if decpt <= -4 || decpt > STR_PRECISION - 1 {
        exponent_form(&digits, decpt)
    } else {
        fixed_form(&digits, decpt)
    };
    format!("{sign}{body}")
}

/// Digits (no trailing zeros, at least one) and `decpt` with value = 0.d1d2… × 10^decpt,
/// correctly rounded to 12 significant digits. Rust's exact `{:e}` formatting rounds
/// the exact binary value half-to-even, as David Gay's dtoa mode 2 does in CPython.
fn round_to_significant_digits(magnitude: f64) -> (String, i32) {
    let text = format!("{:.*e}", (STR_PRECISION - 1) as usize, magnitude);
    // Unreachable panics: `text` is std's `{:e}` (LowerExp) of a finite f64, which is
    // always `<mantissa>e<decimal exponent>`; no outside input reaches this string.
    let (mantissa, exponent) = text.split_once('e').expect("`{:e}` output always has an exponent");
    let exponent: i32 = exponent.parse().expect("`{:e}` exponent is a decimal integer");
    let mut digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    (digits, exponent + 1)
}

/// CPython dtoa quirk (`_Py_dg_dtoa`, mode 2, "small integer" path): an integral double
/// below 1e15 with more than 12 digits whose rest beyond the 12th digit is exactly one
/// half, rounded down to an even 12th digit, keeps all 12 digits *including trailing
/// zeros* (e.g. `54047124243050.0` → `5.40471242430e+13`). The fast path, used for every
/// other value, strips them. Returns `None` when this case does not apply.
fn integer_tie_rounded_down(magnitude: f64) -> Option<(String, i32)> {
    if magnitude.fract() != 0.0 || magnitude >= 1e15 {
        return None;
    }
    // Exact: an integral double below 1e15 < 2^53.
    let n = magnitude as u64;
    let len = n.to_string().len() as u32;
    let dropped = len.checked_sub(STR_PRECISION as u32).filter(|d| *d > 0)?;
    let scale = 10u64.pow(dropped);
    let kept = n / scale;
    let is_half = (n % scale) * 2 == scale;
    if is_half && kept.is_multiple_of(2) {
        Some((kept.to_string(), len as i32))
    } else {
        None
    }
}

/// `d[.ddd]e±XX`, at least two exponent digits.
fn exponent_form(digits: &str, decpt: i32) -> String {
    let exponent = decpt - 1;
    let (first, rest) = digits.split_at(1);
    let mantissa = if rest.is_empty() { first.to_string() } else { format!("{first}.{rest}") };
    let exp_sign = if exponent < 0 { '-' } else { '+' };
    format!("{mantissa}e{exp_sign}{:02}", exponent.abs())
}

/// Plain decimal; `.0` appended when there is no fractional part.
fn fixed_form(digits: &str, decpt: i32) -> String {
    if decpt <= 0 {
        let zeros = "0".repeat(decpt.unsigned_abs() as usize);
        return format!("0.{zeros}{digits}");
    }
    let point = decpt as usize;
    if digits.len() <= point {
        let zeros = "0".repeat(point - digits.len());
        format!("{digits}{zeros}.0")
    } else {
        let (int_part, frac_part) = digits.split_at(point);
        format!("{int_part}.{frac_part}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every float example of consensus spec §5.2 (verified there on CPython 2.7.18).
    #[test]
    fn float_examples_of_consensus_spec_5_2() {
        let table: [(f64, &str); 9] = [
            (6400000.0, "6400000.0"),
            (0.1 + 0.2, "0.3"),
            (5500.0, "5500.0"),
            (99999999999.0, "99999999999.0"),
            (1e11, "1e+11"),
            (123456789012.0, "1.23456789012e+11"),
            (0.0001, "0.0001"),
            (1e-05, "1e-05"),
            (12345.678901234, "12345.6789012"),
        ];
        for (x, text) in table {
            assert_eq!(py2_float_str(x), text, "{x:?}");
        }
    }

    /// Boundaries; expected text from CPython 2.7.18 `str(x)` via
    /// `/opt/bns-oracle/venv27/bin/python -c 'print str(x)'` for each x.
    #[test]
    fn float_boundaries_match_cpython_2_7() {
        let table: [(f64, &str); 32] = [
            (0.001, "0.001"),                      // decpt −2
            (0.00012345, "0.00012345"),            // decpt −3
            (0.000012345, "1.2345e-05"),           // decpt −4
            (0.0000012345, "1.2345e-06"),          // decpt −5
            (99999999999.5, "99999999999.5"),      // decpt 11, fixed
            (100000000000.0, "1e+11"),             // decpt 12
            (999999999999.5, "1e+12"),             // tie rounds up to 13 digits
            (100000000000.5, "1e+11"),             // tie to even (…0)
            (100000000001.5, "1.00000000002e+11"), // tie to even (…2)
            (1.0000000000005, "1.0"),
            (0.5, "0.5"),
            (1.0, "1.0"),
            (-1.0, "-1.0"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (-1e-05, "-1e-05"),
            (-123456789012.0, "-1.23456789012e+11"),
            (1e100, "1e+100"),
            (5e-324, "4.94065645841e-324"),
            (1.7976931348623157e308, "1.79769313486e+308"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (1234567.891, "1234567.891"),
            (1234567890104.0, "1.2345678901e+12"),
            (54047124243050.0, "5.40471242430e+13"),
            (1000000000005.0, "1.00000000000e+12"),
            (100000000000500.0, "1.00000000000e+14"),
            (1000000000000500.0, "1e+15"),
            (100000000001500.0, "1.00000000002e+14"),
            (1200000000005.0, "1.20000000000e+12"),
            (1000000000025.0, "1.00000000002e+12"),
        ];
        for (x, text) in table {
            assert_eq!(py2_float_str(x), text, "{x:?}");
        }
    }

    #[test]
    fn non_float_values() {
        assert_eq!(py2_str(&Value::None), "");
        assert_eq!(py2_str(&Value::Int(-42)), "-42");
        assert_eq!(py2_str(&Value::Int(i128::from(u64::MAX) + 1)), "18446744073709551616");
        assert_eq!(py2_str(&Value::Bool(true)), "True");
        assert_eq!(py2_str(&Value::Bool(false)), "False");
        assert_eq!(py2_str(&Value::Str("abc".into())), "abc");
        assert_eq!(py2_str(&Value::IntList(vec![])), "[]");
        assert_eq!(py2_str(&Value::IntList(vec![6, 5, 0])), "[6, 5, 0]");
    }
}
