-- Core tables shared by both storage modes (plain PostgreSQL and TimescaleDB).

CREATE TABLE station (
    id            serial PRIMARY KEY,
    code          text        NOT NULL UNIQUE,
    name          text        NOT NULL,
    kind          text        NOT NULL DEFAULT 'unknown'
                  CHECK (kind IN ('river_section', 'dust_site', 'outfall', 'air', 'unknown')),
    river         text,
    township      text,
    lat           double precision CHECK (lat BETWEEN -90 AND 90),
    lon           double precision CHECK (lon BETWEEN -180 AND 180),
    target_class  smallint    CHECK (target_class BETWEEN 1 AND 5),
    timezone      text        NOT NULL DEFAULT '${timezone}',
    active        boolean     NOT NULL DEFAULT true,
    registered_by text        NOT NULL DEFAULT 'operator' CHECK (registered_by IN ('operator', 'auto')),
    created_at    timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE station IS 'Monitoring stations; code is the HJ 212 MN or the configured id used in MQTT topics.';

CREATE TABLE metric (
    id         smallint PRIMARY KEY,
    code       text     NOT NULL UNIQUE,
    code_2005  text     UNIQUE,
    name       text     NOT NULL,
    name_zh    text,
    unit       text     NOT NULL DEFAULT '',
    decimals   smallint NOT NULL CHECK (decimals BETWEEN 0 AND 6),
    aliases    text[]   NOT NULL DEFAULT '{}'
);

COMMENT ON TABLE metric IS 'Factor catalogue: HJ 212-2017 codes, 2005 codes, units, evaluation decimals, aliases.';

CREATE TABLE reading (
    time        timestamptz      NOT NULL,
    station_id  integer          NOT NULL REFERENCES station (id),
    metric_id   smallint         NOT NULL REFERENCES metric (id),
    value       double precision NOT NULL,
    flag        char(1)          NOT NULL DEFAULT 'N',
    received_at timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT reading_station_metric_time_key UNIQUE (station_id, metric_id, time)
);

COMMENT ON TABLE reading IS 'Real-time readings at the station''s time; unique per (station, metric, time) so redelivery is absorbed.';

CREATE INDEX reading_time_idx ON reading (time DESC);

CREATE TABLE rejected_message (
    id           bigserial PRIMARY KEY,
    received_at  timestamptz NOT NULL,
    station_code text,
    client_id    text,
    transport    text        NOT NULL,
    topic        text,
    reason       text        NOT NULL,
    detail       text        NOT NULL,
    raw          bytea       NOT NULL,
    raw_size     integer     NOT NULL
);

COMMENT ON TABLE rejected_message IS 'Quarantine: every message, or part of one, that could not be stored, with its reason and raw bytes.';

CREATE INDEX rejected_message_received_at_idx ON rejected_message (received_at DESC);
CREATE INDEX rejected_message_reason_idx ON rejected_message (reason, received_at DESC);
