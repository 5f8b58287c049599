//! Importing a history export: JSON lines of Home Assistant state objects
//! (`{"entity_id", "state", "attributes", "last_changed", "last_updated", "context"}`), read as a
//! stream in constant memory. A malformed line is reported with its number; the rest is imported.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use homeai_db::repo::events::{EventSource, InsertReport};
use homeai_db::{Db, DbError, repo, to_micros};
use homeai_domain::event::{EventCause, StateChange};
use homeai_domain::ha::EntityId;
use serde::{Deserialize, Serialize};

use super::writer::write_batch;

/// Events per write transaction during an import.
pub const IMPORT_BATCH: usize = 2000;
/// Longest line accepted (one state object), in bytes.
pub const MAX_LINE: usize = 1024 * 1024;
/// Line errors listed in the report at most (all are counted).
const MAX_LISTED_ERRORS: usize = 100;

/// One state object as HA serialises it (`/api/states`, history, exports).
#[derive(Debug, Clone, Deserialize)]
struct StateObject {
    entity_id: String,
    state: String,
    #[serde(default)]
    attributes: serde_json::Map<String, serde_json::Value>,
    last_updated: DateTime<Utc>,
    #[serde(default)]
    context: Option<Context>,
}

#[derive(Debug, Clone, Deserialize)]
struct Context {
    id: String,
    parent_id: Option<String>,
    user_id: Option<String>,
}

/// A line that could not be imported.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LineError {
    pub line: u64,
    pub message: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    pub lines: u64,
    pub inserted: usize,
    pub duplicates: usize,
    pub error_count: u64,
    pub errors: Vec<LineError>,
}

/// Turns lines into state changes, remembering each entity's previous state (its `old_state`).
pub struct Importer {
    db: Db,
    previous: HashMap<String, Option<String>>,
    batch: Vec<StateChange>,
    pub report: ImportReport,
}

impl Importer {
    pub fn new(db: Db) -> Self {
        Self {
            db,
            previous: HashMap::new(),
            batch: Vec::with_capacity(IMPORT_BATCH),
            report: ImportReport::default(),
        }
    }

    fn fail(&mut self, line: u64, message: String) {
        self.report.error_count += 1;
        if self.report.errors.len() < MAX_LISTED_ERRORS {
            self.report.errors.push(LineError { line, message });
        }
    }

    /// Reads one line: a state object, nothing (blank line), or why it is not one.
    fn parse(raw: &[u8]) -> Result<Option<(EntityId, StateObject)>, String> {
        if raw.len() > MAX_LINE {
            return Err(format!("longer than {MAX_LINE} bytes"));
        }
        let text = std::str::from_utf8(raw)
            .map_err(|_| "not UTF-8".to_owned())?
            .trim();
        if text.is_empty() {
            return Ok(None);
        }
        let object: StateObject = serde_json::from_str(text)
            .map_err(|e| format!("not a Home Assistant state object: {e}"))?;
        let entity_id = EntityId::parse(&object.entity_id).map_err(|e| e.to_string())?;
        Ok(Some((entity_id, object)))
    }

    /// Takes one line (without its newline); writes a batch when one is full.
    pub async fn line(&mut self, raw: &[u8]) -> Result<(), DbError> {
        self.report.lines += 1;
        let (entity_id, object) = match Self::parse(raw) {
            Ok(Some(parsed)) => parsed,
            Ok(None) => return Ok(()),
            Err(message) => {
                self.fail(self.report.lines, message);
                return Ok(());
            }
        };
        let key = entity_id.as_str().to_owned();
        if !self.previous.contains_key(&key) {
            let before = to_micros(object.last_updated);
            let ids = vec![key.clone()];
            let stored = self
                .db
                .run(move |c| repo::events::last_states(c, &ids, before))
                .await?;
            self.previous
                .insert(key.clone(), stored.get(&key).cloned().flatten());
        }
        let old_state = self.previous.get(&key).cloned().flatten();
        let attributes_only = old_state.as_deref() == Some(object.state.as_str());
        let (context_id, user_id, parent_id) = match object.context {
            Some(c) => (c.id, c.user_id, c.parent_id),
            None => (
                format!("import-{}", to_micros(object.last_updated)),
                None,
                None,
            ),
        };
        let cause = EventCause::from_context(user_id.as_deref(), parent_id.as_deref());
        self.previous.insert(key, Some(object.state.clone()));
        self.batch.push(StateChange {
            entity_id,
            old_state,
            new_state: Some(object.state),
            attributes_only,
            attributes: serde_json::Value::Object(object.attributes),
            cause,
            context_id,
            user_id,
            parent_id,
            time_fired: object.last_updated,
        });
        if self.batch.len() >= IMPORT_BATCH {
            self.flush().await?;
        }
        Ok(())
    }

    /// Writes what is pending.
    pub async fn flush(&mut self) -> Result<(), DbError> {
        let batch = std::mem::take(&mut self.batch);
        let written: InsertReport = write_batch(&self.db, batch, EventSource::Import, None).await?;
        self.report.inserted += written.inserted;
        self.report.duplicates += written.duplicates;
        Ok(())
    }

    /// Flushes and returns the report.
    pub async fn finish(mut self) -> Result<ImportReport, DbError> {
        self.flush().await?;
        Ok(self.report)
    }
}

/// Splits a byte stream into lines, holding at most one partial line between chunks.
#[derive(Default)]
pub struct LineSplitter {
    pending: Vec<u8>,
}

impl LineSplitter {
    /// Feeds a chunk and returns its complete lines. A line longer than [`MAX_LINE`] is cut at
    /// `MAX_LINE + 1` bytes (the rest dropped) so the importer reports it without holding it.
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<Vec<u8>> {
        let mut lines = Vec::new();
        for &byte in chunk {
            if byte == b'\n' {
                lines.push(std::mem::take(&mut self.pending));
            } else if self.pending.len() <= MAX_LINE {
                self.pending.push(byte);
            }
        }
        lines
    }

    /// The last line, if the stream did not end with a newline.
    pub fn rest(self) -> Option<Vec<u8>> {
        (!self.pending.is_empty()).then_some(self.pending)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_survive_any_chunking() {
        let text = b"a\nbb\n\nccc";
        for size in 1..text.len() {
            let mut splitter = LineSplitter::default();
            let mut lines = Vec::new();
            for chunk in text.chunks(size) {
                lines.extend(splitter.feed(chunk));
            }
            lines.extend(splitter.rest());
            assert_eq!(
                lines,
                vec![b"a".to_vec(), b"bb".to_vec(), b"".to_vec(), b"ccc".to_vec()]
            );
        }
    }

    #[test]
    fn an_overlong_line_is_cut_not_kept() {
        let mut splitter = LineSplitter::default();
        let lines = splitter.feed(&vec![b'x'; MAX_LINE * 2]);
        assert!(lines.is_empty());
        let rest = splitter.rest().unwrap();
        assert_eq!(rest.len(), MAX_LINE + 1);
    }
}
