//! Located scenario errors: file, line, column, key path, what was expected and
//! how to fix it, rendered with the offending source line underlined.

use std::cell::OnceCell;
use std::fmt;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use crate::terminal::{escaped, escaped_lines};

/// One problem found in a scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    /// An error (the file is rejected) or a warning (it runs, but probably not as
    /// meant).
    pub severity: Severity,
    /// File name as given by the user.
    pub file: String,
    /// 1-based line, 0 if the problem has no place in the file.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// Dotted key path, e.g. `teams.vendor.skills.chatt` (empty for syntax errors).
    pub key: String,
    /// What is wrong, including what was expected.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    snippet: Option<Snippet>,
}

/// How serious a [`ScenarioError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The file is rejected.
    Error,
    /// The file is valid, but probably does not say what was meant.
    Warning,
}

impl Severity {
    /// "error" or "warning".
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Snippet {
    text: String,
    start: usize,
    width: usize,
}

/// All problems found in a scenario file (at least one).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ScenarioErrors(pub Vec<ScenarioError>);

impl fmt::Display for ScenarioErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        if self.0.len() > 1 {
            let file = escaped(&self.0[0].file);
            write!(f, "\n{} problems found in {file}", self.0.len())?;
        }
        Ok(())
    }
}

impl fmt::Display for ScenarioError {
    /// Names, keys, the file name and the excerpt come from the user: their control
    /// characters are shown escaped ([`escaped`]), the carets still under the
    /// offending text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = self.severity.name();
        let message = escaped_lines(&self.message);
        if self.key.is_empty() {
            writeln!(f, "{severity}: {message}")?;
        } else {
            writeln!(f, "{severity}: {}: {message}", escaped(&self.key))?;
        }
        let file = escaped(&self.file);
        if self.line > 0 {
            writeln!(f, "  --> {file}:{}:{}", self.line, self.column)?;
        } else {
            writeln!(f, "  --> {file}")?;
        }
        if let Some(s) = &self.snippet {
            let gutter = self.line.to_string().len();
            // The line as shown: tabs as four spaces (as rustc does), controls
            // escaped; the carets count columns as shown.
            let chars: Vec<char> = s.text.chars().collect();
            let show = |from: usize, to: usize| -> String {
                let part = chars[from.min(chars.len())..to.min(chars.len())].iter();
                let text: String = part
                    .map(|&c| {
                        if c == '\t' {
                            "    ".into()
                        } else {
                            c.to_string()
                        }
                    })
                    .collect();
                escaped(&text).into_owned()
            };
            let start = show(0, s.start).chars().count();
            let span = show(s.start, s.start + s.width).chars().count();
            writeln!(f, "{:gutter$} |", "")?;
            writeln!(f, "{} | {}", self.line, show(0, chars.len()))?;
            writeln!(
                f,
                "{:gutter$} | {}{}",
                "",
                " ".repeat(start),
                "^".repeat(span.max(1))
            )?;
        }
        if let Some(h) = &self.help {
            writeln!(f, "  = help: {}", escaped_lines(h))?;
        }
        Ok(())
    }
}

/// Separates a message from its fix in the text of a custom serde error, so value
/// parsers (see [`super::units`]) can say how to fix what they reject.
const HELP_MARK: &str = "\n= help: ";

/// A custom serde error text carrying `message` and the `help` that fixes it.
pub(crate) fn with_help(message: impl fmt::Display, help: &str) -> String {
    format!("{message}{HELP_MARK}{help}")
}

/// Splits a text built by [`with_help`] into message and help.
pub(crate) fn split_help(text: &str) -> (String, Option<String>) {
    match text.split_once(HELP_MARK) {
        Some((message, help)) => (message.trim().to_string(), Some(help.trim().to_string())),
        None => (text.trim().to_string(), None),
    }
}

