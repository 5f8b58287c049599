//! The usage forecaster: how many device changes a home will see in each local hour.
//!
//! Seed 001's pipeline: features from the event history (local hour, weekend, the same hour a
//! day and a week before, the last day's mean) → a time split per home (the last share of
//! hours held out) and standardisation → a linear model ([`crate::linear`]) → MAE / RMSE /
//! MAPE on the held-out hours → registered. The pattern service flags hours whose activity is
//! far from the forecast ([`ForecastModel::anomalies`]).

use std::time::Instant;

use chrono::{DateTime, Datelike, Timelike, Utc, Weekday};
use chrono_tz::Tz;
use homeai_synth::{HouseholdSpec, HouseholdType, household};
use serde::{Deserialize, Serialize};

use crate::config_check::{self, require};
use crate::linear::{Data, Fit, FitOutcome, Head, LinearModel, fit};
use crate::rhythm::hourly_counts;
use crate::{MlError, Progress};

pub const FORMAT: &str = "homeai-forecast/1";
/// Hours of history a forecast needs (a week).
pub const HISTORY_HOURS: usize = 168;

/// How to train; a job's `config` may give any field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ForecastConfig {
    pub epochs: u32,
    pub learning_rate: f64,
    /// Synthetic homes (of every household type, in turn) and the days each lives.
    pub homes: u32,
    pub days: u32,
    pub seed: u64,
    pub patience: u32,
    /// The last share of each home's hours is held out.
    pub validation_share: f64,
}

impl Default for ForecastConfig {
    fn default() -> Self {
        Self {
            epochs: 60,
            learning_rate: 0.01,
            homes: 12,
            days: 21,
            seed: 5,
            patience: 8,
            validation_share: 0.25,
        }
    }
}

impl ForecastConfig {
    pub fn from_json(config: &serde_json::Value) -> Result<Self, MlError> {
        let c: Self = config_check::read(config)?;
        require((1..=10_000).contains(&c.epochs), "epochs must be 1..=10000")?;
        config_check::learning_rate(c.learning_rate)?;
        require((1..=2_000).contains(&c.homes), "homes must be 1..=2000")?;
        require(
            (10..=400).contains(&c.days),
            "days must be 10..=400 (a week of history, then hours to learn)",
        )?;
        config_check::validation_share(c.validation_share)?;
        Ok(c)
    }
}

/// The features of hour `t` of a series of hourly counts (`t >= HISTORY_HOURS`).
fn features(series: &[(DateTime<Tz>, f32)], t: usize) -> Vec<f32> {
    let (at, _) = series[t];
    let mut f = vec![0.0f32; 24];
    f[at.hour() as usize] = 1.0;
    f.push(f32::from(u8::from(matches!(
        at.weekday(),
        Weekday::Sat | Weekday::Sun
    ))));
    f.push(series[t - 24].1);
    f.push(series[t - HISTORY_HOURS].1);
    f.push(series[t - 24..t].iter().map(|(_, n)| n).sum::<f32>() / 24.0);
    // the same hour on each of the last seven days
    f.push((1..=7).map(|d| series[t - 24 * d].1).sum::<f32>() / 7.0);
    f
}

/// A trained forecaster.
#[derive(Debug, Clone)]
pub struct ForecastModel {
    model: LinearModel,
    /// Held-out RMSE: how far an hour may be from its forecast before it is unusual.
    pub rmse: f64,
}

/// An hour far from its forecast.
#[derive(Debug, Clone, Serialize)]
pub struct Anomaly {
    pub hour_start: DateTime<Utc>,
    pub actual: f64,
    pub forecast: f64,
    /// (actual − forecast) / RMSE
    pub deviation: f64,
    pub direction: &'static str,
}

impl ForecastModel {
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, MlError> {
        let a = crate::artefact::Artefact::from_bytes(bytes)?;
        let rmse = a
            .meta("rmse")?
            .parse::<f64>()
            .map_err(|_| MlError::Artefact("rmse is not a number".into()))?;
        Ok(Self {
            model: LinearModel::from_artefact(&a, FORMAT)?,
            rmse,
        })
    }

