DROP TABLE ingest_checkpoints;
DROP TABLE events;
DROP TABLE ha_entities;
DROP TABLE ha_devices;
DROP TABLE ha_areas;
