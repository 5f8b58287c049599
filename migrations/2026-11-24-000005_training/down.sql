DROP TABLE model_artefacts;
DROP TABLE training_logs;
DROP TABLE experiment_metrics;
DROP TABLE experiment_params;
DROP TABLE experiments;
DROP TABLE training_jobs;
