//! Byte sizes as people write and read them: the `--max-memory` grammar and the
//! rounding of estimates for messages.

/// Units of a size, lowercase, with their factors: decimal (kB = 1000 bytes) and
/// binary (KiB = 1024 bytes).
const UNITS: [(&str, u64); 9] = [
    ("b", 1),
    ("kb", 1_000),
    ("mb", 1_000_000),
    ("gb", 1_000_000_000),
    ("tb", 1_000_000_000_000),
    ("kib", 1 << 10),
    ("mib", 1 << 20),
    ("gib", 1 << 30),
    ("tib", 1 << 40),
];

/// Parses a size: a number (digits, optionally with a decimal fraction) and a unit,
/// optionally separated by a space: `B`, `kB`, `MB`, `GB`, `TB` (powers of 1000) or
/// `KiB`, `MiB`, `GiB`, `TiB` (powers of 1024), in any letter case — `8GiB`,
/// `1.5 GB`, `500MB`. The unit is required. The number of bytes is rounded down.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let help = "write a number and a unit, e.g. 8GiB, 1.5GB or 500MB (units B, kB, MB, GB, TB, KiB, MiB, GiB, TiB)";
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = (&t[..split], t[split..].trim_start());
    let value: f64 = match number.parse() {
        Ok(v) if !number.starts_with('.') && !number.ends_with('.') => v,
        _ => return Err(format!("`{text}` is not a size: {help}")),
    };
    if unit.is_empty() {
        return Err(format!("`{text}` has no unit: {help}"));
    }
    let Some(&(_, factor)) = UNITS.iter().find(|(u, _)| unit.eq_ignore_ascii_case(u)) else {
        return Err(format!("`{unit}` is not a unit of size: {help}"));
    };
    let bytes = value * factor as f64;
    if bytes >= u64::MAX as f64 {
        return Err(format!("`{text}` is too large: at most 16777215TiB"));
    }
    if bytes < 1.0 {
        return Err(format!("`{text}` is less than one byte: {help}"));
    }
    Ok(bytes as u64)
}

/// `bytes` in binary units with three significant digits: `512 B`, `3.20 KiB`,
/// `12.4 GiB`, `256 MiB`.
pub fn show(bytes: u64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let mut x = bytes as f64;
    let mut u = 0;
    while x >= 1024.0 && u + 1 < units.len() {
        x /= 1024.0;
        u += 1;
    }
    match u {
        0 => format!("{bytes} B"),
        _ if x < 9.995 => format!("{x:.2} {}", units[u]),
        _ if x < 99.95 => format!("{x:.1} {}", units[u]),
        _ => format!("{x:.0} {}", units[u]),
    }
}

/// A count with thousands separated by commas: `200,000`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_in_decimal_and_binary_units() {
        assert_eq!(parse_size("8GiB"), Ok(8 << 30));
        assert_eq!(parse_size("8 gib"), Ok(8 << 30));
        assert_eq!(parse_size("1.5GB"), Ok(1_500_000_000));
        assert_eq!(parse_size("500MB"), Ok(500_000_000));
        assert_eq!(parse_size("2MiB"), Ok(2 << 20));
        assert_eq!(parse_size("1kB"), Ok(1000));
        assert_eq!(parse_size("1TiB"), Ok(1 << 40));
        assert_eq!(parse_size("100B"), Ok(100));
    }

    #[test]
    fn bad_sizes_say_what_to_write() {
        for bad in [
            "", "8", "8G", "GiB", "-1GiB", "1e3MB", "1..5GB", ".5GB", "8 GiBs", "0GB",
        ] {
            let e = parse_size(bad).unwrap_err();
            assert!(e.contains("8GiB"), "{bad}: {e}");
        }
        assert!(parse_size("99999999TiB").unwrap_err().contains("too large"));
    }

    #[test]
    fn sizes_show_with_three_digits() {
        assert_eq!(show(512), "512 B");
        assert_eq!(show(3277), "3.20 KiB");
        assert_eq!(show(256 << 20), "256 MiB");
        assert_eq!(show(13_314_398_618), "12.4 GiB");
        assert_eq!(grouped(200_000), "200,000");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }
}
