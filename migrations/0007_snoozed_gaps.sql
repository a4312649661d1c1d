-- supportmap schema, version 7: a dismissal may last until a date (a snooze).
-- Never edit this file once released; add a new numbered file instead.

-- RFC 3339, UTC; NULL for a dismissal that lasts until the user restores the gap.
ALTER TABLE dismissed_gaps ADD COLUMN until TEXT;
