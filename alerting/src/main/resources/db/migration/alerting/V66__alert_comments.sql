-- Staff comment on alerts from the console or the API; a comment is an event of its alert, kept
-- beside the acknowledgement in the alert's history.
ALTER TABLE alert_event DROP CONSTRAINT alert_event_kind_check;
ALTER TABLE alert_event ADD CONSTRAINT alert_event_kind_check
    CHECK (kind IN ('pending', 'firing', 'resolved', 'allowed', 'flapping', 'flapping_ended', 'acknowledged',
                    'commented'));
