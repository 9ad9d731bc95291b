-- Who may write what (docs/server.md, "Who may write what"): each version's
-- scope, worked out by the server from the record and its visit, and the
-- row-level policies that read it; and push, which keeps the versions that
-- no other descends from.

-- The delegation and communes of each visit and delegation: what the
-- records under them belong to (a session names its visit only).
CREATE TABLE giamsat.scope (
    id            text PRIMARY KEY,
    delegation_id text,
    commune_ids   text[] NOT NULL DEFAULT '{}'
);

-- The commune or delegation the connected user stands for.
CREATE FUNCTION giamsat.my_commune() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = giamsat, pg_temp AS $$
    SELECT commune_id FROM giamsat.users WHERE role_name = session_user
$$;
CREATE FUNCTION giamsat.my_delegation() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = giamsat, pg_temp AS $$
    SELECT delegation_id FROM giamsat.users WHERE role_name = session_user
$$;
-- The delegations that have a visit at the user's commune.
CREATE FUNCTION giamsat.my_commune_delegations() RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = giamsat, pg_temp AS $$
    SELECT coalesce(array_agg(DISTINCT delegation_id), '{}') FROM giamsat.scope
    WHERE commune_ids @> ARRAY[giamsat.my_commune()] AND delegation_id IS NOT NULL
$$;

-- A version's scope, from its record (never from what the PC says).
CREATE FUNCTION giamsat.set_scope() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = giamsat, pg_temp AS $$
DECLARE
    b jsonb := NEW.body;
    visit text;
    s giamsat.scope;
BEGIN
    NEW.delegation_id := NULL;
    NEW.commune_ids := '{}';
    CASE NEW.tbl
    WHEN 'communes', 'indicators' THEN
        NULL; -- the catalogues: no scope
    WHEN 'delegations' THEN
        NEW.delegation_id := NEW.id;
    WHEN 'members' THEN
        NEW.delegation_id := b->>'delegation_id';
    WHEN 'visits' THEN
        NEW.delegation_id := b->>'delegation_id';
        NEW.commune_ids := ARRAY[b->>'commune_id'];
    ELSE -- sessions, indicator values, difficulties, requests
        visit := nullif(b->>'visit_id', '');
        IF visit IS NOT NULL THEN
            SELECT * INTO s FROM giamsat.scope WHERE id = visit;
            NEW.delegation_id := s.delegation_id;
            NEW.commune_ids := coalesce(s.commune_ids, '{}');
        ELSE -- common to several communes: a record of the delegation
            NEW.delegation_id := b->>'delegation_id';
            NEW.commune_ids := coalesce(string_to_array(nullif(b->>'communes', ''), ','), '{}');
        END IF;
    END CASE;
    IF NEW.tbl IN ('visits', 'delegations') THEN
        INSERT INTO giamsat.scope VALUES (NEW.id, NEW.delegation_id, NEW.commune_ids)
        ON CONFLICT (id) DO UPDATE SET delegation_id = EXCLUDED.delegation_id, commune_ids = EXCLUDED.commune_ids;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER versions_scope BEFORE INSERT ON giamsat.versions
    FOR EACH ROW EXECUTE FUNCTION giamsat.set_scope();

-- The province office: everything.
CREATE POLICY province_all ON giamsat.versions TO giamsat_province USING (true) WITH CHECK (true);

-- A delegation member: reads the catalogues and the delegation's records;
-- writes the delegation's records.
CREATE POLICY delegation_read ON giamsat.versions FOR SELECT TO giamsat_delegation
    USING (tbl IN ('communes', 'indicators') OR delegation_id = giamsat.my_delegation());
CREATE POLICY delegation_insert ON giamsat.versions FOR INSERT TO giamsat_delegation
    WITH CHECK (tbl NOT IN ('communes', 'indicators') AND delegation_id = giamsat.my_delegation());
CREATE POLICY delegation_delete ON giamsat.versions FOR DELETE TO giamsat_delegation
    USING (tbl NOT IN ('communes', 'indicators') AND delegation_id = giamsat.my_delegation());

-- A commune secretary: reads the catalogues, the visits to her commune and
-- what is under them, the common records naming it, and the delegations
-- (with their members) that visited it; writes the sessions, indicator
-- values and the commune's own difficulties of those visits.
CREATE POLICY commune_read ON giamsat.versions FOR SELECT TO giamsat_commune
    USING (tbl IN ('communes', 'indicators')
        OR commune_ids @> ARRAY[giamsat.my_commune()]
        OR (tbl IN ('delegations', 'members') AND delegation_id = ANY (giamsat.my_commune_delegations())));
