-- Home Assistant's registries, the event history homeai learns from, and ingest checkpoints.
-- Timestamps are UTC. Event times are integer microseconds since the Unix epoch (compact, fast to
-- range-scan in the hot table); every other timestamp is SQLite TIMESTAMP text in UTC.

CREATE TABLE ha_areas (
    area_id     TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    aliases     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(aliases)),
    updated_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE ha_devices (
    device_id     TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    manufacturer  TEXT,
    model         TEXT,
    area_id       TEXT REFERENCES ha_areas (area_id) ON DELETE SET NULL,
    updated_at    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX ha_devices_area ON ha_devices (area_id);

CREATE TABLE ha_entities (
    entity_id     TEXT PRIMARY KEY NOT NULL,
    domain        TEXT NOT NULL,
    friendly_name TEXT,
    device_id     TEXT REFERENCES ha_devices (device_id) ON DELETE SET NULL,
    -- the entity's own area, or else its device's (resolved at sync time)
    area_id       TEXT REFERENCES ha_areas (area_id) ON DELETE SET NULL,
    device_class  TEXT,
    platform      TEXT,
    aliases       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(aliases)),
    disabled      BOOLEAN NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    hidden        BOOLEAN NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    state         TEXT,
    attributes    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes)),
    last_changed  TIMESTAMP,
    updated_at    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX ha_entities_domain ON ha_entities (domain);
CREATE INDEX ha_entities_area ON ha_entities (area_id);
CREATE INDEX ha_entities_device ON ha_entities (device_id);

-- One row per state_changed event. (entity_id, time_fired_us) is the identity of a change in HA
-- (time_fired equals the new state's last_updated), so re-ingesting a period is idempotent.
CREATE TABLE events (
    -- the rowid itself (no AUTOINCREMENT: one less table to update per event)
    id               INTEGER PRIMARY KEY NOT NULL,
    entity_id        TEXT NOT NULL,
    domain           TEXT NOT NULL,
    old_state        TEXT,
    new_state        TEXT,
    attributes_only  BOOLEAN NOT NULL DEFAULT 0 CHECK (attributes_only IN (0, 1)),
    attributes       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes)),
    cause            TEXT NOT NULL CHECK (cause IN ('user', 'automation', 'device')),
    context_id       TEXT NOT NULL,
    user_id          TEXT,
    parent_id        TEXT,
    time_fired_us    BIGINT NOT NULL,
    source           TEXT NOT NULL DEFAULT 'ha' CHECK (source IN ('ha', 'backfill', 'import', 'statestream', 'synthetic')),
    ingested_at      TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (entity_id, time_fired_us)
);
CREATE INDEX events_time ON events (time_fired_us);
CREATE INDEX events_domain_time ON events (domain, time_fired_us);

-- Where ingest got to, per source (e.g. one Home Assistant instance), for gap-free restarts.
CREATE TABLE ingest_checkpoints (
    source         TEXT PRIMARY KEY NOT NULL,
    last_event_us  BIGINT NOT NULL,
    updated_at     TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
