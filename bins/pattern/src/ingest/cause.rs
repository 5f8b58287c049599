//! Who caused a state change, from its Home Assistant context.

use std::collections::{HashSet, VecDeque};

use homeai_domain::event::EventCause;

/// Remembers the contexts of recent automation and script runs (`automation_triggered`,
/// `script_started`): a change made in such a context is the automation's, even when HA did not
/// set `parent_id` on it (the automation entity's own `last_triggered` update, for instance).
#[derive(Debug, Default)]
pub struct CauseTracker {
    runs: HashSet<String>,
    order: VecDeque<String>,
}

/// Runs remembered at most; older ones are forgotten first.
const REMEMBERED_RUNS: usize = 4096;

impl CauseTracker {
    pub fn note_run(&mut self, context_id: &str) {
        if self.runs.insert(context_id.to_owned()) {
            self.order.push_back(context_id.to_owned());
            if self.order.len() > REMEMBERED_RUNS
                && let Some(old) = self.order.pop_front()
            {
                self.runs.remove(&old);
            }
        }
    }

    /// `automation` when the change has a parent or runs in a remembered run's context, `user`
    /// when a user is named, else `device`.
    pub fn classify(
        &self,
        context_id: &str,
        user_id: Option<&str>,
        parent_id: Option<&str>,
    ) -> EventCause {
        if self.runs.contains(context_id) {
            return EventCause::Automation;
        }
        EventCause::from_context(user_id, parent_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_in_an_automation_run_context_is_the_automations() {
        let mut t = CauseTracker::default();
        assert_eq!(t.classify("run-1", None, None), EventCause::Device);
        t.note_run("run-1");
        assert_eq!(t.classify("run-1", None, None), EventCause::Automation);
        assert_eq!(t.classify("other", Some("user"), None), EventCause::User);
        assert_eq!(
            t.classify("other", Some("user"), Some("run-1")),
            EventCause::Automation
        );
    }

    #[test]
    fn old_runs_are_forgotten() {
        let mut t = CauseTracker::default();
        for i in 0..=REMEMBERED_RUNS {
            t.note_run(&format!("run-{i}"));
        }
        assert_eq!(t.classify("run-0", None, None), EventCause::Device);
        assert_eq!(
            t.classify(&format!("run-{REMEMBERED_RUNS}"), None, None),
            EventCause::Automation
        );
    }
}
