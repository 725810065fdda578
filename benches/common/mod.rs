//! What the benches share: the M/M/c(+M) model (one 24/7 team at 90 % load per
//! slot) and the check, outside the timing, of what a model offers.

use staffmix::engine::simulate;
use staffmix::model::Model;

/// Mean handle time, seconds.
pub const AHT_S: f64 = 300.0;
/// Agents of the single 24/7 team.
pub const AGENTS: u32 = 50;
/// Offered load per server slot.
pub const LOAD: f64 = 0.9;

/// An M/M/c(+M) queue: one 24/7 team, exponential handle time, an optional
/// exponential patience, and `concurrency` contacts per agent. The arrival rate
/// gives `LOAD` per slot (`agents × concurrency` slots) and the horizon is chosen
/// so a replication has about `contacts` arrivals.
pub struct Queue {
    /// Contacts one agent holds at once.
    pub concurrency: u32,
    /// Mean of the exponential patience, seconds (`None`: nobody abandons).
    pub patience_s: Option<f64>,
    /// Expected arrivals in one replication.
    pub contacts: f64,
}

impl Queue {
    /// Arrivals per second.
    pub fn rate_per_s(&self) -> f64 {
        LOAD * f64::from(AGENTS * self.concurrency) / AHT_S
    }

    /// Horizon in whole seconds.
    pub fn horizon_s(&self) -> f64 {
        (self.contacts / self.rate_per_s()).round()
    }

    /// Expected arrivals in one replication.
    pub fn expected_contacts(&self) -> u64 {
        (self.rate_per_s() * self.horizon_s()).round() as u64
    }

    /// The scenario, checked once by running one replication (printed to stderr).
    pub fn model(&self) -> Model {
        let patience = self.patience_s.map_or(String::new(), |p| {
            format!("patience = {{ dist = \"exponential\", mean = \"{p}s\" }}\n")
        });
        let text = format!(
            r#"
horizon = "{h}s"
warmup = "0s"
drain = "0s"
[channels.q]
volume_per_hour = {v}
handle_time = {{ dist = "exponential", mean = "{AHT_S}s" }}
{patience}concurrency = {k}
service_level = {{ within = "20s", target = 0.8 }}
[teams.t]
kind = "in_house"
agents = {AGENTS}
schedule = "24/7"
skills = {{ q = 1.0 }}
"#,
            h = self.horizon_s(),
            v = self.rate_per_s() * 3600.0,
            k = self.concurrency,
        );
        let model =
            staffmix::scenario::parse("bench.toml", &text).unwrap_or_else(|e| panic!("{e}"));
        eprintln!(
            "model: {} agents x {} slots, {:.0} contacts/h, horizon {} s",
            AGENTS,
            self.concurrency,
            self.rate_per_s() * 3600.0,
            self.horizon_s(),
        );
        check_offered(&model, &[self.expected_contacts()]);
        model
    }
}

/// Runs one replication of `model` (seed 1) outside the timing, prints what each
/// channel offered, lost and waited to stderr, and checks that channel `i` offered
/// within 2 % of `expected[i]` contacts, so the throughput denominator is honest.
pub fn check_offered(model: &Model, expected: &[u64]) {
    let r = simulate(model, 1, 0, &mut ()).expect("replication");
    assert_eq!(
        r.channels.len(),
        expected.len(),
        "one expected count a channel"
    );
    for ((channel, ch), &expected) in model.channels.iter().zip(&r.channels).zip(expected) {
        let (offered, expected) = (ch.offered as f64, expected as f64);
        eprintln!(
            "  {}: {offered} offered (expected {expected}), {} abandoned, mean wait {:.2} s",
            channel.name,
            ch.abandoned,
            ch.wait_handled_s / ch.handled as f64
        );
        assert!(
            (offered - expected).abs() < 0.02 * expected,
            "{}: offered {offered} contacts, expected about {expected}",
            channel.name
        );
    }
}
