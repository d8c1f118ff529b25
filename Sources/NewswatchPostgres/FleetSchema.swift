public import PostgresNIO

/// The shared state's tables, mirroring the SQLite state (`page`, `story_topic`, the story
/// index, the outbox) plus what a fleet needs: the host of every row, the lookup keys of
/// remembered pages, the hourly alert windows and the last retention run.
///
/// Migrations are numbered and applied in one transaction that first takes a transaction-level
/// advisory lock: two daemons starting at once queue on the lock, and the second finds the
/// versions applied by the first in `newswatch_schema` and applies nothing.
public enum FleetSchema {
    public struct Migration: Sendable {
        public var version: Int
        public var name: String
        /// One statement each: PostgreSQL's extended protocol takes one statement at a time.
        public var statements: [String]
    }

    /// Advisory lock keys of newswatch (the two-integer form, class `newswatch`), apart from
    /// the lookup-key locks, which use the one-bigint form.
    enum LockKey: Int32 {
        case schema = 1
        case retention = 2
        static let namespace: Int32 = 0x6E77_7363  // "nwsc"
    }

    /// What a `migrate` call did.
    public struct Outcome: Sendable, Equatable {
        /// Versions this call applied (empty when another daemon had applied them).
        public var applied: [Int]
        /// The schema version afterwards.
        public var version: Int
    }

