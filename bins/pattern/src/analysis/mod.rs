//! The analysis: read the recent history, run every detector, store what they find, say so on
//! MQTT. Never two at once.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use chrono_tz::Tz;
use homeai_bus::MqttBus;
use homeai_db::repo::analysis_runs::RunOutcome;
use homeai_db::repo::patterns::PatternUpsert;
use homeai_db::repo::synergies::SynergyUpsert;
use homeai_db::{Db, DbError, repo};
use homeai_domain::pattern::AnalysisRun;
use homeai_ha::HaClient;
use homeai_ml::home_type::HomeTypeModel;
use homeai_patterns::{
    DetectedPattern, DetectorSettings, HomeContext, Observations, Synergy, detect_all, synergies,
};
use homeai_web::active_model::{ActiveModel, Loaded};
use homeai_web::settings::AnalysisSettings;
use serde_json::json;
use tokio::sync::Mutex;

pub mod schedule;

/// The MQTT topic a finished analysis is announced on.
pub const COMPLETE_TOPIC: &str = "homeai/pattern/analysis/complete";

/// Why an analysis did not run or failed.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    #[error("an analysis is already running")]
    AlreadyRunning,
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("the detectors stopped: {0}")]
    Detectors(String),
}

/// Runs analyses; cheap to clone, clones share the one-at-a-time guard.
#[derive(Clone)]
pub struct Analyzer {
    db: Db,
    mqtt: Option<MqttBus>,
    ha: Option<HaClient>,
    settings: AnalysisSettings,
    detectors: DetectorSettings,
    guard: Arc<Mutex<()>>,
    /// The other services, to ask the automation service for suggestions after a run.
    peers: Option<homeai_bus::Peers>,
    /// What the running analysis is doing now (`None` when idle).
    phase: Arc<std::sync::RwLock<Option<&'static str>>>,
    /// The trained synergy model, when one is active.
    scorer: Option<crate::synergy_model::SynergyScorer>,
    /// The home-type classifier, when one is active: its class sets the detectors' defaults.
    home_type: Option<ActiveModel<HomeTypeModel>>,
    /// The home type the last run's thresholds were set by (`None`: the defaults).
    last_home_type: Arc<std::sync::RwLock<Option<String>>>,
}

impl Analyzer {
    pub fn new(
        db: Db,
        mqtt: Option<MqttBus>,
        ha: Option<HaClient>,
        settings: AnalysisSettings,
    ) -> Self {
        Self {
            db,
            mqtt,
            ha,
            settings,
            detectors: DetectorSettings::default(),
            guard: Arc::default(),
            phase: Arc::default(),
            peers: None,
            scorer: None,
            home_type: None,
            last_home_type: Arc::default(),
        }
    }

    /// Set the detectors' defaults from the home's type (when a classifier is active).
    pub fn with_home_type(mut self, model: ActiveModel<HomeTypeModel>) -> Self {
        self.home_type = Some(model);
        self
    }

    /// The home type that set the last run's detector thresholds (`None`: the defaults).
    pub fn last_home_type(&self) -> Option<String> {
        self.last_home_type.read().ok().and_then(|c| c.clone())
    }

    fn note_home_type(&self, class: Option<String>) {
        if let Ok(mut c) = self.last_home_type.write() {
            *c = class;
        }
    }

    /// The detectors' thresholds for this run: by the home's type when a classifier is active
    /// and the window has events, else the defaults (with the type that set them). Blocking.
    fn detectors_for(
        defaults: &DetectorSettings,
        classifier: Option<&Loaded<HomeTypeModel>>,
        observations: &Observations,
        time_zone: Tz,
    ) -> (DetectorSettings, Option<String>) {
        let Some(loaded) = classifier else {
            return (defaults.clone(), None);
        };
        match crate::home_models::classify_keys(loaded, &observations.keys(), time_zone) {
            Ok(Some((_, p))) => {
                tracing::info!(home_type = %p.class, "detector thresholds set by the home's type");
                (
                    crate::home_models::detector_defaults(Some(&p.class)),
                    Some(p.class),
                )
            }
            Ok(None) => (defaults.clone(), None),
            Err(e) => {
                tracing::warn!(error = %e, "could not classify the home");
                (defaults.clone(), None)
            }
        }
    }

