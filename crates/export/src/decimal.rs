//! Decimal numbers without the formatting machinery.

/// Appends `n` in decimal: what `write!(out, "{n}")` does, without the
/// formatting machinery (the inner loop of the JSON and lcov exports).
pub(crate) fn num(out: &mut String, n: impl Into<u64>) {
    let mut n: u64 = n.into();
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        // `at` stays within the 20 digits of u64::MAX.
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in digits.get(at..).unwrap_or_default() {
        out.push(char::from(d));
    }
}
