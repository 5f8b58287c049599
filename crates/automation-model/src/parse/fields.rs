//! [`Obj`]: reading the keys of one mapping, remembering which were used, so that the rest can
//! be reported as unknown (or kept, for opaque kinds).

use serde_json::{Map, Value};

use super::{Ctx, Path};
use crate::error::ProblemKind;
use crate::model::Fields;

/// One mapping being read.
pub(crate) struct Obj<'v> {
    map: &'v Map<String, Value>,
    pub(crate) path: Path,
    used: Vec<&'v str>,
}

impl<'v> Obj<'v> {
    pub(crate) fn new(map: &'v Map<String, Value>, path: Path) -> Self {
        Self {
            map,
            path,
            used: Vec::new(),
        }
    }

    pub(crate) fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// The value of `key` and its path, marking the key as used.
    pub(crate) fn take(&mut self, key: &str) -> Option<(&'v Value, Path)> {
        let (k, v) = self.map.get_key_value(key)?;
        self.used.push(k.as_str());
        Some((v, self.path.key(k)))
    }

    /// Mark a key as used without reading it (it was dropped on purpose).
    pub(crate) fn skip(&mut self, key: &str) {
        if let Some((k, _)) = self.map.get_key_value(key) {
            self.used.push(k.as_str());
        }
    }

    /// Like [`Obj::take`], but a missing key is a problem.
    pub(crate) fn require(
        &mut self,
        ctx: &mut Ctx,
        key: &str,
        what: &str,
    ) -> Option<(&'v Value, Path)> {
        let found = self.take(key);
        if found.is_none() {
            ctx.problem(
                &self.path,
                ProblemKind::Missing,
                format!("{what} needs `{key}`"),
            );
        }
        found
    }

    /// Keys not read so far, in document order.
    pub(crate) fn unused(&self) -> Vec<&'v str> {
        self.map
            .keys()
            .map(String::as_str)
            .filter(|k| !self.used.contains(k))
            .collect()
    }

    /// Report every key not read as unknown: `what` names the thing (`a state trigger`),
    /// `allowed` lists the keys it takes.
    pub(crate) fn finish(self, ctx: &mut Ctx, what: &str, allowed: &str) {
        for key in self.unused() {
            ctx.problem(
                &self.path.key(key),
                ProblemKind::UnknownKey,
                format!("{what} has no key `{key}`; it takes {allowed}"),
            );
        }
    }

    /// Every key not read so far, with its value, for kinds kept as written.
    pub(crate) fn rest(self) -> Fields {
        self.map
            .iter()
            .filter(|(k, _)| !self.used.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}