    public static var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Brings the database to `latestVersion`.
    /// - Throws: `DatabaseError` with code `.schema` when the database is at a version newer
    ///   than this newswatch knows (a newer daemon migrated it; upgrade this host too).
    public static func migrate(_ database: FleetDatabase) async throws -> Outcome {
        let logger = database.logger
        // A migration may rewrite big tables: it gets ten minutes rather than a batch's limit.
        return try await database.transaction(limit: .seconds(600)) { connection in
            try await connection.query(
                "SELECT pg_advisory_xact_lock(\(LockKey.namespace), \(LockKey.schema.rawValue))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS newswatch_schema (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now(),
                    applied_by text NOT NULL
                )
                """, logger: logger)
            var current = 0
            for version in try await connection.query(
                "SELECT coalesce(max(version), 0) FROM newswatch_schema", logger: logger
            ).decode(Int.self) {
                current = version
            }
            if current > latestVersion {
                throw DatabaseError(
                    code: .schema,
                    message: "the state database \(database.location) has schema version \(current), newer than "
                        + "\(latestVersion) that this newswatch knows; upgrade newswatch on this host")
            }
            var applied: [Int] = []
            for migration in migrations where migration.version > current {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    """
                    INSERT INTO newswatch_schema (version, name, applied_by)
                    VALUES (\(migration.version), \(migration.name), \(database.host))
                    """, logger: logger)
                applied.append(migration.version)
            }
            return Outcome(applied: applied, version: max(current, latestVersion))
        }
    }

    public static let migrations: [Migration] = [
        Migration(version: 1, name: "fleet-v1", statements: tables + [claimFunction, lockKeysFunction]),
        // Each page's precise signature beside its sketch (pages stored before have none and
        // are judged on the coarse estimate), and the state's id for journal entry ids.
        Migration(
            version: 2, name: "fleet-v2-precise-and-id",
            statements: [
                "ALTER TABLE story_index_page ADD COLUMN precise bytea",
                "CREATE TABLE state_meta (key text PRIMARY KEY, value text NOT NULL)",
                """
                INSERT INTO state_meta (key, value)
                VALUES ('id', substr(md5(random()::text || clock_timestamp()::text), 1, 16))
                """,
            ]),
        // `newswatch topics mute` for the whole fleet (FleetMutes).
        Migration(
            version: 3, name: "fleet-v3-topic-mutes",
            statements: [
                "CREATE TABLE topic_mute (topic text PRIMARY KEY, until bigint, muted_at bigint NOT NULL)",
                "INSERT INTO state_meta (key, value) VALUES ('mute_generation', '0')",
            ]),
    ]

    /// The state's random id, made by migration 2.
    public static func stateID(on connection: FleetConnection, logger: Logger) async throws -> String {
        for id in try await connection.query(
            "SELECT value FROM state_meta WHERE key = 'id'", logger: logger
        ).decode(String.self) {
            return id
        }
        throw DatabaseError(code: .schema, message: "state_meta has no id row; the schema is damaged")
    }

    static let tables = [
        // One row per page outcome, as SQLite's `page`, with the host that took the file.
        """
        CREATE TABLE page (
            id bigserial PRIMARY KEY,
            host text NOT NULL,
            file text NOT NULL,
            item integer NOT NULL DEFAULT 0,
            outcome text NOT NULL,
            doc text,
            story text,
            score double precision,
            matched_doc text,
            reason text,
            title text,
            published text,
            source text,
            url text,
            destination text,
            seen_at bigint NOT NULL
        )
        """,
        "CREATE INDEX page_story ON page (story)",
        "CREATE INDEX page_seen_at ON page (seen_at)",
        // Which topics each story alerted for: the unique row an alert claims.
        """
        CREATE TABLE story_topic (
            story text NOT NULL,
            topic text NOT NULL,
            alerted_at bigint NOT NULL,
            host text NOT NULL,
            PRIMARY KEY (story, topic)
        )
        """,
        // The story index's pages (SQLite's story_index_page). `tx` is the writing transaction,
        // so other hosts read what is new by transaction horizon (see SharedStoryIndex).
        """
        CREATE TABLE story_index_page (
            id bigserial PRIMARY KEY,
            content_id bigint NOT NULL UNIQUE,
            story_id bigint NOT NULL,
            seen_at bigint NOT NULL,
            sketch bytea NOT NULL,
            host text NOT NULL,
            tx xid8 NOT NULL DEFAULT pg_current_xact_id()
        )
        """,
        "CREATE INDEX story_index_page_seen_at ON story_index_page (seen_at)",
        "CREATE INDEX story_index_page_tx ON story_index_page (tx)",
        // Each remembered page's four lookup keys, so candidates are found in the database.
        """
        CREATE TABLE lookup_key (
            key bigint NOT NULL,
            content_id bigint NOT NULL REFERENCES story_index_page (content_id) ON DELETE CASCADE,
            PRIMARY KEY (key, content_id)
        )
        """,
        "CREATE INDEX lookup_key_content_id ON lookup_key (content_id)",
        // Each host's outbox, as SQLite's three queue tables; a host reads only its own rows.
        """
        CREATE TABLE outbox_batch (
            id bigserial PRIMARY KEY,
            host text NOT NULL,
            entries bytea NOT NULL,
            moves bytea NOT NULL
        )
        """,
        "CREATE INDEX outbox_batch_host ON outbox_batch (host, id)",
        """
        CREATE TABLE journal_outbox (
            id bigserial PRIMARY KEY,
            host text NOT NULL,
            entry bytea NOT NULL
        )
        """,
        "CREATE INDEX journal_outbox_host ON journal_outbox (host, id)",
        """
        CREATE TABLE pending_move (
            id bigserial PRIMARY KEY,
            host text NOT NULL,
            name bytea NOT NULL,
            device bigint,
            inode bigint,
            destination text NOT NULL,
            reason text
        )
        """,
        "CREATE INDEX pending_move_host ON pending_move (host, id)",
        // `max_per_hour` for the whole fleet: one row per topic with an hour in progress.
        """
        CREATE TABLE alert_window (
            topic text PRIMARY KEY,
            window_start bigint NOT NULL,
            sent integer NOT NULL,
            held integer NOT NULL
        )
        """,
        // The last retention run; one row, claimed by the host that prunes.
        """
        CREATE TABLE retention_run (
            id integer PRIMARY KEY CHECK (id = 1),
            pruned_at bigint NOT NULL,
            host text
        )
        """,
        "INSERT INTO retention_run (id, pruned_at) VALUES (1, 0)",
    ]
}
