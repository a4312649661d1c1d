-- supportmap schema, version 10: tie quality, people to keep away from, and reviews.
-- Never edit this file once released; add a new numbered file instead.
--
-- Each tie has a quality, as on a counsellor's eco-map: strong, steady (the default),
-- tenuous or stressful. A stressful tie never counts toward coverage.
--
-- Two CHECK constraints are widened in Rust right after this file (see FIXUPS in
-- src/db/migrate.rs), the way SQLite documents for a change that leaves every stored row
-- valid: supporters.status gains 'avoid' (a person the user keeps away from: not a
-- supporter, never counted, listed in the safety plan), and plan_items.section gains
-- 'avoid' (people, places, times and feelings to avoid: relapse prevention's high-risk
-- situations).

ALTER TABLE supporters ADD COLUMN tie TEXT NOT NULL DEFAULT 'steady'
    CHECK (tie IN ('strong', 'steady', 'tenuous', 'stressful'));

-- Each guided review: when, and the user's note. `changes --since last-review`,
-- `map --at last-review` and the gap rules read the latest.
CREATE TABLE reviews (
    id  INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT    NOT NULL UNIQUE,
    at  TEXT    NOT NULL,  -- RFC 3339, UTC
    note TEXT
) STRICT;
CREATE INDEX reviews_by_time ON reviews (at);

-- The journal records the new column and table too.

DROP TRIGGER journal_supporters_insert;
CREATE TRIGGER journal_supporters_insert AFTER INSERT ON supporters
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'supporters', NULL, json_object('id', NEW.id, 'name', NEW.name, 'name_key', NEW.name_key, 'kind', NEW.kind, 'category', NEW.category, 'role', NEW.role, 'circle', NEW.circle, 'mode', NEW.mode, 'phone', NEW.phone, 'email', NEW.email, 'contact', NEW.contact, 'crisis_order', NEW.crisis_order, 'available', NEW.available, 'every_days', NEW.every_days, 'status', NEW.status, 'paused_reason', NEW.paused_reason, 'since', NEW.since, 'note', NEW.note, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'uid', NEW.uid, 'tie', NEW.tie));
END;

DROP TRIGGER journal_supporters_update;
CREATE TRIGGER journal_supporters_update AFTER UPDATE ON supporters
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'supporters', json_object('id', OLD.id, 'name', OLD.name, 'name_key', OLD.name_key, 'kind', OLD.kind, 'category', OLD.category, 'role', OLD.role, 'circle', OLD.circle, 'mode', OLD.mode, 'phone', OLD.phone, 'email', OLD.email, 'contact', OLD.contact, 'crisis_order', OLD.crisis_order, 'available', OLD.available, 'every_days', OLD.every_days, 'status', OLD.status, 'paused_reason', OLD.paused_reason, 'since', OLD.since, 'note', OLD.note, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'uid', OLD.uid, 'tie', OLD.tie), json_object('id', NEW.id, 'name', NEW.name, 'name_key', NEW.name_key, 'kind', NEW.kind, 'category', NEW.category, 'role', NEW.role, 'circle', NEW.circle, 'mode', NEW.mode, 'phone', NEW.phone, 'email', NEW.email, 'contact', NEW.contact, 'crisis_order', NEW.crisis_order, 'available', NEW.available, 'every_days', NEW.every_days, 'status', NEW.status, 'paused_reason', NEW.paused_reason, 'since', NEW.since, 'note', NEW.note, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'uid', NEW.uid, 'tie', NEW.tie));
END;

DROP TRIGGER journal_supporters_delete;
CREATE TRIGGER journal_supporters_delete AFTER DELETE ON supporters
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'supporters', json_object('id', OLD.id, 'name', OLD.name, 'name_key', OLD.name_key, 'kind', OLD.kind, 'category', OLD.category, 'role', OLD.role, 'circle', OLD.circle, 'mode', OLD.mode, 'phone', OLD.phone, 'email', OLD.email, 'contact', OLD.contact, 'crisis_order', OLD.crisis_order, 'available', OLD.available, 'every_days', OLD.every_days, 'status', OLD.status, 'paused_reason', OLD.paused_reason, 'since', OLD.since, 'note', OLD.note, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'uid', OLD.uid, 'tie', OLD.tie), NULL);
END;

CREATE TRIGGER journal_reviews_insert AFTER INSERT ON reviews
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'reviews', NULL, json_object('id', NEW.id, 'uid', NEW.uid, 'at', NEW.at, 'note', NEW.note));
END;

CREATE TRIGGER journal_reviews_update AFTER UPDATE ON reviews
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'reviews', json_object('id', OLD.id, 'uid', OLD.uid, 'at', OLD.at, 'note', OLD.note), json_object('id', NEW.id, 'uid', NEW.uid, 'at', NEW.at, 'note', NEW.note));
END;

CREATE TRIGGER journal_reviews_delete AFTER DELETE ON reviews
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'reviews', json_object('id', OLD.id, 'uid', OLD.uid, 'at', OLD.at, 'note', OLD.note), NULL);
END;
