-- Per-station MQTT credentials: the user name is the station code, the password is kept only as a
-- salted PBKDF2 hash with its parameters (pbkdf2-sha256$iterations$salt$hash). NULL: the station
-- cannot log in until `envmon stations passwd CODE` sets one.
ALTER TABLE station ADD COLUMN mqtt_password_hash text;

COMMENT ON COLUMN station.mqtt_password_hash IS
    'Salted PBKDF2-HMAC-SHA256 hash of the station''s MQTT password; never the password itself.';
