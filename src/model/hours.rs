//! A channel's opening hours and what happens to a contact that arrives while it is closed.

/// When a channel is open, and the fate of contacts that arrive while it is closed.
/// A channel without `Hours` is always open.
#[derive(Debug, Clone, PartialEq)]
pub struct Hours {
    /// Periods during which the channel is open, in seconds from the scenario start:
    /// sorted, disjoint and not touching, over `[0, horizon + drain)`.
    pub open: Vec<OpenPeriod>,
    /// What happens to a contact that arrives while the channel is closed.
    pub when_closed: WhenClosed,
}

/// The channel is open over `[from_s, to_s)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OpenPeriod {
    /// Opening, seconds from the scenario start.
    pub from_s: f64,
    /// Closing, seconds from the scenario start.
    pub to_s: f64,
}

/// The fate of a contact that arrives while its channel is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenClosed {
    /// The customer gives up at once: offered, abandoned, never answered.
    Lost,
    /// The contact waits for the next opening and is offered to agents then; its
    /// wait counts from its arrival.
    Wait,
    /// The contact moves to another channel (index into
    /// [`Model::channels`](super::Model::channels)) and is offered there at once.
    Redirect(usize),
}

impl Hours {
    /// Index of the first period that opens after `t`; the channel is open at `t`
    /// when the period before it has not closed yet.
    #[inline]
    fn after(&self, t: f64) -> usize {
        self.open.partition_point(|p| p.from_s <= t)
    }

    /// Whether the channel is open at `t`.
    #[inline]
    pub fn is_open(&self, t: f64) -> bool {
        let i = self.after(t);
        i > 0 && t < self.open[i - 1].to_s
    }

    /// The next opening after `t`, if the channel opens again.
    pub fn next_opening(&self, t: f64) -> Option<f64> {
        self.open.get(self.after(t)).map(|p| p.from_s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours() -> Hours {
        Hours {
            open: vec![
                OpenPeriod {
                    from_s: 10.0,
                    to_s: 20.0,
                },
                OpenPeriod {
                    from_s: 30.0,
                    to_s: 40.0,
                },
            ],
            when_closed: WhenClosed::Lost,
        }
    }

    #[test]
    fn open_includes_the_opening_and_excludes_the_closing() {
        let h = hours();
        let open: Vec<bool> = [0.0, 10.0, 19.9, 20.0, 29.0, 30.0, 40.0]
            .iter()
            .map(|t| h.is_open(*t))
            .collect();
        assert_eq!(open, [false, true, true, false, false, true, false]);
    }

    #[test]
    fn the_next_opening_is_the_first_after_the_time() {
        let h = hours();
        assert_eq!(h.next_opening(0.0), Some(10.0));
        assert_eq!(h.next_opening(20.0), Some(30.0));
        assert_eq!(h.next_opening(40.0), None);
    }
}
