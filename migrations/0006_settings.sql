-- supportmap schema, version 6: the user's own settings (name, country, recovery date).
-- Never edit this file once released; add a new numbered file instead.

CREATE TABLE settings (
    key        TEXT PRIMARY KEY CHECK (key IN ('name', 'country', 'recovery-date')),
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL  -- RFC 3339, UTC
) STRICT;
