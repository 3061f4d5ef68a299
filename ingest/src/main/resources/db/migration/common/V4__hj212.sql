-- HJ 212: per-station password and CRC mode, and the aggregates stations report themselves
-- (CN 2051 minute, 2061 hourly, 2031 daily data), kept apart from real-time readings because
-- official statistics use them.

ALTER TABLE station
    ADD COLUMN hj212_password text,
    ADD COLUMN crc_mode text NOT NULL DEFAULT 'standard' CHECK (crc_mode IN ('standard', 'modbus', 'off'));

COMMENT ON COLUMN station.hj212_password IS 'HJ 212 PW the station must send; NULL = not checked.';
COMMENT ON COLUMN station.crc_mode IS 'HJ 212 frame checksum: standard (Appendix A), modbus, or off.';

CREATE TABLE station_aggregate (
    interval_start   timestamptz      NOT NULL,
    station_id       integer          NOT NULL REFERENCES station (id),
    metric_id        smallint         NOT NULL REFERENCES metric (id),
    period           text             NOT NULL CHECK (period IN ('minute', 'hour', 'day')),
    value_avg        double precision,
    value_min        double precision,
    value_max        double precision,
    value_cou        double precision,
    flag             char(1)          NOT NULL DEFAULT 'N',
    interval_seconds integer,
    received_at      timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT station_aggregate_key UNIQUE (station_id, metric_id, period, interval_start)
);

COMMENT ON TABLE station_aggregate IS 'Station-reported minute/hour/day statistics (HJ 212 CN 2051/2061/2031), keyed by interval start.';
COMMENT ON COLUMN station_aggregate.interval_seconds IS 'Length of the interval: 3600 for hourly, 86400 for daily; NULL for minute data, whose interval the station configures.';

CREATE INDEX station_aggregate_time_idx ON station_aggregate (interval_start DESC);
