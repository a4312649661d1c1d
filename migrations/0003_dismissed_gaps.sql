-- supportmap schema, version 3: gaps the user has decided not to fill.
-- Never edit this file once released; add a new numbered file instead.

CREATE TABLE dismissed_gaps (
    gap_id       TEXT PRIMARY KEY,  -- a gap id, e.g. 'category-missing:spiritual'
    reason       TEXT,
    dismissed_at TEXT NOT NULL      -- RFC 3339, UTC
) STRICT;
