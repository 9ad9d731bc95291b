-- The province server's schema: the versions of records that PCs push and
-- pull (docs/server.md). Applied by giamsat -server-init, in one transaction.

CREATE SCHEMA giamsat;

-- Which migrations this server has (a program that knows fewer refuses
-- it), and the server's identity: what a PC's receipts say they came from.
CREATE TABLE giamsat.schema_info (
    version   integer NOT NULL,
    server_id text NOT NULL DEFAULT gen_random_uuid()::text
);
INSERT INTO giamsat.schema_info (version) VALUES (0);

-- One row per version the server keeps of a record: every version that no
-- other version held of the same record descends from.
CREATE TABLE giamsat.versions (
    seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tbl           text NOT NULL CHECK (tbl IN ('communes', 'indicators', 'delegations', 'members',
                      'visits', 'sessions', 'indicator_values', 'difficulties', 'requests')),
    id            text NOT NULL CHECK (id <> '' AND length(id) <= 64),
    version       text NOT NULL,
    content_hash  text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{32}$'),
    deleted       boolean NOT NULL,
    body          jsonb NOT NULL,
    delegation_id text,
    commune_ids   text[] NOT NULL DEFAULT '{}',
    pushed_by     name NOT NULL DEFAULT current_user,
    -- The writing transaction: a pull reads below every transaction still
    -- running, so that no row committed late is passed over.
    xid           xid8 NOT NULL DEFAULT pg_current_xact_id(),
    UNIQUE (tbl, id, version, content_hash)
);
CREATE INDEX versions_record ON giamsat.versions (tbl, id);
CREATE INDEX versions_xid ON giamsat.versions (xid);
ALTER TABLE giamsat.versions ENABLE ROW LEVEL SECURITY;

-- The users: one PostgreSQL role each, and what it stands for.
CREATE TABLE giamsat.users (
    role_name     name PRIMARY KEY,
    kind          text NOT NULL CHECK (kind IN ('commune', 'delegation', 'province')),
    commune_id    text,
    delegation_id text,
    CHECK ((kind = 'commune') = (commune_id IS NOT NULL)),
    CHECK ((kind = 'delegation') = (delegation_id IS NOT NULL))
);

-- A version vector in its compact form ("0:1,a1b2:7") as rows.
CREATE FUNCTION giamsat.vector(v text) RETURNS TABLE (replica text, counter bigint)
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT split_part(p, ':', 1), split_part(p, ':', 2)::bigint
    FROM string_to_table(v, ',') AS p
    WHERE p <> ''
$$;

-- covers(a, b): every counter of b is at most a's (a has seen all of b).
CREATE FUNCTION giamsat.covers(a text, b text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT NOT EXISTS (
        SELECT 1 FROM giamsat.vector(b) vb LEFT JOIN giamsat.vector(a) va USING (replica)
        WHERE va.counter IS NULL OR va.counter < vb.counter)
$$;

-- compare(a, b) says how version a stands to version b, as db.Version's
-- Compare does: 'same', 'newer' (a descends from b), 'older', 'concurrent'.
CREATE FUNCTION giamsat.compare(a text, b text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE
        WHEN giamsat.covers(a, b) AND giamsat.covers(b, a) THEN 'same'
        WHEN giamsat.covers(a, b) THEN 'newer'
        WHEN giamsat.covers(b, a) THEN 'older'
        ELSE 'concurrent' END
$$;

-- The group roles a user's role belongs to (roles are the cluster's, so
-- made only where missing).
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['giamsat_commune', 'giamsat_delegation', 'giamsat_province'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END $$;
GRANT USAGE ON SCHEMA giamsat TO giamsat_commune, giamsat_delegation, giamsat_province;
GRANT SELECT ON giamsat.schema_info TO giamsat_commune, giamsat_delegation, giamsat_province;