/// Builds located errors for one source text.
pub(crate) struct Locator<'a> {
    file: &'a str,
    text: &'a str,
    /// The parsed text, parsed when the first error is located: a document costs
    /// many times its size, so a valid file is never held twice.
    doc: OnceCell<Option<toml::Spanned<DeTable<'a>>>>,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(file: &'a str, text: &'a str) -> Self {
        Locator {
            file,
            text,
            doc: OnceCell::new(),
        }
    }

    /// The parsed text, if it parses.
    fn doc(&self) -> Option<&toml::Spanned<DeTable<'a>>> {
        self.doc
            .get_or_init(|| DeTable::parse(self.text).ok())
            .as_ref()
    }

    /// An error at a byte range of the source.
    pub(crate) fn at_span(
        &self,
        span: Option<Range<usize>>,
        key: &str,
        message: String,
        help: Option<String>,
    ) -> ScenarioError {
        let Some(span) = span
            .filter(|s| s.start <= self.text.len())
            .map(|s| self.text.floor_char_boundary(s.start)..self.text.floor_char_boundary(s.end))
        else {
            return ScenarioError {
                severity: Severity::Error,
                file: self.file.to_string(),
                line: 0,
                column: 0,
                key: key.to_string(),
                message,
                help,
                snippet: None,
            };
        };
        let line_start = self.text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.text[span.start..]
            .find('\n')
            .map_or(self.text.len(), |i| span.start + i);
        let line = self.text[..span.start].matches('\n').count() + 1;
        let text = self.text[line_start..line_end].trim_end_matches('\r');
        let start = self.text[line_start..span.start].chars().count();
        let end = span.end.min(line_end).max(span.start);
        let width = self.text[span.start..end].chars().count();
        ScenarioError {
            severity: Severity::Error,
            file: self.file.to_string(),
            line,
            column: start + 1,
            key: key.to_string(),
            message,
            help,
            snippet: Some(Snippet {
                text: text.to_string(),
                start,
                width,
            }),
        }
    }

    /// An error about the value (or, with `on_key`, the key) at a key path. A path
    /// that does not exist in the file points at its deepest existing parent.
    pub(crate) fn at_path(
        &self,
        path: &[String],
        on_key: bool,
        message: String,
        help: Option<String>,
    ) -> ScenarioError {
        self.at_path_keyed(path, on_key, &path.join("."), message, help)
    }

    /// Like [`Locator::at_path`], naming the key `key` in the message (for paths
    /// whose keys contain dots, such as the keys of `[sweep]`).
    pub(crate) fn at_path_keyed(
        &self,
        path: &[String],
        on_key: bool,
        key: &str,
        message: String,
        help: Option<String>,
    ) -> ScenarioError {
        let span = self.doc().map(|doc| find(doc, path, on_key).0);
        self.at_span(span, key, message, help)
    }

    /// The text at `path`, if the file has text there.
    pub(crate) fn text_at(&self, path: &[String]) -> Option<String> {
        let doc = self.doc()?;
        match find(doc, path, false).1?.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => None,
        }
    }
}

/// Span of the value (or key) at `path`, or of the deepest parent that exists; and
/// the value if the whole path exists.
fn find<'d, 'i>(
    doc: &'d toml::Spanned<DeTable<'i>>,
    path: &[String],
    on_key: bool,
) -> (Range<usize>, Option<&'d toml::Spanned<DeValue<'i>>>) {
    let mut best = 0..0;
    let mut table: Option<&DeTable<'_>> = Some(doc.get_ref());
    let mut value: Option<&toml::Spanned<DeValue<'_>>> = None;
    for (depth, seg) in path.iter().enumerate() {
        let last = depth + 1 == path.len();
        let next = if let Some(t) = table {
            t.iter()
                .find(|(k, _)| k.get_ref().as_ref() == seg.as_str())
                .map(|(k, v)| {
                    if last && on_key {
                        best = k.span();
                    } else {
                        best = v.span();
                    }
                    v
                })
        } else if let Some(DeValue::Array(a)) = value.map(|v| v.get_ref()) {
            seg.parse::<usize>()
                .ok()
                .and_then(|i| a.get(i))
                .inspect(|v| best = v.span())
        } else {
            None
        };
        let Some(v) = next else {
            return (best, None);
        };
        value = Some(v);
        table = match v.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => None,
        };
    }
    (best, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_show_tabs_as_spaces_and_controls_escaped_with_carets_aligned() {
        let text = "\tname = \"a\u{7f}b\"\n";
        let at = text.find('\u{7f}').unwrap();
        let e = Locator::new("f.toml", text).at_span(Some(at..at + 2), "name", "bad".into(), None);
        let shown = e.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[3], "1 |     name = \"a\\u{7f}b\"");
        assert_eq!(lines[4], "  |              ^^^^^^^");
        assert_eq!(e.column, 11, "columns count characters of the file");
    }
}
