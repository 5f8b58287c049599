-- Training: the job queue, experiments with params and per-epoch metrics, logs, model artefacts.

CREATE TABLE training_jobs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    model_type      TEXT NOT NULL CHECK (model_type IN ('synergy', 'intent', 'home_type', 'forecast', 'synthetic')),
    status          TEXT NOT NULL DEFAULT 'queued'
                        CHECK (status IN ('queued', 'running', 'paused', 'completed', 'failed', 'cancelled')),
    priority        INTEGER NOT NULL DEFAULT 0 CHECK (priority BETWEEN -1 AND 2),
    execution_mode  TEXT NOT NULL DEFAULT 'local' CHECK (execution_mode IN ('local', 'remote', 'auto')),
    config          TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(config)),
    progress        DOUBLE NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
    current_epoch   INTEGER NOT NULL DEFAULT 0,
    total_epochs    INTEGER,
    retry_of        INTEGER REFERENCES training_jobs (id) ON DELETE SET NULL,
    worker_id       TEXT,
    error_message   TEXT,
    created_at      TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    started_at      TIMESTAMP,
    finished_at     TIMESTAMP,
    updated_at      TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
-- the queue: highest priority first, then oldest
CREATE INDEX training_jobs_queue ON training_jobs (status, priority DESC, created_at);
CREATE INDEX training_jobs_type ON training_jobs (model_type, created_at);

CREATE TABLE experiments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    job_id      INTEGER NOT NULL REFERENCES training_jobs (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    model_type  TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX experiments_job ON experiments (job_id);

CREATE TABLE experiment_params (
    id             INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    experiment_id  INTEGER NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    value          TEXT NOT NULL CHECK (json_valid(value)),
    UNIQUE (experiment_id, name)
);

CREATE TABLE experiment_metrics (
    id             INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    experiment_id  INTEGER NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
    epoch          INTEGER NOT NULL CHECK (epoch >= 0),
    split          TEXT NOT NULL CHECK (split IN ('train', 'validation', 'test')),
    name           TEXT NOT NULL,
    value          DOUBLE NOT NULL,
    recorded_at    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (experiment_id, epoch, split, name)
);

CREATE TABLE training_logs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    job_id      INTEGER NOT NULL REFERENCES training_jobs (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL CHECK (seq >= 0),
    level       TEXT NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
    message     TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (job_id, seq)
);

CREATE TABLE model_artefacts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    model_type    TEXT NOT NULL CHECK (model_type IN ('synergy', 'intent', 'home_type', 'forecast', 'synthetic')),
    version       INTEGER NOT NULL CHECK (version >= 1),
    job_id        INTEGER REFERENCES training_jobs (id) ON DELETE SET NULL,
    path          TEXT NOT NULL,
    sha256        TEXT NOT NULL CHECK (length(sha256) = 64),
    size_bytes    BIGINT NOT NULL CHECK (size_bytes >= 0),
    metrics       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metrics)),
    is_active     BOOLEAN NOT NULL DEFAULT 0 CHECK (is_active IN (0, 1)),
    created_at    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    activated_at  TIMESTAMP,
    UNIQUE (model_type, version)
);
-- at most one active version per model type
CREATE UNIQUE INDEX model_artefacts_one_active ON model_artefacts (model_type) WHERE is_active = 1;
