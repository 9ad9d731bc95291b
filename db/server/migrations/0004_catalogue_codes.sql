-- One catalogue entry per code (docs/server.md, "The server's tables"). Two
-- PCs that create the same commune (or indicator) under two IDs: the
-- second to push finds the code taken; the server notes its ID as an alias
-- of the first and stores what points to the alias as pointing to the
-- first. A PC pulling the first matches it to its own by code, as a
-- package receipt does. So the server holds one commune per code.

CREATE TABLE giamsat.catalogue_codes (
    tbl  text NOT NULL,
    code text NOT NULL, -- lower-cased, trimmed
    id   text NOT NULL,
    PRIMARY KEY (tbl, code),
    UNIQUE (tbl, id)
);
CREATE TABLE giamsat.aliases (
    tbl   text NOT NULL,
    alias text NOT NULL,
    id    text NOT NULL,
    PRIMARY KEY (tbl, alias)
);
REVOKE ALL ON giamsat.catalogue_codes, giamsat.aliases FROM PUBLIC;

-- The codes of what the server holds already.
INSERT INTO giamsat.catalogue_codes (tbl, code, id)
SELECT tbl, lower(btrim(body->>'code')), id FROM giamsat.versions
WHERE tbl IN ('communes', 'indicators') AND NOT deleted AND btrim(coalesce(body->>'code', '')) <> ''
ORDER BY seq
ON CONFLICT DO NOTHING;

