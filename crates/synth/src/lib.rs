//! Synthetic homes for tests, benchmarks, training data and the demo.
//!
//! A [`HomeSpec`] (seed, dates, time zone, location, size) gives, deterministically:
//! * a [`Layout`]: areas, devices and entities of the usual domains;
//! * months of `state_changed` events, day by day ([`generate_days`]) or all at once
//!   ([`generate`]), with **planted habits** of every kind the pattern service detects, and
//!   noise: random manual actions, sensor chatter, automation-caused changes (never habits),
//!   holidays, the DST change of the chosen time zone;
//! * the ground truth ([`planted`]): what was planted, to score detectors against;
//! * households of a known type ([`household`]: family, single, shift worker, often away),
//!   with planted bursts of activity, for the home-type classifier and the usage forecaster.
//!
//! * [`dataset`]: a whole data set (homes, events, habits, tagged requests) as one JSON
//!   document, made by the training service's `synthetic` jobs and read by the others.
//!
//! Same spec, same output, on every machine (ChaCha8 seeded from `seed`).

mod clock;
pub mod dataset;
mod household;
mod layout;
mod sim;
mod spec;
mod truth;

pub use household::{HouseholdSpec, HouseholdType, household};
pub use layout::{Layout, layout};
pub use sim::generate_days;
pub use spec::HomeSpec;
pub use truth::{PlantedHabit, planted};

use homeai_domain::event::StateChange;

/// A whole synthetic home in memory (for small homes; use [`generate_days`] for large ones).
#[derive(Debug, Clone)]
pub struct SyntheticHome {
    pub layout: Layout,
    pub events: Vec<StateChange>,
    pub truth: Vec<PlantedHabit>,
}

/// Generates the whole home described by `spec`.
pub fn generate(spec: &HomeSpec) -> SyntheticHome {
    let mut events = Vec::new();
    generate_days(spec, |day| events.extend(day));
    SyntheticHome {
        layout: layout(spec),
        events,
        truth: planted(spec),
    }
}
