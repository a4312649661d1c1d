-- supportmap schema, version 2: check-ins, one row per supporter contacted.
-- Never edit this file once released; add a new numbered file instead.

CREATE TABLE checkins (
    -- AUTOINCREMENT: an id someone noted down never comes to mean another check-in.
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    -- NULL for a check-in that names nobody (a solo meeting, a self check-in).
    supporter_id INTEGER REFERENCES supporters (id) ON DELETE CASCADE,
    -- The rows logged by one command share a batch (the id of its first row), so
    -- `checkin undo` takes back a meeting with two people as one slip.
    batch        INTEGER NOT NULL,
    at           TEXT    NOT NULL,  -- RFC 3339, UTC
    via          TEXT    NOT NULL CHECK (via IN ('call', 'text', 'in-person', 'video',
                                         'meeting', 'message')),
    initiated_by TEXT    NOT NULL CHECK (initiated_by IN ('me', 'them')),
    mood         INTEGER CHECK (mood BETWEEN 1 AND 10),
    note         TEXT,
    created_at   TEXT    NOT NULL
) STRICT;

-- Each supporter's last contact is one index lookup, however long the history.
CREATE INDEX checkins_by_supporter ON checkins (supporter_id, at);
CREATE INDEX checkins_by_time ON checkins (at);
CREATE INDEX checkins_by_batch ON checkins (batch);
