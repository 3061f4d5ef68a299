-- Loggers send Avg/Min/Max/Cou with their real-time data (CN 2011) too, with or without Rtd: those
-- statistics are kept as station aggregates of period 'realtime', keyed by the frame's DataTime.

ALTER TABLE station_aggregate DROP CONSTRAINT station_aggregate_period_check;
ALTER TABLE station_aggregate
    ADD CONSTRAINT station_aggregate_period_check CHECK (period IN ('realtime', 'minute', 'hour', 'day'));

COMMENT ON TABLE station_aggregate IS 'Station-reported statistics: minute/hour/day data (HJ 212 CN 2051/2061/2031) keyed by interval start, and Avg/Min/Max/Cou sent with real-time data (CN 2011, period realtime) keyed by DataTime.';
