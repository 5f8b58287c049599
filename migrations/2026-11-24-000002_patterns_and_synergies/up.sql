-- Habits and synergies found by the pattern service, their history, feedback and analysis runs.

CREATE TABLE patterns (
    id               INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('time_of_day', 'co_occurrence', 'sequence',
                         'sun_relative', 'duration', 'state_conditioned', 'seasonal')),
    -- a stable identity for the habit within its kind (entities + action + day type …): re-detection
    -- updates the same row
    pattern_key      TEXT NOT NULL,
    entities         TEXT NOT NULL CHECK (json_valid(entities)),
    params           TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params)),
    support          INTEGER NOT NULL CHECK (support >= 0),
    days_seen        INTEGER NOT NULL CHECK (days_seen >= 0),
    days_observed    INTEGER NOT NULL CHECK (days_observed >= days_seen),
    time_spread_min  DOUBLE,
    confidence       DOUBLE NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    season           TEXT,
    evidence         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(evidence)),
    description      TEXT NOT NULL DEFAULT '',
    first_seen       TIMESTAMP NOT NULL,
    last_seen        TIMESTAMP NOT NULL,
    active           BOOLEAN NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at       TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at       TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (kind, pattern_key)
);
CREATE INDEX patterns_active_confidence ON patterns (active, confidence);

CREATE TABLE pattern_history (
    id           INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    pattern_id   INTEGER NOT NULL REFERENCES patterns (id) ON DELETE CASCADE,
    confidence   DOUBLE NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    support      INTEGER NOT NULL,
    recorded_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX pattern_history_pattern ON pattern_history (pattern_id, recorded_at);

CREATE TABLE synergies (
    id                      INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    kind                    TEXT NOT NULL CHECK (kind IN ('device_pair', 'device_chain',
                                'scene_based', 'schedule_based', 'context_based')),
    synergy_key             TEXT NOT NULL UNIQUE,
    trigger_entity          TEXT NOT NULL,
    action_entity           TEXT NOT NULL,
    entities                TEXT NOT NULL CHECK (json_valid(entities)),
    area_id                 TEXT,
    relationship            TEXT NOT NULL,
    support                 INTEGER NOT NULL CHECK (support >= 0),
    lift                    DOUBLE,
    confidence              DOUBLE NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    impact_score            DOUBLE NOT NULL DEFAULT 0,
    explanation             TEXT NOT NULL DEFAULT '',
    evidence                TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(evidence)),
    supporting_pattern_ids  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(supporting_pattern_ids)),
    status                  TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'accepted', 'dismissed')),
    created_at              TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at              TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX synergies_status_confidence ON synergies (status, confidence);

CREATE TABLE synergy_feedback (
    id             INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    synergy_id     INTEGER NOT NULL REFERENCES synergies (id) ON DELETE CASCADE,
    accepted       BOOLEAN NOT NULL CHECK (accepted IN (0, 1)),
    rating         INTEGER CHECK (rating BETWEEN 1 AND 5),
    feedback_text  TEXT,
    created_at     TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX synergy_feedback_synergy ON synergy_feedback (synergy_id);

CREATE TABLE analysis_runs (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    trigger              TEXT NOT NULL CHECK (trigger IN ('scheduled', 'manual', 'startup')),
    status               TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
    events_analysed      INTEGER NOT NULL DEFAULT 0,
    patterns_detected    INTEGER NOT NULL DEFAULT 0,
    synergies_detected   INTEGER NOT NULL DEFAULT 0,
    errors               TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(errors)),
    duration_ms          BIGINT,
    started_at           TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    finished_at          TIMESTAMP
);
CREATE INDEX analysis_runs_started ON analysis_runs (started_at);

-- The household's settings (one row).
CREATE TABLE preferences (
    id               INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    max_suggestions  INTEGER NOT NULL CHECK (max_suggestions BETWEEN 1 AND 100),
    min_confidence   DOUBLE NOT NULL CHECK (min_confidence BETWEEN 0 AND 1),
    analysis_hour    INTEGER NOT NULL CHECK (analysis_hour BETWEEN 0 AND 23),
    updated_at       TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO preferences (id, max_suggestions, min_confidence, analysis_hour) VALUES (1, 10, 0.7, 3);
