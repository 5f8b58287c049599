DROP TABLE experiment_group_runs;
DROP TABLE experiment_groups;
