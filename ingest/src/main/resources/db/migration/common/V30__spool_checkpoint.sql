-- How far each spool generation has been drained, written in the same transaction as the drained
-- rows: after a crash the drainer resumes exactly after the last committed record, so neither
-- readings (absorbed anyway) nor quarantine rows (not keyed) are written twice.

CREATE TABLE spool_checkpoint (
    generation  uuid        PRIMARY KEY,
    segment     bigint      NOT NULL,
    position    bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE spool_checkpoint IS 'Drain position of each local spool generation (segment number, byte offset after the last drained record).';
