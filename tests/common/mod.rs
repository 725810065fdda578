//! Helpers shared by the integration tests.

use staffmix::model::Model;
use staffmix::runner::{self, PlanResult, RunConfig};

/// Parses a scenario text, panicking with the rendered error if it is invalid.
pub fn model(text: &str) -> Model {
    staffmix::scenario::parse("test.toml", text).unwrap_or_else(|e| panic!("{e}"))
}

/// Runs `reps` replications of a scenario text with `seed`.
pub fn run(text: &str, seed: u64, reps: u32) -> (Model, PlanResult) {
    let m = model(text);
    let r = runner::run(
        &m,
        "base",
        RunConfig {
            seed,
            replications: reps,
        },
        |_| {},
    )
    .expect("run");
    (m, r)
}

/// A single 24/7 team serving one channel with exponential handle times: M/M/c
/// (or M/M/c+M with patience; with concurrency k, M/M/(c·k)).
pub struct Queue {
    pub agents: u32,
    pub per_hour: f64,
    pub aht_s: f64,
    pub patience_s: Option<f64>,
    pub concurrency: u32,
    pub within_s: f64,
    pub horizon_h: f64,
    pub warmup_h: f64,
}

impl Queue {
    pub fn toml(&self) -> String {
        let patience = self.patience_s.map_or(String::new(), |p| {
            format!("patience = {{ dist = \"exponential\", mean = \"{p}s\" }}\n")
        });
        format!(
            r#"
horizon = "{h}h"
warmup = "{w}h"
drain = "2h"
[channels.q]
volume_per_hour = {v}
handle_time = {{ dist = "exponential", mean = "{aht}s" }}
{patience}concurrency = {k}
service_level = {{ within = "{sl}s", target = 0.8 }}
[teams.t]
kind = "in_house"
agents = {c}
schedule = "24/7"
skills = {{ q = 1.0 }}
"#,
            h = self.horizon_h,
            w = self.warmup_h,
            v = self.per_hour,
            aht = self.aht_s,
            k = self.concurrency,
            sl = self.within_s,
            c = self.agents
        )
    }
}
