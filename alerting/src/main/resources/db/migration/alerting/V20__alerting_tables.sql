-- Alerting: alerts with their lifecycle, the events of each alert, and the notification outbox.
-- Plain SQL that runs on PostgreSQL 14+ and on TimescaleDB alike.

CREATE TABLE alert (
    id             bigserial PRIMARY KEY,
    rule_id        text             NOT NULL,
    station_id     integer          NOT NULL REFERENCES station (id),
    metric_code    text,
    severity       text             NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    state          text             NOT NULL CHECK (state IN ('pending', 'firing', 'resolved')),
    value          double precision,
    threshold      text,
    summary        text             NOT NULL,
    started_at     timestamptz      NOT NULL,
    fired_at       timestamptz,
    resolved_at    timestamptz,
    last_change_at timestamptz      NOT NULL,
    exceedance_no  integer,
    flapping       boolean          NOT NULL DEFAULT false,
    acked_by       text,
    acked_at       timestamptz,
    ack_comment    text,
    created_at     timestamptz      NOT NULL DEFAULT now()
);

COMMENT ON TABLE alert IS 'One alert episode of a rule at a station: pending -> firing -> resolved; times are reading times.';
COMMENT ON COLUMN alert.exceedance_no IS 'Which exceedance of the station''s local day this episode was (per-day allowance); null while it has not held long enough.';

-- At most one open episode per rule and station: a restart can never open a second one.
CREATE UNIQUE INDEX alert_open_rule_station_key ON alert (rule_id, station_id) WHERE state <> 'resolved';
CREATE INDEX alert_state_started_idx ON alert (state, started_at DESC);
CREATE INDEX alert_station_started_idx ON alert (station_id, started_at DESC);

CREATE TABLE alert_event (
    id          bigserial PRIMARY KEY,
    alert_id    bigint           NOT NULL REFERENCES alert (id),
    kind        text             NOT NULL CHECK (kind IN ('pending', 'firing', 'resolved', 'allowed',
                                                         'flapping', 'flapping_ended', 'acknowledged')),
    at          timestamptz      NOT NULL,
    value       double precision,
    detail      text,
    recorded_at timestamptz      NOT NULL DEFAULT now()
);

COMMENT ON TABLE alert_event IS 'Every state change of an alert (at = reading time or, for acknowledgements, wall time).';

CREATE INDEX alert_event_alert_idx ON alert_event (alert_id, id);
CREATE INDEX alert_event_at_idx ON alert_event (at DESC);

CREATE TABLE notification (
    id              bigserial PRIMARY KEY,
    alert_id        bigint      NOT NULL REFERENCES alert (id),
    event_id        bigint      NOT NULL REFERENCES alert_event (id),
    notifier        text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    notice          text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    CONSTRAINT notification_event_notifier_key UNIQUE (event_id, notifier)
);

COMMENT ON TABLE notification IS 'Outbox of notifications, written in the transaction of their alert event; dead = gave up after the last try.';

CREATE INDEX notification_unsent_idx ON notification (next_attempt_at) WHERE status = 'pending';
