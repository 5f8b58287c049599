DROP TABLE automation_versions;
DROP TABLE deployed_automations;
DROP TABLE suggestion_feedback;
DROP TABLE suggestion_status_history;
DROP TABLE suggestions;