    /// Weigh synergies with the active trained synergy model (when there is one).
    pub fn with_scorer(mut self, scorer: crate::synergy_model::SynergyScorer) -> Self {
        self.scorer = Some(scorer);
        self
    }

    /// After each successful run, ask the automation service to turn new habits into suggestions.
    pub fn with_suggestions(mut self, peers: homeai_bus::Peers) -> Self {
        self.peers = Some(peers);
        self
    }

    /// The step the running analysis is at: reading events, detecting, storing.
    pub fn phase(&self) -> Option<&'static str> {
        self.phase.read().ok().and_then(|p| *p)
    }

    fn set_phase(&self, phase: Option<&'static str>) {
        if let Ok(mut p) = self.phase.write() {
            *p = phase;
        }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The home's time zone: Home Assistant's when connected, else the settings'.
    pub async fn time_zone(&self) -> Tz {
        let configured = self.settings.time_zone.parse().unwrap_or(chrono_tz::UTC);
        match &self.ha {
            Some(ha) => match ha.config().await {
                Ok(config) => config.time_zone.parse().unwrap_or(configured),
                Err(_) => configured,
            },
            None => configured,
        }
    }

    pub fn is_running(&self) -> bool {
        self.guard.try_lock().is_err()
    }

    /// Runs one analysis now (`trigger`: scheduled, manual or startup).
    pub async fn run(&self, trigger: &'static str) -> Result<AnalysisRun, AnalysisError> {
        let _running = self
            .guard
            .try_lock()
            .map_err(|_| AnalysisError::AlreadyRunning)?;
        let started = Instant::now();
        let id = self
            .db
            .write(move |c| repo::analysis_runs::start(c, trigger))
            .await?;
        let outcome = match self.analyse().await {
            Ok((events, patterns, synergies)) => RunOutcome {
                ok: true,
                events_analysed: events as i64,
                patterns_detected: patterns as i64,
                synergies_detected: synergies as i64,
                errors: Vec::new(),
                duration_ms: started.elapsed().as_millis() as i64,
            },
            Err(e) => {
                tracing::error!(error = %e, "analysis failed");
                RunOutcome {
                    ok: false,
                    errors: vec![e.to_string()],
                    duration_ms: started.elapsed().as_millis() as i64,
                    ..RunOutcome::default()
                }
            }
        };
        let finished = outcome.clone();
        self.db
            .write(move |c| repo::analysis_runs::finish(c, id, &finished))
            .await?;
        let run = self
            .db
            .run(|c| repo::analysis_runs::recent(c, 1))
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| AnalysisError::Detectors("the run record vanished".into()))?;
        self.announce(&run).await;
        if run.status == "completed" {
            self.request_suggestions().await;
        }
        tracing::info!(
            run = run.id,
            events = run.events_analysed,
            patterns = run.patterns_detected,
            ms = run.duration_ms,
            status = %run.status,
            "analysis finished"
        );
        Ok(run)
    }

    async fn analyse(&self) -> Result<(usize, usize, usize), AnalysisError> {
        let result = self.analyse_steps().await;
        self.set_phase(None);
        result
    }

    async fn analyse_steps(&self) -> Result<(usize, usize, usize), AnalysisError> {
        self.set_phase(Some("reading events"));
        let home = self.home().await?;
        let window_us = i64::from(self.settings.window_days) * 86_400 * 1_000_000;
        let observations = self
            .db
            .run(move |c| {
                let mut o = Observations::default();
                if let Some(newest) = repo::events::newest_us(c)? {
                    repo::events::for_each_in_window(c, newest - window_us, newest + 1, |e| {
                        o.push(e)
                    })?;
                }
                Ok(o)
            })
            .await?;
        let count = observations.len();
        self.set_phase(Some("detecting"));
        let model = self.scorer.as_ref().and_then(|s| s.current());
        let classifier = self.home_type.as_ref().and_then(ActiveModel::current);
        let defaults = self.detectors.clone();
        let (found, pairs, home_type) = tokio::task::spawn_blocking(move || {
            // the home's type, from the window just read, sets the thresholds
            let (detectors, home_type) = Self::detectors_for(
                &defaults,
                classifier.as_deref(),
                &observations,
                home.time_zone,
            );
            let found: Vec<DetectedPattern> = detect_all(&observations, &home, &detectors);
            let mut pairs = synergies(&found, &home);
            if let Some(model) = model {
                crate::synergy_model::rescore(&model, &mut pairs, &observations, &home);
            }
            (found, pairs, home_type)
        })
        .await
        .map_err(|e| AnalysisError::Detectors(e.to_string()))?;
        self.note_home_type(home_type);
        let upserts: Vec<PatternUpsert> = found.into_iter().map(to_upsert).collect();
        let pairs: Vec<SynergyUpsert> = pairs.into_iter().map(to_synergy).collect();
        let (stored, paired) = (upserts.len(), pairs.len());
        self.set_phase(Some("storing"));
        self.db
            .write(move |c| {
                repo::patterns::replace_detected(c, &upserts)?;
                repo::synergies::upsert_all(c, &pairs)
            })
            .await?;
        Ok((count, stored, paired))
    }

    /// Time zone and location from Home Assistant when connected, else from the settings; the
    /// areas from the synced registry.
    async fn home(&self) -> Result<HomeContext, AnalysisError> {
        let mut time_zone: Tz = self.settings.time_zone.parse().unwrap_or(chrono_tz::UTC);
        let (mut latitude, mut longitude) = (self.settings.latitude, self.settings.longitude);
        if let Some(ha) = &self.ha {
            match ha.config().await {
                Ok(config) => {
                    time_zone = config.time_zone.parse().unwrap_or(time_zone);
                    latitude = config.latitude;
                    longitude = config.longitude;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "Home Assistant's location unavailable: using the settings")
                }
            }
        }
        let entities = self
            .db
            .run(|c| repo::registry::entities(c, None, None))
            .await?;
        let mut areas = HashMap::new();
        let mut device_classes = HashMap::new();
        for e in entities {
            let id = e.entity_id.as_str().to_owned();
            if let Some(area) = e.area_id {
                areas.insert(id.clone(), area);
            }
            if let Some(class) = e.device_class {
                device_classes.insert(id, class);
            }
        }
        Ok(HomeContext {
            time_zone,
            latitude,
            longitude,
            areas,
            device_classes,
        })
    }

    async fn request_suggestions(&self) {
        let Some(automation) = self
            .peers
            .as_ref()
            .and_then(|p| p.get(homeai_domain::ServiceName::Automation))
        else {
            return;
        };
        match automation
            .post_json::<_, serde_json::Value>("/api/suggestions/generate", &json!({}))
            .await
        {
            Ok(answer) => {
                tracing::info!(created = %answer["count"], "suggestions requested from the automation service")
            }
            Err(e) => {
                tracing::warn!(error = %e, "the automation service could not make suggestions now")
            }
        }
    }

    async fn announce(&self, run: &AnalysisRun) {
        let Some(bus) = &self.mqtt else { return };
        let message = json!({
            "service": "pattern",
            "run_id": run.id,
            "status": run.status,
            "events_analysed": run.events_analysed,
            "patterns_detected": run.patterns_detected,
            "synergies_detected": run.synergies_detected,
            "duration_ms": run.duration_ms,
            "errors": run.errors,
            "finished_at": run.finished_at,
        });
        if let Err(e) = bus
            .publish(COMPLETE_TOPIC, message.to_string(), false)
            .await
        {
            tracing::warn!(error = %e, "could not announce the analysis");
        }
    }
}

fn to_upsert(p: DetectedPattern) -> PatternUpsert {
    PatternUpsert {
        kind: p.kind,
        key: p.key,
        entities: p.entities,
        params: p.params,
        support: i64::from(p.support),
        days_seen: i64::from(p.days_seen),
        days_observed: i64::from(p.days_observed),
        time_spread_min: p.time_spread_min,
        confidence: p.confidence,
        season: p.season,
        evidence: p.evidence,
        description: p.description,
        first_seen: p.first_seen,
        last_seen: p.last_seen,
    }
}

fn to_synergy(s: Synergy) -> SynergyUpsert {
    SynergyUpsert {
        kind: s.kind,
        key: s.key,
        trigger_entity: s.trigger_entity,
        action_entity: s.action_entity,
        area_id: s.area_id,
        relationship: s.relationship.to_owned(),
        support: i64::from(s.support),
        lift: s.lift,
        confidence: s.confidence,
        impact_score: s.impact_score,
        explanation: s.explanation,
        evidence: s.evidence,
        supporting_patterns: s.supporting_patterns,
    }
}
