-- supportmap schema, version 9: stable ids. Each supporter, check-in and safety-plan line
-- gets a UUID given at creation, so a map exported on one machine and imported on another
-- (or imported twice) recognises its own records. Rows from before get one here.
-- Never edit this file once released; add a new numbered file instead.

ALTER TABLE supporters ADD COLUMN uid TEXT;
ALTER TABLE checkins ADD COLUMN uid TEXT;
ALTER TABLE plan_items ADD COLUMN uid TEXT;

-- A random (version 4) UUID for every row from before.
UPDATE supporters SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE checkins SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE plan_items SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));

CREATE UNIQUE INDEX supporters_by_uid ON supporters (uid);
CREATE UNIQUE INDEX checkins_by_uid ON checkins (uid);
CREATE UNIQUE INDEX plan_items_by_uid ON plan_items (uid);

-- The journal's triggers on these tables record the new column too, so that undoing a
-- removal puts the same id back.

DROP TRIGGER journal_supporters_insert;
CREATE TRIGGER journal_supporters_insert AFTER INSERT ON supporters
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'supporters', NULL, json_object('id', NEW.id, 'name', NEW.name, 'name_key', NEW.name_key, 'kind', NEW.kind, 'category', NEW.category, 'role', NEW.role, 'circle', NEW.circle, 'mode', NEW.mode, 'phone', NEW.phone, 'email', NEW.email, 'contact', NEW.contact, 'crisis_order', NEW.crisis_order, 'available', NEW.available, 'every_days', NEW.every_days, 'status', NEW.status, 'paused_reason', NEW.paused_reason, 'since', NEW.since, 'note', NEW.note, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'uid', NEW.uid));
END;

DROP TRIGGER journal_supporters_update;
CREATE TRIGGER journal_supporters_update AFTER UPDATE ON supporters
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'supporters', json_object('id', OLD.id, 'name', OLD.name, 'name_key', OLD.name_key, 'kind', OLD.kind, 'category', OLD.category, 'role', OLD.role, 'circle', OLD.circle, 'mode', OLD.mode, 'phone', OLD.phone, 'email', OLD.email, 'contact', OLD.contact, 'crisis_order', OLD.crisis_order, 'available', OLD.available, 'every_days', OLD.every_days, 'status', OLD.status, 'paused_reason', OLD.paused_reason, 'since', OLD.since, 'note', OLD.note, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'uid', OLD.uid), json_object('id', NEW.id, 'name', NEW.name, 'name_key', NEW.name_key, 'kind', NEW.kind, 'category', NEW.category, 'role', NEW.role, 'circle', NEW.circle, 'mode', NEW.mode, 'phone', NEW.phone, 'email', NEW.email, 'contact', NEW.contact, 'crisis_order', NEW.crisis_order, 'available', NEW.available, 'every_days', NEW.every_days, 'status', NEW.status, 'paused_reason', NEW.paused_reason, 'since', NEW.since, 'note', NEW.note, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'uid', NEW.uid));
END;

DROP TRIGGER journal_supporters_delete;
CREATE TRIGGER journal_supporters_delete AFTER DELETE ON supporters
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'supporters', json_object('id', OLD.id, 'name', OLD.name, 'name_key', OLD.name_key, 'kind', OLD.kind, 'category', OLD.category, 'role', OLD.role, 'circle', OLD.circle, 'mode', OLD.mode, 'phone', OLD.phone, 'email', OLD.email, 'contact', OLD.contact, 'crisis_order', OLD.crisis_order, 'available', OLD.available, 'every_days', OLD.every_days, 'status', OLD.status, 'paused_reason', OLD.paused_reason, 'since', OLD.since, 'note', OLD.note, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'uid', OLD.uid), NULL);
END;

DROP TRIGGER journal_checkins_insert;
CREATE TRIGGER journal_checkins_insert AFTER INSERT ON checkins
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'checkins', NULL, json_object('id', NEW.id, 'supporter_id', NEW.supporter_id, 'batch', NEW.batch, 'at', NEW.at, 'via', NEW.via, 'initiated_by', NEW.initiated_by, 'mood', NEW.mood, 'note', NEW.note, 'created_at', NEW.created_at, 'uid', NEW.uid));
END;

DROP TRIGGER journal_checkins_update;
CREATE TRIGGER journal_checkins_update AFTER UPDATE ON checkins
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'checkins', json_object('id', OLD.id, 'supporter_id', OLD.supporter_id, 'batch', OLD.batch, 'at', OLD.at, 'via', OLD.via, 'initiated_by', OLD.initiated_by, 'mood', OLD.mood, 'note', OLD.note, 'created_at', OLD.created_at, 'uid', OLD.uid), json_object('id', NEW.id, 'supporter_id', NEW.supporter_id, 'batch', NEW.batch, 'at', NEW.at, 'via', NEW.via, 'initiated_by', NEW.initiated_by, 'mood', NEW.mood, 'note', NEW.note, 'created_at', NEW.created_at, 'uid', NEW.uid));
END;

DROP TRIGGER journal_checkins_delete;
CREATE TRIGGER journal_checkins_delete AFTER DELETE ON checkins
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'checkins', json_object('id', OLD.id, 'supporter_id', OLD.supporter_id, 'batch', OLD.batch, 'at', OLD.at, 'via', OLD.via, 'initiated_by', OLD.initiated_by, 'mood', OLD.mood, 'note', OLD.note, 'created_at', OLD.created_at, 'uid', OLD.uid), NULL);
END;

DROP TRIGGER journal_plan_items_insert;
CREATE TRIGGER journal_plan_items_insert AFTER INSERT ON plan_items
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'plan_items', NULL, json_object('id', NEW.id, 'section', NEW.section, 'position', NEW.position, 'text', NEW.text, 'created_at', NEW.created_at, 'uid', NEW.uid));
END;

DROP TRIGGER journal_plan_items_update;
CREATE TRIGGER journal_plan_items_update AFTER UPDATE ON plan_items
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'plan_items', json_object('id', OLD.id, 'section', OLD.section, 'position', OLD.position, 'text', OLD.text, 'created_at', OLD.created_at, 'uid', OLD.uid), json_object('id', NEW.id, 'section', NEW.section, 'position', NEW.position, 'text', NEW.text, 'created_at', NEW.created_at, 'uid', NEW.uid));
END;

DROP TRIGGER journal_plan_items_delete;
CREATE TRIGGER journal_plan_items_delete AFTER DELETE ON plan_items
WHEN (SELECT entry FROM journal_state) IS NOT NULL
BEGIN
    INSERT INTO journal_rows (entry, tbl, before, after)
    VALUES ((SELECT entry FROM journal_state), 'plan_items', json_object('id', OLD.id, 'section', OLD.section, 'position', OLD.position, 'text', OLD.text, 'created_at', OLD.created_at, 'uid', OLD.uid), NULL);
END;
