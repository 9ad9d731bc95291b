-- Faster pushes, measured on a PC's first sync (BenchmarkSync20000).
--
-- A push locked each record it stored with an advisory lock, held to the
-- end of its transaction: a PC's first sync (300,000 records for 20,000
-- visits) ran out of the server's lock table ("out of shared memory").
-- A record is now locked by a row of its own, which costs the lock table
-- nothing: two pushes of the same record still run one after the other,
-- so that neither misses the other's version (giamsat.push, migration
-- 0004, calls lock_record).
CREATE UNLOGGED TABLE giamsat.record_locks (
    tbl text NOT NULL,
    id  text NOT NULL,
    PRIMARY KEY (tbl, id)
);
REVOKE ALL ON giamsat.record_locks FROM PUBLIC;

-- lock_record locks the record tbl/id to the end of the transaction.
CREATE FUNCTION giamsat.lock_record(p_tbl text, p_id text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = giamsat, pg_temp AS $$
BEGIN
    INSERT INTO giamsat.record_locks (tbl, id) VALUES (p_tbl, p_id)
        ON CONFLICT (tbl, id) DO UPDATE SET tbl = EXCLUDED.tbl;
END $$;
REVOKE ALL ON FUNCTION giamsat.lock_record(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION giamsat.lock_record(text, text) TO giamsat_commune, giamsat_delegation, giamsat_province;

-- needs_parent looked up each of a record's references through a loop over
-- every table's and a function call per reference: half of a push's time.
-- Now one lookup per reference, by the index of (tbl, id).
CREATE OR REPLACE FUNCTION giamsat.needs_parent(p_tbl text, p_body jsonb) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = giamsat, pg_temp AS $$
DECLARE
    parents text[];
    cols text[];
    ref text;
BEGIN
    CASE p_tbl
    WHEN 'members' THEN parents := '{delegations}'; cols := '{delegation_id}';
    WHEN 'visits' THEN parents := '{delegations,communes}'; cols := '{delegation_id,commune_id}';
    WHEN 'sessions' THEN parents := '{visits}'; cols := '{visit_id}';
    WHEN 'indicator_values' THEN parents := '{visits,indicators}'; cols := '{visit_id,indicator_id}';
    WHEN 'difficulties', 'requests' THEN parents := '{visits,delegations}'; cols := '{visit_id,delegation_id}';
    ELSE RETURN;
    END CASE;
    FOR i IN 1 .. array_length(parents, 1) LOOP
        ref := nullif(p_body->>cols[i], '');
        IF ref IS NOT NULL AND NOT EXISTS (SELECT 1 FROM giamsat.versions WHERE tbl = parents[i] AND id = ref) THEN
            RAISE foreign_key_violation USING MESSAGE = format('%s points to %s %s, which the server does not hold', p_tbl, parents[i], ref);
        END IF;
    END LOOP;
END $$;


DROP FUNCTION giamsat.held(text, text);

-- whoami: what the connected user stands for, that a PC keeps after each
-- sync so that its window shows read-only what the server would refuse.
-- A superuser stands for the province office; a role that is no Giám sát
-- user ('none': one added after the backup a server was restored from)
-- syncs nothing until it is added again.
CREATE FUNCTION giamsat.whoami(OUT kind text, OUT commune_id text, OUT delegation_id text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = giamsat, pg_temp AS $$
    SELECT coalesce(u.kind, CASE WHEN r.rolsuper THEN 'province' ELSE 'none' END), u.commune_id, u.delegation_id
    FROM pg_roles r LEFT JOIN giamsat.users u ON u.role_name = r.rolname
    WHERE r.rolname = session_user
$$;
GRANT EXECUTE ON FUNCTION giamsat.whoami() TO giamsat_commune, giamsat_delegation, giamsat_province;
