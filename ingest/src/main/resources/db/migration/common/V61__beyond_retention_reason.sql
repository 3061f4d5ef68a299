-- The quarantine reason for readings older than storage.retention is now 'beyond_retention'.
UPDATE rejected_message SET reason = 'beyond_retention' WHERE reason = 'time_beyond_retention';