    /// Forecast and actual of every hour after the first week: `(hour, actual, forecast)`.
    pub fn backcast(
        &self,
        events: &[(&str, DateTime<Utc>)],
        tz: Tz,
    ) -> Result<Vec<(DateTime<Utc>, f64, f64)>, MlError> {
        let series = hourly_counts(events, tz);
        if series.len() <= HISTORY_HOURS {
            return Ok(Vec::new());
        }
        let x: Vec<Vec<f32>> = (HISTORY_HOURS..series.len())
            .map(|t| features(&series, t))
            .collect();
        let p = self.model.predict(&x)?;
        Ok((HISTORY_HOURS..series.len())
            .zip(p)
            .map(|(t, p)| {
                (
                    series[t].0.with_timezone(&Utc),
                    f64::from(series[t].1),
                    f64::from(p.first().copied().unwrap_or(0.0)).max(0.0),
                )
            })
            .collect())
    }

    /// Hours at least `sigmas` RMSEs (and 5 changes) away from their forecast.
    pub fn anomalies(
        &self,
        events: &[(&str, DateTime<Utc>)],
        tz: Tz,
        sigmas: f64,
    ) -> Result<Vec<Anomaly>, MlError> {
        Ok(self
            .backcast(events, tz)?
            .into_iter()
            .filter_map(|(hour_start, actual, forecast)| {
                let d = actual - forecast;
                (d.abs() >= (sigmas * self.rmse).max(5.0)).then(|| Anomaly {
                    hour_start,
                    actual,
                    forecast: (forecast * 100.0).round() / 100.0,
                    deviation: (d / self.rmse.max(1e-6) * 100.0).round() / 100.0,
                    direction: if d > 0.0 { "above" } else { "below" },
                })
            })
            .collect())
    }
}

/// A finished run.
#[derive(Debug)]
pub struct Trained {
    pub model: Vec<u8>,
    pub metrics: serde_json::Value,
}

/// MAE, RMSE and MAPE (over hours with activity) of a model on `d`.
fn evaluate(m: &LinearModel, d: &Data) -> Result<(f64, f64, f64), MlError> {
    let p = m.predict(&d.x)?;
    let (mut abs, mut sq, mut pct, mut n_pct) = (0.0, 0.0, 0.0, 0usize);
    for (row, y) in p.iter().zip(&d.y) {
        let pred = f64::from(row.first().copied().unwrap_or(0.0)).max(0.0);
        let e = pred - f64::from(*y);
        abs += e.abs();
        sq += e * e;
        if *y > 0.0 {
            pct += e.abs() / f64::from(*y);
            n_pct += 1;
        }
    }
    let n = d.y.len().max(1) as f64;
    Ok((abs / n, (sq / n).sqrt(), pct / n_pct.max(1) as f64))
}

/// One home's history: the entities that changed and when, in its time zone.
#[derive(Debug, Clone)]
pub struct History {
    pub events: Vec<(String, DateTime<Utc>)>,
    pub time_zone: Tz,
}

/// Trains the forecaster on `config.homes` synthetic households (of every type, in turn).
/// `None`: told to stop (runs keep no optimiser state; a resumed run starts again).
pub fn train(
    config: &ForecastConfig,
    progress: &mut dyn Progress,
) -> Result<Option<Trained>, MlError> {
    let homes = (0..config.homes).map(|i| {
        let t = HouseholdType::ALL[i as usize % 4];
        let spec = HouseholdSpec::new(
            config.seed.wrapping_mul(7_919) + u64::from(i),
            t,
            config.days,
        );
        History {
            events: household(&spec)
                .into_iter()
                .map(|e| (e.entity_id.as_str().to_owned(), e.time_fired))
                .collect(),
            time_zone: spec.time_zone,
        }
    });
    train_on(config, config.homes, homes, progress)
}

/// Trains the forecaster on a synthetic data set's homes (`config.homes`, `days` and `seed`
/// are not used).
pub fn train_on_dataset(
    config: &ForecastConfig,
    dataset: homeai_synth::dataset::Dataset,
    progress: &mut dyn Progress,
) -> Result<Option<Trained>, MlError> {
    let homes = dataset.homes.len() as u32;
    let histories = dataset.homes.into_iter().map(|h| History {
        events: h
            .events
            .into_iter()
            .map(|e| (e.entity_id, e.time_fired))
            .collect(),
        time_zone: h.time_zone.parse().unwrap_or(Tz::UTC),
    });
    train_on(config, homes, histories, progress)
}

