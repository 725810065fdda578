//! Validation diagnostics: the [`Issue`] a check reports, the [`Ctx`] that collects
//! them, allowed number ranges ([`Bounds`]) and "did you mean" suggestions.

use crate::model::Num;

/// A validation problem before it is located in the file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Issue {
    pub path: Vec<String>,
    /// Point at the key itself rather than its value (unknown names).
    pub on_key: bool,
    pub message: String,
    pub help: Option<String>,
}

/// Collects the issues of one validation pass.
#[derive(Default)]
pub(crate) struct Ctx {
    pub(crate) issues: Vec<Issue>,
}

impl Ctx {
    /// The issues found, each once: settings shared by all channels (`demand.weekly`
    /// and the like) are checked once per channel.
    pub(crate) fn into_issues(self) -> Vec<Issue> {
        let mut out: Vec<Issue> = Vec::with_capacity(self.issues.len());
        for issue in self.issues {
            if !out.contains(&issue) {
                out.push(issue);
            }
        }
        out
    }

    /// `Err` with the issues found so far, if any; validation stops there because
    /// later checks rely on what came before.
    pub(crate) fn checkpoint(&mut self) -> Result<(), Vec<Issue>> {
        if self.issues.is_empty() {
            Ok(())
        } else {
            Err(std::mem::take(self).into_issues())
        }
    }

    /// Reports a problem with the value at `path`.
    pub(crate) fn err(
        &mut self,
        path: &[&str],
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(path, false, message, help);
    }

    /// Reports a problem with the key at `path` itself (an unknown name).
    pub(crate) fn err_key(
        &mut self,
        path: &[&str],
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(path, true, message, help);
    }

    fn push(
        &mut self,
        path: &[&str],
        on_key: bool,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let help = help.into();
        self.issues.push(Issue {
            path: path.iter().map(|s| s.to_string()).collect(),
            on_key,
            message: message.into(),
            help: (!help.is_empty()).then_some(help),
        });
    }

    /// Checks that `v` is finite and within `bounds`; `help` says how to fix it.
    pub(crate) fn range(
        &mut self,
        path: &[&str],
        v: f64,
        bounds: Bounds,
        what: &str,
        help: &str,
    ) -> bool {
        let Bounds { lo, open_lo, hi } = bounds;
        let ok = v.is_finite() && (if open_lo { v > lo } else { v >= lo }) && v <= hi;
        if !ok {
            let bound = if open_lo {
                format!("greater than {}", Num(lo))
            } else {
                format!("at least {}", Num(lo))
            };
            let upper = if hi.is_finite() {
                format!(" and at most {}", Num(hi))
            } else {
                String::new()
            };
            self.err(
                path,
                format!("{what} must be {bound}{upper}, got {}", Num(v)),
                help,
            );
        }
        ok
    }

    /// An optional number with its default, checked with [`Ctx::value`].
    pub(crate) fn number(
        &mut self,
        path: &[&str],
        v: Option<f64>,
        default: f64,
        bounds: Bounds,
        help: &str,
    ) -> f64 {
        self.value(path, v.unwrap_or(default), bounds, help)
    }

    /// A number checked with [`Ctx::range`]; the key name (last path segment) names
    /// it in the message.
    pub(crate) fn value(&mut self, path: &[&str], v: f64, bounds: Bounds, help: &str) -> f64 {
        let what = path.last().copied().unwrap_or("value");
        self.range(path, v, bounds, what, help);
        v
    }
}

/// The allowed range of a number: above (or from) `lo`, up to `hi`.
#[derive(Clone, Copy)]
pub(crate) struct Bounds {
    /// The lower bound.
    pub(crate) lo: f64,
    /// Whether `lo` itself is excluded.
    pub(crate) open_lo: bool,
    /// The upper bound (included).
    pub(crate) hi: f64,
}

impl Bounds {
    /// Greater than `lo` and at most `hi`.
    pub(crate) const fn above(lo: f64, hi: f64) -> Self {
        Bounds {
            lo,
            open_lo: true,
            hi,
        }
    }

    /// At least `lo` and at most `hi`.
    pub(crate) const fn within(lo: f64, hi: f64) -> Self {
        Bounds {
            lo,
            open_lo: false,
            hi,
        }
    }

    /// Any finite number greater than 0.
    pub(crate) const POSITIVE: Bounds = Bounds::above(0.0, f64::INFINITY);
}

/// "channels defined: a, b" for a help text, or how to define the first one.
pub(crate) fn defined(what: &str, names: &[&str]) -> String {
    if names.is_empty() {
        format!("no {what}s are defined yet: add a [{what}s.NAME] table")
    } else {
        format!("{what}s defined: {}", names.join(", "))
    }
}

/// Closest name within edit distance 2, as " (did you mean \"x\"?)".
pub(crate) fn suggest(name: &str, known: &[&str]) -> String {
    closest(name, known)
        .map(|k| format!(" (did you mean \"{k}\"?)"))
        .unwrap_or_default()
}

/// The name in `known` closest to `name`, if within edit distance 2.
pub(crate) fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k)
}

/// Levenshtein distance between `a` and `b`, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
