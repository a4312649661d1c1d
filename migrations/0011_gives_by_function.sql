-- supportmap schema, version 11: an index of who gives what.
-- Never edit this file once released; add a new numbered file instead.
--
-- Who gives one kind of support, found without reading everyone's list: the crisis
-- card reads its contacts straight from here however big the map is.
CREATE INDEX supporter_gives_by_function ON supporter_gives (function, supporter_id);
