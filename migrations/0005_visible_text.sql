-- supportmap schema, version 5: text stored by earlier versions made safe to show.
-- Never edit this file once released; add a new numbered file instead.
--
-- Earlier versions stored some fields (check-in notes, pause and dismissal reasons,
-- roles with line breaks) without the one rule for stored text. The change itself is
-- made by `repair_stored_text` in src/db/migrate.rs, in the same transaction as this
-- file: SQL has no notion of Unicode control and format characters. Hidden characters
-- become visible escapes (ESC becomes the text \u{1b}) and line breaks in one-line
-- fields become spaces, so nothing the user typed is lost.
SELECT 1;
