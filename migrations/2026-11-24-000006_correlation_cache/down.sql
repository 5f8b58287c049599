DROP TABLE correlation_cache;
