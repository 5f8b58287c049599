DROP TABLE entity_aliases;
DROP TABLE clarification_sessions;
DROP TABLE ask_queries;
DROP TABLE conversations;
