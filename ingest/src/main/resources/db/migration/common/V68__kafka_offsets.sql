-- Where each writer of a scale-out deployment (serve --role writer) stands in each Kafka partition:
-- written in the same transaction as the rows a batch of records produced, so after any crash a
-- writer resumes exactly after the last batch the database holds (no record skipped, none written twice).
CREATE TABLE kafka_offset (
    consumer_group text        NOT NULL,
    topic          text        NOT NULL,
    partition      integer     NOT NULL CHECK (partition >= 0),
    next_offset    bigint      NOT NULL CHECK (next_offset >= 0),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, partition)
);
