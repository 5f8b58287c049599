//! How suggestions rank: the confidence of the habit, weighed by how the household has
//! answered suggestions like it: per kind of pattern (or synergy) and per domain acted on. A
//! kind the household keeps rejecting sinks; one it approves rises; each weight is shown in
//! words.

use homeai_db::repo;
use homeai_db::repo::suggestions::{FeedbackCounts, Suggestion};
use homeai_domain::suggestion::SuggestionStatus;

/// The weight of one dimension: the household's acceptance rate, smoothed (one approval and
/// one rejection assumed, so a single answer moves it but never to 0 or 1), relative to an
/// even rate: 1.0 with no feedback, toward 0 for all rejections, toward 2 for all approvals.
fn weight(approved: i64, rejected: i64) -> f64 {
    let rate = (approved as f64 + 1.0) / ((approved + rejected) as f64 + 2.0);
    rate / 0.5
}

fn describe(label: &str, approved: i64, rejected: i64, w: f64) -> String {
    let answered = approved + rejected;
    format!("{label}: you approved {approved} of {answered} (×{w:.2})")
}

/// The rank score and why, for a suggestion of `kind` acting on `domain`.
pub fn rank(
    confidence: f64,
    kind: Option<&str>,
    domain: Option<&str>,
    counts: &FeedbackCounts,
) -> (f64, String) {
    let mut score = confidence;
    let mut reasons = vec![format!("confidence {confidence:.2} of the habit")];
    let dims = [
        kind.and_then(|k| {
            counts
                .by_kind
                .get(k)
                .map(|c| (format!("{k} suggestions"), *c))
        }),
        domain.and_then(|d| {
            counts
                .by_domain
                .get(d)
                .map(|c| (format!("suggestions for {d}"), *c))
        }),
    ];
    for (label, (approved, rejected)) in dims.into_iter().flatten() {
        let w = weight(approved, rejected);
        score *= w;
        reasons.push(describe(&label, approved, rejected, w));
    }
    if reasons.len() == 1 {
        reasons.push("no feedback on suggestions like it yet".into());
    }
    (score, reasons.join("; "))
}

/// The domain a suggestion acts on: that of its first action.
pub fn domain_of(automation: &serde_json::Value) -> Option<String> {
    automation
        .pointer("/actions/0/action")
        .and_then(|a| a.as_str())
        .and_then(|a| a.split('.').next())
        .map(str::to_owned)
}

/// The kind a suggestion was made from: its pattern's or synergy's kind.
pub fn kind_of(
    conn: &mut homeai_db::SqliteConnection,
    s: &Suggestion,
) -> Result<Option<String>, homeai_db::DbError> {
    if let Some(pid) = s.pattern_id {
        return Ok(repo::patterns::get(conn, pid)
            .ok()
            .map(|p| p.kind.as_str().to_owned()));
    }
    if let Some(sid) = s.synergy_id {
        return Ok(repo::synergies::get(conn, sid)
            .ok()
            .map(|x| x.kind.as_str().to_owned()));
    }
    Ok(None)
}

/// Ranks every draft again from the feedback so far (after each approval or rejection, so the
/// list changes visibly). Call inside a write transaction.
pub fn rerank_drafts(conn: &mut homeai_db::SqliteConnection) -> Result<usize, homeai_db::DbError> {
    let counts = repo::suggestions::feedback_counts(conn)?;
    let drafts = repo::suggestions::all_in(conn, SuggestionStatus::Draft)?;
    for s in &drafts {
        let kind = kind_of(conn, s)?;
        let (score, reason) = rank(
            s.confidence,
            kind.as_deref(),
            domain_of(&s.automation).as_deref(),
            &counts,
        );
        repo::suggestions::set_rank(conn, s.id, score, &reason)?;
    }
    Ok(drafts.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(kind: (i64, i64), domain: (i64, i64)) -> FeedbackCounts {
        let mut c = FeedbackCounts::default();
        c.by_kind.insert("time_of_day".into(), kind);
        c.by_domain.insert("light".into(), domain);
        c
    }

    #[test]
    fn no_feedback_keeps_the_confidence() {
        let (score, why) = rank(
            0.8,
            Some("time_of_day"),
            Some("light"),
            &FeedbackCounts::default(),
        );
        assert!((score - 0.8).abs() < 1e-9);
        assert!(why.contains("no feedback"), "{why}");
    }

    #[test]
    fn rejections_sink_a_kind_and_approvals_raise_it() {
        let (low, why) = rank(0.8, Some("time_of_day"), None, &counts((0, 4), (0, 0)));
        assert!(low < 0.8 * 0.5, "{low}");
        assert!(
            why.contains("time_of_day suggestions: you approved 0 of 4"),
            "{why}"
        );
        let (high, _) = rank(0.8, Some("time_of_day"), None, &counts((4, 0), (0, 0)));
        assert!(high > 0.8);
        // a kind without feedback is untouched by another kind's
        let (other, _) = rank(0.8, Some("sequence"), None, &counts((0, 4), (0, 0)));
        assert!((other - 0.8).abs() < 1e-9);
    }

    #[test]
    fn the_domain_weighs_too() {
        let (score, why) = rank(0.5, None, Some("light"), &counts((0, 0), (1, 3)));
        assert!(score < 0.5);
        assert!(
            why.contains("suggestions for light: you approved 1 of 4"),
            "{why}"
        );
    }
}
