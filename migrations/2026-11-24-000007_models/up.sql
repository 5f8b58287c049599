-- Experiments group runs (training jobs) to compare them side by side. (The `experiments` table
-- of 000005 is one job's params and metrics, MLflow's run; a group is MLflow's experiment.)
CREATE TABLE experiment_groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE experiment_group_runs (
    group_id INTEGER NOT NULL REFERENCES experiment_groups(id) ON DELETE CASCADE,
    job_id INTEGER NOT NULL REFERENCES training_jobs(id) ON DELETE CASCADE,
    added_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (group_id, job_id)
);
