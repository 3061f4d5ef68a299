-- People who log in to the staff console; machines keep using http.apiToken. Names are unique
-- whatever their case: name_key is the name in Unicode NFC and lower case, computed by the service
-- (the same in every database locale), and every lookup goes through it. Names are written into
-- audit records as they are, so a removed user's name stays readable there.

CREATE TABLE console_user (
    id              serial      PRIMARY KEY,
    name            text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 64 AND name !~ '[[:space:],]'),
    name_key        text        NOT NULL UNIQUE,
    role            text        NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    password_hash   text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    password_set_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE console_user IS 'Staff console accounts: envmon users add|passwd|list|remove. Viewers read; operators acknowledge alerts and set maintenance; admins manage users.';
COMMENT ON COLUMN console_user.password_hash IS 'pbkdf2-sha256$<iterations>$<salt>$<hash>, as station secrets; the password is shown once, when set.';
