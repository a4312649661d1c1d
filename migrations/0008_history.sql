-- supportmap schema, version 8: the change journal. Every change to the map is recorded
-- here, in the same transaction, as row images before and after, so any change can be
-- undone and redone, and the map as it stood on any date since can be drawn.
-- Never edit this file once released; add a new numbered file instead.
--
-- The triggers below record a row change only while `journal_state.entry` names an
-- entry: supportmap's write path (`Db::write`, and undo and redo) sets it at the start of
-- each change and clears it at the end, so migrations are not recorded. The journal only
-- grows (until pruned): an undo is an entry of its own, so the map at any past moment is
-- every later entry taken back, newest first.

CREATE TABLE journal (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT    NOT NULL,  -- RFC 3339, UTC
    -- The command that made the change, as words ("contacts pause") and as typed.
    command     TEXT    NOT NULL,
    line        TEXT    NOT NULL,
    -- 'done'; 'undone' (redo can put it back); 'dropped' (undone, and then a new change
    -- was made: it stays in the history, but can no longer be redone).
    state       TEXT    NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'dropped')),
    -- The order of undos, so redo puts back the latest first.
    undone_seq  INTEGER,
    -- For an undo or a redo (itself an entry, with its own time and rows): the entry it
    -- took back or put back.
    target      INTEGER
) STRICT;

CREATE TABLE journal_rows (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    entry  INTEGER NOT NULL REFERENCES journal (id) ON DELETE CASCADE,
    tbl    TEXT    NOT NULL,
    before TEXT,  -- JSON object of the row before the change; NULL for an insert
    after  TEXT   -- JSON object of the row after; NULL for a delete
) STRICT;

CREATE INDEX journal_rows_by_entry ON journal_rows (entry, seq);
CREATE INDEX journal_by_time ON journal (at);

CREATE TABLE journal_state (
    one   INTEGER PRIMARY KEY CHECK (one = 1),
    entry INTEGER
) STRICT;
INSERT INTO journal_state (one, entry) VALUES (1, NULL);

CREATE TRIGGER journal_supporters_insert AFTER INSERT ON supporters
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'supporters', NULL, json_object('id', NEW.id, 'name', NEW.name, 'name_key', NEW.name_key, 'kind', NEW.kind, 'category', NEW.category, 'role', NEW.role, 'circle', NEW.circle, 'mode', NEW.mode, 'phone', NEW.phone, 'email', NEW.email, 'contact', NEW.contact, 'crisis_order', NEW.crisis_order, 'available', NEW.available, 'every_days', NEW.every_days, 'status', NEW.status, 'paused_reason', NEW.paused_reason, 'since', NEW.since, 'note', NEW.note, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at));
END;

CREATE TRIGGER journal_supporters_update AFTER UPDATE ON supporters
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'supporters', json_object('id', OLD.id, 'name', OLD.name, 'name_key', OLD.name_key, 'kind', OLD.kind, 'category', OLD.category, 'role', OLD.role, 'circle', OLD.circle, 'mode', OLD.mode, 'phone', OLD.phone, 'email', OLD.email, 'contact', OLD.contact, 'crisis_order', OLD.crisis_order, 'available', OLD.available, 'every_days', OLD.every_days, 'status', OLD.status, 'paused_reason', OLD.paused_reason, 'since', OLD.since, 'note', OLD.note, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at), json_object('id', NEW.id, 'name', NEW.name, 'name_key', NEW.name_key, 'kind', NEW.kind, 'category', NEW.category, 'role', NEW.role, 'circle', NEW.circle, 'mode', NEW.mode, 'phone', NEW.phone, 'email', NEW.email, 'contact', NEW.contact, 'crisis_order', NEW.crisis_order, 'available', NEW.available, 'every_days', NEW.every_days, 'status', NEW.status, 'paused_reason', NEW.paused_reason, 'since', NEW.since, 'note', NEW.note, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at));
END;

CREATE TRIGGER journal_supporters_delete AFTER DELETE ON supporters
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'supporters', json_object('id', OLD.id, 'name', OLD.name, 'name_key', OLD.name_key, 'kind', OLD.kind, 'category', OLD.category, 'role', OLD.role, 'circle', OLD.circle, 'mode', OLD.mode, 'phone', OLD.phone, 'email', OLD.email, 'contact', OLD.contact, 'crisis_order', OLD.crisis_order, 'available', OLD.available, 'every_days', OLD.every_days, 'status', OLD.status, 'paused_reason', OLD.paused_reason, 'since', OLD.since, 'note', OLD.note, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at), NULL);
END;

CREATE TRIGGER journal_supporter_gives_insert AFTER INSERT ON supporter_gives
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'supporter_gives', NULL, json_object('supporter_id', NEW.supporter_id, 'function', NEW.function));
END;

CREATE TRIGGER journal_supporter_gives_update AFTER UPDATE ON supporter_gives
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'supporter_gives', json_object('supporter_id', OLD.supporter_id, 'function', OLD.function), json_object('supporter_id', NEW.supporter_id, 'function', NEW.function));
END;

CREATE TRIGGER journal_supporter_gives_delete AFTER DELETE ON supporter_gives
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'supporter_gives', json_object('supporter_id', OLD.supporter_id, 'function', OLD.function), NULL);
END;

CREATE TRIGGER journal_supporter_tags_insert AFTER INSERT ON supporter_tags
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'supporter_tags', NULL, json_object('supporter_id', NEW.supporter_id, 'tag', NEW.tag));
END;

