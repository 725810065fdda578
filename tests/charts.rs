//! Charts: each is drawn as SVG and PNG with its title and axis titles, skipped
//! when it has no data, and per-plan charts cap the plans they show.

use staffmix::analysis::analyse;
use staffmix::report::charts::{self, Chart};

use crate::report::{STUDY, simulate};

fn charts_of(text: &str) -> Vec<Chart> {
    let (study, plans, config) = simulate(text, 3);
    charts::render(&analyse(&study, config, plans)).expect("charts")
}

fn names(charts: &[Chart]) -> Vec<&str> {
    charts.iter().map(|c| c.name).collect()
}

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

#[test]
fn every_chart_has_its_title_and_axis_titles() {
    let charts = charts_of(STUDY);
    assert_eq!(names(&charts), charts::NAMES);
    let expected: [(&str, &[&str]); 6] = [
        (
            "plan_comparison",
            &[
                "Staffing cost: statistics window + warm-up preparation (scenario currency)",
                "Service level, all channels (% answered within threshold)",
                "CSAT (% of contacts satisfied)",
                "Pareto frontier",
            ],
        ),
        (
            "sweep_heatmap",
            &[
                "teams.core.agents",
                "teams.vendor.agents",
                "Probability of meeting all targets",
            ],
        ),
        (
            "cost_breakdown",
            &[
                "Cost over the statistics window; beneath: warm-up preparation (scenario currency)",
                "agent wages",
                "vendor invoices",
            ],
        ),
        (
            "csat_churn",
            &[
                "CSAT (% of contacts satisfied)",
                "Churned customers over the statistics window (expected)",
            ],
        ),
        (
            "wait_distribution",
            &[
                "Wait before an agent answered (log scale)",
                "Waited longer (% of answered)",
                "phone",
            ],
        ),
        (
            "timeline",
            &[
                "Agents (available / needed)",
                "Service level (% within threshold)",
                // Calendar ticks from the end of the 4 h warm-up: the first midnight.
                "Tue 3 Mar",
            ],
        ),
    ];
    for (chart, (name, texts)) in charts.iter().zip(expected) {
        assert_eq!(chart.name, name);
        assert!(chart.svg.starts_with("<svg"), "{name}.svg");
        assert!(
            chart.svg.contains(&chart.title),
            "{name}: title {:?}",
            chart.title
        );
        for t in texts {
            assert!(chart.svg.contains(t), "{name}: {t:?} missing");
        }
        assert!(chart.png.starts_with(&PNG_SIGNATURE), "{name}.png");
        assert!(chart.png.len() > 10_000, "{name}.png looks empty");
        assert!(!chart.caption.is_empty());
    }
    // Plan names are text in the SVG, never markup.
    let comparison = &charts[0].svg;
    assert!(comparison.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!comparison.contains("<script"));
}

#[test]
fn charts_without_data_are_skipped() {
    // One plan, no costs, no targets, no sweep: nothing to compare.
    let text = STUDY.split("[teams.core]").next().unwrap().to_string()
        + r#"
[teams.core]
kind = "in_house"
agents = 3
schedule = "24/7"
skills = { phone = 1.0, email = 1.0 }
"#;
    let charts = charts_of(&text);
    assert_eq!(
        names(&charts),
        ["csat_churn", "wait_distribution", "timeline"]
    );
}

#[test]
fn many_plans_are_capped_with_a_note() {
    let text = STUDY.replace(
        "\"teams.core.agents\" = [2, 4]\n\"teams.vendor.agents\" = [1, 3]",
        "\"teams.core.agents\" = [2, 3, 4]\n\"teams.vendor.agents\" = [1, 2, 3]",
    );
    let charts = charts_of(&text);
    let costs = charts.iter().find(|c| c.name == "cost_breakdown").unwrap();
    assert!(costs.svg.contains("of 11 plans"), "no note on the cap");
    // The scatter and the heat map still show every plan.
    let heatmap = charts.iter().find(|c| c.name == "sweep_heatmap").unwrap();
    assert_eq!(
        heatmap.svg.matches("%\n</text>").count(),
        9 + 2,
        "9 cells and the colour bar's ends"
    );
}

#[test]
fn money_charts_name_the_statistics_window_and_show_the_warm_up_apart() {
    let charts = charts_of(STUDY);
    let chart = |name: &str| charts.iter().find(|c| c.name == name).expect(name);
    // The one-day study counts from the end of its 1 h warm-up.
    let window = "over the statistics window, 2 Mar 01:00 – 3 Mar (23 h)";
    for name in [
        "cost_breakdown",
        "csat_churn",
        "plan_comparison",
        "sweep_heatmap",
    ] {
        assert!(
            chart(name).caption.contains(window),
            "{name}: {:?}",
            chart(name).caption
        );
    }
    let costs = chart("cost_breakdown");
    assert!(
        costs
            .svg
            .contains("warm-up preparation (before the statistics window)")
    );
    assert!(
        costs
            .caption
            .contains("during the warm-up before the window")
    );
    // Plans are ranked by the window's cost plus the warm-up's: the cost axes say so.
    assert!(
        chart("plan_comparison")
            .caption
            .contains("plus what preparing the plan cost")
    );
}
