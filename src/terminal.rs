//! User text made safe for a terminal: control characters (escape sequences,
//! other C0 and C1 controls, DEL) shown as visible escapes, never sent raw.

use std::borrow::Cow;

/// `s` with every control character written as Rust writes it in a string
/// literal (`\u{1b}`, `\t`, `\n`, `\u{7f}`, `\u{9b}`), so a name cannot colour,
/// move the cursor of or retitle the terminal it is printed on, nor forge a line.
/// Every other character, "–", "é" or "≤" included, is kept.
pub fn escaped(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(shown).collect())
}

/// Like [`escaped`], but keeps the line breaks of a text of several lines (an
/// error with its help, a table).
pub fn escaped_lines(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && c.is_control()) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.split('\n').map(escaped).collect::<Vec<_>>().join("\n"))
}

/// How one character is shown: itself, or its escape when it is a control.
fn shown(c: char) -> String {
    if c.is_control() {
        c.escape_default().to_string()
    } else {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_other_text_kept() {
        assert_eq!(escaped("\u{1b}[31mred\u{7f}"), "\\u{1b}[31mred\\u{7f}");
        assert_eq!(escaped("a\u{9b}b\tc\nd\re"), "a\\u{9b}b\\tc\\nd\\re");
        let plain = "core – é ≤ 5 \"q\" \\";
        assert!(matches!(escaped(plain), Cow::Borrowed(p) if p == plain));
    }

    #[test]
    fn texts_keep_their_line_breaks() {
        assert_eq!(escaped_lines("one\u{1b}\ntwo\r\n"), "one\\u{1b}\ntwo\\r\n");
        assert_eq!(escaped_lines("one\ntwo"), "one\ntwo");
    }
}