/// Trains the forecaster on the histories given (a synthetic data set's homes, say): `homes`
/// of them, made as they are needed. `config.homes`, `days` and `seed` are not used.
pub fn train_on(
    config: &ForecastConfig,
    homes: u32,
    histories: impl Iterator<Item = History>,
    progress: &mut dyn Progress,
) -> Result<Option<Trained>, MlError> {
    let started = Instant::now();
    let (mut train_set, mut validation) = (Data::default(), Data::default());
    for (i, history) in (0u32..).zip(histories) {
        let keys: Vec<(&str, DateTime<Utc>)> = history
            .events
            .iter()
            .map(|(e, t)| (e.as_str(), *t))
            .collect();
        let series = hourly_counts(&keys, history.time_zone);
        let usable = series.len().saturating_sub(HISTORY_HOURS);
        let cut = series.len() - (usable as f64 * config.validation_share).round() as usize;
        for t in HISTORY_HOURS..series.len() {
            let set = if t < cut {
                &mut train_set
            } else {
                &mut validation
            };
            set.x.push(features(&series, t));
            set.y.push(series[t].1);
        }
        if progress.preparing(i + 1, homes) == crate::Flow::Stop {
            return Ok(None);
        }
    }
    if train_set.x.is_empty() || validation.x.is_empty() {
        return Err(MlError::Config(
            "no hours to learn from: the forecaster needs more than a week of history per home"
                .into(),
        ));
    }
    progress.log(&format!(
        "{} training and {} held-out hours from {} homes",
        train_set.x.len(),
        validation.x.len(),
        homes
    ));
    let how = Fit {
        epochs: config.epochs,
        steps_per_epoch: 20,
        learning_rate: config.learning_rate,
        weight_decay: 1e-4,
        patience: config.patience,
    };
    let val = validation.clone();
    let score = move |m: &LinearModel| -> Result<Vec<(String, f64)>, MlError> {
        let (mae, rmse, mape) = evaluate(m, &val)?;
        Ok(vec![
            ("validation.mae".to_owned(), mae),
            ("validation.rmse".to_owned(), rmse),
            ("validation.mape".to_owned(), mape),
        ])
    };
    let FitOutcome::Finished {
        model,
        best_epoch,
        epochs_run,
        early_stopped,
    } = fit(
        Head::Regression,
        &how,
        &train_set,
        &validation,
        progress,
        &score,
    )?
    else {
        return Ok(None);
    };
    let (mae, rmse, mape) = evaluate(&model, &validation)?;
    // the baseline a forecaster must beat: the same hour yesterday
    let (naive_mae, naive_rmse) = {
        let (mut abs, mut sq, n) = (0.0, 0.0, validation.y.len().max(1) as f64);
        for (x, y) in validation.x.iter().zip(&validation.y) {
            let e = f64::from(x[25] - y);
            abs += e.abs();
            sq += e * e;
        }
        (abs / n, (sq / n).sqrt())
    };
    let metrics = serde_json::json!({
        "mae": mae,
        "rmse": rmse,
        "mape": mape,
        "mape_note": "over held-out hours with any activity",
        "baseline_mae_same_hour_yesterday": naive_mae,
        "baseline_rmse_same_hour_yesterday": naive_rmse,
        "best_epoch": best_epoch,
        "epochs_run": epochs_run,
        "early_stopped": early_stopped,
        "train_hours": train_set.x.len(),
        "validation_hours": validation.x.len(),
        "training_seconds": started.elapsed().as_secs_f64(),
    });
    let mut artefact = model.to_artefact(FORMAT)?;
    artefact.metadata.insert("rmse".into(), rmse.to_string());
    artefact
        .metadata
        .insert("metrics".into(), metrics.to_string());
    artefact
        .metadata
        .insert("config".into(), serde_json::to_string(config)?);
    Ok(Some(Trained {
        model: artefact.to_bytes()?,
        metrics,
    }))
}
