-- A quarantine row is keyed by its message and its place among that message's rejections, so that a
-- message written twice (spooled after a commit whose answer was lost, then replayed) is kept once.
-- Rows written before this migration have no key (NULLs never conflict).
ALTER TABLE rejected_message ADD COLUMN message_id uuid;
ALTER TABLE rejected_message ADD COLUMN part integer;

CREATE UNIQUE INDEX rejected_message_message_part_idx ON rejected_message (message_id, part);

COMMENT ON COLUMN rejected_message.message_id IS 'Id of the message this row quarantines (or part of); several rows may share it.';
COMMENT ON COLUMN rejected_message.part IS 'Place of this rejection among those of its message, from 1.';
