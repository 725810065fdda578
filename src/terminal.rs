//! User text made safe for a terminal: control characters (escape sequences,
//! other C0 and C1 controls, DEL) and invisible format characters (bidi overrides
//! and isolates, zero-width characters, line separators, BOM) shown as visible
//! escapes, never sent raw.

use std::borrow::Cow;

/// `s` with every control and invisible format character written as Rust writes
/// it in a string literal (`\u{1b}`, `\t`, `\n`, `\u{7f}`, `\u{9b}`, `\u{202e}`), so
/// a name cannot colour, move the cursor of or retitle the terminal it is printed
/// on, forge a line, nor reorder or hide the text around it. Every other
/// character, "–", "é", "≤" or "שלום" included, is kept.
pub fn escaped(s: &str) -> Cow<'_, str> {
    if !s.chars().any(hidden) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(shown).collect())
}

/// Like [`escaped`], but keeps the line breaks of a text of several lines (an
/// error with its help, a table).
pub fn escaped_lines(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && hidden(c)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.split('\n').map(escaped).collect::<Vec<_>>().join("\n"))
}

/// Whether `c` acts on the terminal or the text around it instead of showing as
/// a glyph: a control, or a format character that reorders text (bidi embeddings,
/// overrides, isolates and marks: U+061C, U+200E–U+200F, U+202A–U+202E,
/// U+2066–U+2069), hides it (zero-width space and joiners U+200B–U+200D, word
/// joiner and invisible operators U+2060–U+2064, soft hyphen U+00AD, BOM U+FEFF)
/// or breaks the line (U+2028, U+2029).
pub fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{ad}'
                | '\u{61c}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// How one character is shown: itself, or its escape when it is [`hidden`].
fn shown(c: char) -> String {
    if hidden(c) {
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
        let plain = "core – é ≤ 5 \"q\" \\ שלום";
        assert!(matches!(escaped(plain), Cow::Borrowed(p) if p == plain));
    }

    #[test]
    fn invisible_format_characters_are_escaped() {
        // "abc" shown as "cba" by a right-to-left override, then isolated text.
        assert_eq!(escaped("\u{202e}abc\u{202c}"), "\\u{202e}abc\\u{202c}");
        assert_eq!(escaped("x\u{2067}y\u{2069}"), "x\\u{2067}y\\u{2069}");
        for c in [
            '\u{ad}', '\u{61c}', '\u{200b}', '\u{200d}', '\u{200e}', '\u{200f}', '\u{2028}',
            '\u{2029}', '\u{202a}', '\u{2060}', '\u{2066}', '\u{feff}',
        ] {
            assert_eq!(escaped(&c.to_string()), format!("\\u{{{:x}}}", c as u32));
        }
        // Neighbours of the ranges are ordinary text.
        for c in [
            '\u{2010}', '\u{2027}', '\u{202f}', '\u{2065}', '\u{206a}', '\u{fefe}',
        ] {
            assert!(!hidden(c), "{:x}", c as u32);
        }
    }

    #[test]
    fn texts_keep_their_line_breaks() {
        assert_eq!(escaped_lines("one\u{1b}\ntwo\r\n"), "one\\u{1b}\ntwo\\r\n");
        assert_eq!(escaped_lines("one\ntwo"), "one\ntwo");
        assert_eq!(escaped_lines("one\u{2028}two\n"), "one\\u{2028}two\n");
    }
}
