-- supportmap schema, version 4: the safety plan's own sections, and its reviews.
-- Never edit this file once released; add a new numbered file instead.

CREATE TABLE plan_items (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    section    TEXT    NOT NULL CHECK (section IN ('warning-signs', 'coping', 'distractions',
                                       'reasons', 'safe-environment')),
    position   INTEGER NOT NULL CHECK (position >= 1),  -- 1 first, within its section
    text       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,  -- RFC 3339, UTC
    UNIQUE (section, position)
) STRICT;

CREATE TABLE plan_reviews (
    id          INTEGER PRIMARY KEY,
    reviewed_at TEXT NOT NULL  -- RFC 3339, UTC
) STRICT;
