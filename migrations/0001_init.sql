-- supportmap schema, version 1: supporters with their support functions and tags.
-- Never edit this file once released; add a new numbered file instead.

-- "SMap": marks the file as a supportmap database.
PRAGMA application_id = 1397580144;

CREATE TABLE supporters (
    -- AUTOINCREMENT: an id is never handed out twice, even after a removal.
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT    NOT NULL,
    -- The lower-cased name: names are unique case-insensitively, Unicode included.
    name_key      TEXT    NOT NULL UNIQUE,
    kind          TEXT    NOT NULL CHECK (kind IN ('person', 'group', 'service')),
    category      TEXT    NOT NULL CHECK (category IN ('family', 'friend', 'peer', 'sponsor',
                                          'professional', 'community', 'spiritual')),
    role          TEXT,
    circle        TEXT    NOT NULL CHECK (circle IN ('inner', 'middle', 'outer')),
    mode          TEXT    NOT NULL CHECK (mode IN ('in-person', 'online', 'hybrid')),
    phone         TEXT,
    email         TEXT,
    contact       TEXT,
    crisis_order  INTEGER CHECK (crisis_order >= 1),
    available     TEXT,
    every_days    INTEGER CHECK (every_days >= 1),
    status        TEXT    NOT NULL CHECK (status IN ('active', 'paused', 'archived')),
    paused_reason TEXT,
    since         TEXT,    -- YYYY-MM-DD
    note          TEXT,
    created_at    TEXT    NOT NULL,  -- RFC 3339, UTC
    updated_at    TEXT    NOT NULL
) STRICT;

-- What each supporter gives; 'crisis' here is what makes them a crisis contact.
CREATE TABLE supporter_gives (
    supporter_id INTEGER NOT NULL REFERENCES supporters (id) ON DELETE CASCADE,
    function     TEXT    NOT NULL CHECK (function IN ('emotional', 'practical', 'advice',
                                         'accountability', 'encouragement', 'crisis',
                                         'belonging')),
    PRIMARY KEY (supporter_id, function)
) STRICT, WITHOUT ROWID;

CREATE TABLE supporter_tags (
    supporter_id INTEGER NOT NULL REFERENCES supporters (id) ON DELETE CASCADE,
    tag          TEXT    NOT NULL,
    PRIMARY KEY (supporter_id, tag)
) STRICT, WITHOUT ROWID;