CREATE TRIGGER journal_supporter_tags_update AFTER UPDATE ON supporter_tags
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'supporter_tags', json_object('supporter_id', OLD.supporter_id, 'tag', OLD.tag), json_object('supporter_id', NEW.supporter_id, 'tag', NEW.tag));
END;

CREATE TRIGGER journal_supporter_tags_delete AFTER DELETE ON supporter_tags
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'supporter_tags', json_object('supporter_id', OLD.supporter_id, 'tag', OLD.tag), NULL);
END;

CREATE TRIGGER journal_checkins_insert AFTER INSERT ON checkins
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'checkins', NULL, json_object('id', NEW.id, 'supporter_id', NEW.supporter_id, 'batch', NEW.batch, 'at', NEW.at, 'via', NEW.via, 'initiated_by', NEW.initiated_by, 'mood', NEW.mood, 'note', NEW.note, 'created_at', NEW.created_at));
END;

CREATE TRIGGER journal_checkins_update AFTER UPDATE ON checkins
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'checkins', json_object('id', OLD.id, 'supporter_id', OLD.supporter_id, 'batch', OLD.batch, 'at', OLD.at, 'via', OLD.via, 'initiated_by', OLD.initiated_by, 'mood', OLD.mood, 'note', OLD.note, 'created_at', OLD.created_at), json_object('id', NEW.id, 'supporter_id', NEW.supporter_id, 'batch', NEW.batch, 'at', NEW.at, 'via', NEW.via, 'initiated_by', NEW.initiated_by, 'mood', NEW.mood, 'note', NEW.note, 'created_at', NEW.created_at));
END;

CREATE TRIGGER journal_checkins_delete AFTER DELETE ON checkins
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'checkins', json_object('id', OLD.id, 'supporter_id', OLD.supporter_id, 'batch', OLD.batch, 'at', OLD.at, 'via', OLD.via, 'initiated_by', OLD.initiated_by, 'mood', OLD.mood, 'note', OLD.note, 'created_at', OLD.created_at), NULL);
END;

CREATE TRIGGER journal_dismissed_gaps_insert AFTER INSERT ON dismissed_gaps
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'dismissed_gaps', NULL, json_object('gap_id', NEW.gap_id, 'reason', NEW.reason, 'dismissed_at', NEW.dismissed_at, 'until', NEW.until));
END;

CREATE TRIGGER journal_dismissed_gaps_update AFTER UPDATE ON dismissed_gaps
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'dismissed_gaps', json_object('gap_id', OLD.gap_id, 'reason', OLD.reason, 'dismissed_at', OLD.dismissed_at, 'until', OLD.until), json_object('gap_id', NEW.gap_id, 'reason', NEW.reason, 'dismissed_at', NEW.dismissed_at, 'until', NEW.until));
END;

CREATE TRIGGER journal_dismissed_gaps_delete AFTER DELETE ON dismissed_gaps
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'dismissed_gaps', json_object('gap_id', OLD.gap_id, 'reason', OLD.reason, 'dismissed_at', OLD.dismissed_at, 'until', OLD.until), NULL);
END;

CREATE TRIGGER journal_plan_items_insert AFTER INSERT ON plan_items
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'plan_items', NULL, json_object('id', NEW.id, 'section', NEW.section, 'position', NEW.position, 'text', NEW.text, 'created_at', NEW.created_at));
END;

CREATE TRIGGER journal_plan_items_update AFTER UPDATE ON plan_items
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'plan_items', json_object('id', OLD.id, 'section', OLD.section, 'position', OLD.position, 'text', OLD.text, 'created_at', OLD.created_at), json_object('id', NEW.id, 'section', NEW.section, 'position', NEW.position, 'text', NEW.text, 'created_at', NEW.created_at));
END;

CREATE TRIGGER journal_plan_items_delete AFTER DELETE ON plan_items
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'plan_items', json_object('id', OLD.id, 'section', OLD.section, 'position', OLD.position, 'text', OLD.text, 'created_at', OLD.created_at), NULL);
END;

CREATE TRIGGER journal_plan_reviews_insert AFTER INSERT ON plan_reviews
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'plan_reviews', NULL, json_object('id', NEW.id, 'reviewed_at', NEW.reviewed_at));
END;

CREATE TRIGGER journal_plan_reviews_update AFTER UPDATE ON plan_reviews
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'plan_reviews', json_object('id', OLD.id, 'reviewed_at', OLD.reviewed_at), json_object('id', NEW.id, 'reviewed_at', NEW.reviewed_at));
END;

CREATE TRIGGER journal_plan_reviews_delete AFTER DELETE ON plan_reviews
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'plan_reviews', json_object('id', OLD.id, 'reviewed_at', OLD.reviewed_at), NULL);
END;

CREATE TRIGGER journal_settings_insert AFTER INSERT ON settings
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'settings', NULL, json_object('key', NEW.key, 'value', NEW.value, 'updated_at', NEW.updated_at));
END;

CREATE TRIGGER journal_settings_update AFTER UPDATE ON settings
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'settings', json_object('key', OLD.key, 'value', OLD.value, 'updated_at', OLD.updated_at), json_object('key', NEW.key, 'value', NEW.value, 'updated_at', NEW.updated_at));
END;

CREATE TRIGGER journal_settings_delete AFTER DELETE ON settings
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'settings', json_object('key', OLD.key, 'value', OLD.value, 'updated_at', OLD.updated_at), NULL);
END;
