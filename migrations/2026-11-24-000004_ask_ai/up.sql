-- Ask AI: conversations, queries, clarification sessions and people's own names for entities.

CREATE TABLE conversations (
    id               TEXT PRIMARY KEY NOT NULL,
    user_id          TEXT NOT NULL DEFAULT 'anonymous',
    -- the automation the conversation is editing, as the typed model's JSON
    automation_json  TEXT CHECK (automation_json IS NULL OR json_valid(automation_json)),
    created_at       TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at       TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE ask_queries (
    query_id            TEXT PRIMARY KEY NOT NULL,
    conversation_id     TEXT REFERENCES conversations (id) ON DELETE CASCADE,
    original_query      TEXT NOT NULL CHECK (length(original_query) BETWEEN 1 AND 2000),
    user_id             TEXT NOT NULL DEFAULT 'anonymous',
    parsed_intent       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(parsed_intent)),
    extracted_entities  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(extracted_entities)),
    automation_json     TEXT CHECK (automation_json IS NULL OR json_valid(automation_json)),
    confidence          DOUBLE CHECK (confidence BETWEEN 0 AND 1),
    engine              TEXT NOT NULL CHECK (engine IN ('rules', 'model', 'llm')),
    processing_time_ms  INTEGER NOT NULL DEFAULT 0,
    failure_reason      TEXT,
    created_at          TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX ask_queries_conversation ON ask_queries (conversation_id, created_at);
CREATE INDEX ask_queries_created ON ask_queries (created_at);

CREATE TABLE clarification_sessions (
    session_id        TEXT PRIMARY KEY NOT NULL,
    query_id          TEXT NOT NULL REFERENCES ask_queries (query_id) ON DELETE CASCADE,
    questions         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(questions)),
    answers           TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(answers)),
    status            TEXT NOT NULL DEFAULT 'in_progress'
                          CHECK (status IN ('in_progress', 'complete', 'abandoned')),
    rounds_completed  INTEGER NOT NULL DEFAULT 0,
    max_rounds        INTEGER NOT NULL DEFAULT 3 CHECK (max_rounds BETWEEN 1 AND 10),
    confidence        DOUBLE CHECK (confidence BETWEEN 0 AND 1),
    created_at        TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at        TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    completed_at      TIMESTAMP
);
CREATE INDEX clarification_sessions_query ON clarification_sessions (query_id);

CREATE TABLE entity_aliases (
    id          INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    alias       TEXT NOT NULL CHECK (length(alias) BETWEEN 1 AND 100),
    entity_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL DEFAULT 'anonymous',
    created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (user_id, alias)
);
CREATE INDEX entity_aliases_entity ON entity_aliases (entity_id);