-- alias_of returns the entry a catalogue ID stands for on this server
-- (itself when it is no alias).
CREATE FUNCTION giamsat.alias_of(p_tbl text, p_id text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = giamsat, pg_temp AS $$
    SELECT coalesce((SELECT id FROM giamsat.aliases WHERE tbl = p_tbl AND alias = p_id), p_id)
$$;

-- unalias rewrites what a record points to through the aliases: a visit's
-- commune, an indicator value's indicator, a common record's communes.
CREATE FUNCTION giamsat.unalias(p_tbl text, p_body jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = giamsat, pg_temp AS $$
DECLARE
    b jsonb := p_body;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM giamsat.aliases) THEN
        RETURN b; -- the common case: nothing to rewrite
    END IF;
    IF p_tbl = 'visits' AND coalesce(b->>'commune_id', '') <> '' THEN
        b := jsonb_set(b, '{commune_id}', to_jsonb(giamsat.alias_of('communes', b->>'commune_id')));
    ELSIF p_tbl = 'indicator_values' AND coalesce(b->>'indicator_id', '') <> '' THEN
        b := jsonb_set(b, '{indicator_id}', to_jsonb(giamsat.alias_of('indicators', b->>'indicator_id')));
    ELSIF p_tbl IN ('difficulties', 'requests') AND coalesce(b->>'communes', '') <> '' THEN
        -- Sorted and without repeats, as the program writes the list.
        b := jsonb_set(b, '{communes}', to_jsonb((
            SELECT string_agg(DISTINCT giamsat.alias_of('communes', c), ',' ORDER BY giamsat.alias_of('communes', c))
            FROM unnest(string_to_array(b->>'communes', ',')) AS c)));
    END IF;
    RETURN b;
END $$;

-- claim_code keeps a catalogue entry's code as its own, and returns NULL;
-- or, when another entry has the code, returns that entry's ID for an entry
-- new to the server (which becomes its alias), and raises unique_violation
-- for one the server holds (an edit giving it another's code).
CREATE FUNCTION giamsat.claim_code(p_tbl text, p_id text, p_deleted boolean, p_body jsonb) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = giamsat, pg_temp AS $$
DECLARE
    c text := lower(btrim(coalesce(p_body->>'code', '')));
    owner text;
BEGIN
    DELETE FROM giamsat.catalogue_codes WHERE tbl = p_tbl AND id = p_id AND (p_deleted OR code <> c);
    IF p_deleted OR c = '' THEN
        RETURN NULL;
    END IF;
    INSERT INTO giamsat.catalogue_codes (tbl, code, id) VALUES (p_tbl, c, p_id) ON CONFLICT DO NOTHING;
    SELECT id INTO owner FROM giamsat.catalogue_codes WHERE tbl = p_tbl AND code = c;
    IF owner = p_id THEN
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1 FROM giamsat.versions WHERE tbl = p_tbl AND id = p_id) THEN
        RAISE unique_violation USING MESSAGE = format('%s %s: the code %s is %s''s', p_tbl, p_id, c, owner);
    END IF;
    INSERT INTO giamsat.aliases (tbl, alias, id) VALUES (p_tbl, p_id, owner) ON CONFLICT DO NOTHING;
    RETURN owner;
END $$;

-- push, as before, with the aliases (and a version held already being
-- 'same' whatever its content hash): an entry that is an alias, or
-- becomes one, is not stored ('alias'); what points to an alias is stored
-- pointing to the entry it stands for.
CREATE OR REPLACE FUNCTION giamsat.push(p_tbl text, p_id text, p_version text, p_hash text, p_deleted boolean, p_body jsonb)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    held record;
    any_held boolean := false;
    catalogue boolean := p_tbl IN ('communes', 'indicators');
BEGIN
    PERFORM giamsat.lock_record(p_tbl, p_id);
    IF catalogue AND giamsat.alias_of(p_tbl, p_id) <> p_id THEN
        RETURN 'alias';
    END IF;
    p_body := giamsat.unalias(p_tbl, p_body);
    IF NOT p_deleted THEN
        PERFORM giamsat.needs_parent(p_tbl, p_body);
    END IF;
    FOR held IN SELECT version, content_hash FROM giamsat.versions WHERE tbl = p_tbl AND id = p_id LOOP
        any_held := true;
        -- The same version is the same record, whatever its hash: a PC that
        -- matched a catalogue entry to its own by code holds what points
        -- to it under the same version, pointing to its own.
        IF held.version = p_version OR (giamsat.covers(held.version, p_version) AND giamsat.covers(p_version, held.version)) THEN
            RETURN 'same';
        END IF;
        IF giamsat.covers(held.version, p_version) AND NOT giamsat.covers(p_version, held.version) THEN
            RETURN 'older';
        END IF;
    END LOOP;
    IF catalogue AND giamsat.claim_code(p_tbl, p_id, p_deleted, p_body) IS NOT NULL THEN
        RETURN 'alias';
    END IF;
    IF any_held THEN -- a record new to the server (most of a first sync) has nothing to replace
        DELETE FROM giamsat.versions WHERE tbl = p_tbl AND id = p_id
            AND giamsat.covers(p_version, version) AND NOT giamsat.covers(version, p_version);
    END IF;
    INSERT INTO giamsat.versions (tbl, id, version, content_hash, deleted, body)
        VALUES (p_tbl, p_id, p_version, p_hash, p_deleted, p_body);
    RETURN 'stored';
END $$;

-- push_many, as before, says 'duplicate' for a catalogue entry given the
-- code of another.
CREATE OR REPLACE FUNCTION giamsat.push_many(batch jsonb) RETURNS text[]
LANGUAGE plpgsql AS $$
DECLARE
    r jsonb;
    out text[] := '{}';
BEGIN
    FOR r IN SELECT value FROM jsonb_array_elements(batch) LOOP
        BEGIN
            out := out || giamsat.push(r->>'tbl', r->>'id', r->>'version', r->>'hash', (r->>'deleted')::boolean, r->'body');
        EXCEPTION WHEN insufficient_privilege THEN
            out := out || 'refused'::text;
        WHEN foreign_key_violation THEN
            out := out || 'orphan'::text;
        WHEN unique_violation THEN
            out := out || 'duplicate'::text;
        END;
    END LOOP;
    RETURN out;
END $$;
