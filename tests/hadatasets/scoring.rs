//! One line per check (`ok` or `FAIL` with the reason), then the figure the way the published
//! leaderboard counts: each test function that passes is one good.

use crate::harness::{Candidate, Verdict, validate_inputs_present};

pub const CHECKS: usize = 12;

#[derive(Default)]
pub struct Scores {
    results: Vec<(String, Verdict)>,
}

impl Scores {
    pub fn record(&mut self, task: &str, check: &str, verdict: Verdict) {
        let name = format!("{task}/{check}");
        match &verdict {
            Ok(()) => println!("ok   {name}"),
            Err(why) => println!("FAIL {name}: {}", shorten(why, 300)),
        }
        self.results.push((name, verdict));
    }

    pub fn good(&self) -> usize {
        self.results.iter().filter(|(_, v)| v.is_ok()).count()
    }

    pub fn total(&self) -> usize {
        self.results.len()
    }

    /// The names and reasons of the failed checks.
    pub fn failures(&self) -> Vec<String> {
        self.results
            .iter()
            .filter_map(|(n, v)| v.as_ref().err().map(|e| format!("{n}: {e}")))
            .collect()
    }
}

/// `test_blueprint_inputs`: the blueprint text has every input the check passes.
pub fn inputs_check(candidate: &Candidate, keys: &[&str]) -> Verdict {
    match candidate {
        Candidate::Blueprint(yaml) => validate_inputs_present(yaml, keys),
        Candidate::Automation { why, .. } => Err(why.clone()),
        Candidate::Nothing(why) => Err(why.clone()),
    }
}

/// A task's `run`: `test_blueprint_inputs` with the input keys, then each check function
/// (`async fn(&Ha, &Candidate) -> Verdict`) recorded under its own name, as upstream's test
/// functions are named.
macro_rules! run_checks {
    ($scores:expr, $task:expr, $ha:expr, $candidate:expr, $keys:expr,
     [$($check:ident),+ $(,)?]) => {{
        $scores.record(
            $task,
            "test_blueprint_inputs",
            $crate::scoring::inputs_check($candidate, $keys),
        );
        $($scores.record($task, stringify!($check), $check($ha, $candidate).await);)+
    }};
}
pub(crate) use run_checks;

/// At most `max` characters, with `…` where cut.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}
