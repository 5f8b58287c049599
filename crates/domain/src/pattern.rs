//! Kinds of habits and synergies the pattern service reports.

use crate::text_enum;

text_enum! {
    /// What kind of habit a pattern describes.
    pub enum PatternKind {
        TimeOfDay => "time_of_day",
        CoOccurrence => "co_occurrence",
        Sequence => "sequence",
        SunRelative => "sun_relative",
        Duration => "duration",
        StateConditioned => "state_conditioned",
        Seasonal => "seasonal",
    }
}

text_enum! {
    /// What kind of opportunity a synergy is.
    pub enum SynergyKind {
        DevicePair => "device_pair",
        DeviceChain => "device_chain",
        SceneBased => "scene_based",
        ScheduleBased => "schedule_based",
        ContextBased => "context_based",
    }
}