CREATE POLICY commune_insert ON giamsat.versions FOR INSERT TO giamsat_commune
    WITH CHECK (commune_ids @> ARRAY[giamsat.my_commune()] AND (tbl IN ('sessions', 'indicator_values')
        OR (tbl = 'difficulties' AND nullif(body->>'visit_id', '') IS NOT NULL
            AND coalesce(nullif(body->>'scope', ''), 'commune') = 'commune')));
CREATE POLICY commune_delete ON giamsat.versions FOR DELETE TO giamsat_commune
    USING (commune_ids @> ARRAY[giamsat.my_commune()] AND (tbl IN ('sessions', 'indicator_values')
        OR (tbl = 'difficulties' AND nullif(body->>'visit_id', '') IS NOT NULL
            AND coalesce(nullif(body->>'scope', ''), 'commune') = 'commune')));

GRANT SELECT, INSERT, DELETE ON giamsat.versions TO giamsat_commune, giamsat_delegation, giamsat_province;

-- push stores a version of a record, as a package receipt would compare it:
-- 'same' (held already), 'older' (a version held descends from it: not
-- stored), 'stored' (the versions it descends from are replaced; one
-- concurrent with it is kept beside it, a conflict every PC is shown).
-- Run as the user: the policies decide what it may read and write.
-- held says whether the server holds a record of tbl with the ID, whoever
-- may read it.
CREATE FUNCTION giamsat.held(p_tbl text, p_id text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = giamsat, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM giamsat.versions WHERE tbl = p_tbl AND id = p_id)
$$;

-- needs_parent raises foreign_key_violation when a live record points to a
-- record the server does not hold (a visit at a commune that is not in the
-- province's catalogue): stored, it would refuse every PC's pull.
CREATE FUNCTION giamsat.needs_parent(p_tbl text, p_body jsonb) RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE
    ref record;
BEGIN
    FOR ref IN SELECT * FROM (VALUES
        ('members', 'delegation_id', 'delegations'),
        ('visits', 'delegation_id', 'delegations'), ('visits', 'commune_id', 'communes'),
        ('sessions', 'visit_id', 'visits'),
        ('indicator_values', 'visit_id', 'visits'), ('indicator_values', 'indicator_id', 'indicators'),
        ('difficulties', 'visit_id', 'visits'), ('difficulties', 'delegation_id', 'delegations'),
        ('requests', 'visit_id', 'visits'), ('requests', 'delegation_id', 'delegations')
    ) AS r(tbl, col, parent) WHERE r.tbl = p_tbl LOOP
        IF nullif(p_body->>ref.col, '') IS NOT NULL AND NOT giamsat.held(ref.parent, p_body->>ref.col) THEN
            RAISE foreign_key_violation USING MESSAGE = format('%s points to %s %s, which the server does not hold', p_tbl, ref.parent, p_body->>ref.col);
        END IF;
    END LOOP;
END $$;

CREATE FUNCTION giamsat.push(p_tbl text, p_id text, p_version text, p_hash text, p_deleted boolean, p_body jsonb)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    held record;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext(p_tbl || '/' || p_id));
    IF NOT p_deleted THEN
        PERFORM giamsat.needs_parent(p_tbl, p_body);
    END IF;
    FOR held IN SELECT version, content_hash FROM giamsat.versions WHERE tbl = p_tbl AND id = p_id LOOP
        IF held.version = p_version AND held.content_hash = p_hash THEN
            RETURN 'same';
        END IF;
        IF giamsat.covers(held.version, p_version) AND NOT giamsat.covers(p_version, held.version) THEN
            RETURN 'older';
        END IF;
    END LOOP;
    DELETE FROM giamsat.versions WHERE tbl = p_tbl AND id = p_id
        AND giamsat.covers(p_version, version) AND NOT giamsat.covers(version, p_version);
    INSERT INTO giamsat.versions (tbl, id, version, content_hash, deleted, body)
        VALUES (p_tbl, p_id, p_version, p_hash, p_deleted, p_body);
    RETURN 'stored';
END $$;
GRANT EXECUTE ON FUNCTION giamsat.push(text, text, text, text, boolean, jsonb) TO giamsat_commune, giamsat_delegation, giamsat_province;

-- push_many pushes a batch (a JSON array of objects with tbl, id, version,
-- hash, deleted, body), in order, and returns what became of each: as push
-- says, 'refused' for a record the user may not write, or 'orphan' for one
-- that points to a record the server lacks; those are left out without
-- stopping the others.
CREATE FUNCTION giamsat.push_many(batch jsonb) RETURNS text[]
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
        END;
    END LOOP;
    RETURN out;
END $$;
GRANT EXECUTE ON FUNCTION giamsat.push_many(jsonb) TO giamsat_commune, giamsat_delegation, giamsat_province;
