-- Suggestions with their lifecycle history and feedback; automations deployed to HA and versions.

CREATE TABLE suggestions (
    id               INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    source           TEXT NOT NULL CHECK (source IN ('pattern', 'synergy', 'ask_ai', 'manual')),
    pattern_id       INTEGER REFERENCES patterns (id) ON DELETE SET NULL,
    synergy_id       INTEGER REFERENCES synergies (id) ON DELETE SET NULL,
    title            TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description      TEXT NOT NULL,
    automation_json  TEXT NOT NULL CHECK (json_valid(automation_json)),
    evidence         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(evidence)),
    confidence       DOUBLE NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    rank_score       DOUBLE NOT NULL DEFAULT 0,
    rank_reason      TEXT NOT NULL DEFAULT '',
    -- what the automation triggers on and does, normalised: two suggestions with the same
    -- fingerprint are duplicates whatever their text
    fingerprint      TEXT NOT NULL UNIQUE,
    status           TEXT NOT NULL DEFAULT 'draft'
                         CHECK (status IN ('draft', 'approved', 'rejected', 'deployed', 'rolled_back')),
    rejection_reason TEXT,
    created_at       TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at       TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX suggestions_status_rank ON suggestions (status, rank_score);

CREATE TABLE suggestion_status_history (
    id             INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    suggestion_id  INTEGER NOT NULL REFERENCES suggestions (id) ON DELETE CASCADE,
    from_status    TEXT,
    to_status      TEXT NOT NULL
                       CHECK (to_status IN ('draft', 'approved', 'rejected', 'deployed', 'rolled_back')),
    reason         TEXT,
    changed_at     TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX suggestion_status_history_suggestion ON suggestion_status_history (suggestion_id, changed_at);

CREATE TABLE suggestion_feedback (
    id             INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    suggestion_id  INTEGER NOT NULL REFERENCES suggestions (id) ON DELETE CASCADE,
    action         TEXT NOT NULL CHECK (action IN ('approve', 'reject', 'modify', 'deploy', 'rollback')),
    pattern_kind   TEXT,
    domain         TEXT,
    feedback_text  TEXT,
    created_at     TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX suggestion_feedback_kind ON suggestion_feedback (pattern_kind, action);
CREATE INDEX suggestion_feedback_domain ON suggestion_feedback (domain, action);

CREATE TABLE deployed_automations (
    id               INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    -- the id in HA's config API; always carries homeai's prefix so we only touch our own
    ha_config_id     TEXT NOT NULL UNIQUE CHECK (ha_config_id LIKE 'homeai_%'),
    suggestion_id    INTEGER REFERENCES suggestions (id) ON DELETE SET NULL,
    entity_id        TEXT,
    alias            TEXT NOT NULL,
    state            TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'disabled', 'deleted')),
    current_version  INTEGER NOT NULL DEFAULT 1,
    deployed_at      TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at       TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX deployed_automations_suggestion ON deployed_automations (suggestion_id);

CREATE TABLE automation_versions (
    id               INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    automation_id    INTEGER NOT NULL REFERENCES deployed_automations (id) ON DELETE CASCADE,
    version          INTEGER NOT NULL CHECK (version >= 1),
    automation_json  TEXT NOT NULL CHECK (json_valid(automation_json)),
    automation_yaml  TEXT NOT NULL,
    ha_version       TEXT NOT NULL,
    safety_score     INTEGER CHECK (safety_score BETWEEN 0 AND 100),
    reason           TEXT NOT NULL CHECK (reason IN ('deploy', 'update', 'rollback')),
    created_at       TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (automation_id, version)
);
