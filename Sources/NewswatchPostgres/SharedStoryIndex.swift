public import PostgresNIO
public import StoryDedup

/// The story index's pages shared by the fleet: each host keeps its in-memory `StoryIndex`,
/// writes the pages it remembers here, and reads the pages other hosts remembered since it
/// last looked.
///
/// "Since" is a transaction horizon, not a row id: ids are handed out before commit, so a row
/// with a smaller id can become visible after a larger one was read. Every row carries the id
/// of the transaction that wrote it (`tx`), and a read returns the rows of transactions below
/// its snapshot's `xmin` (all finished) and at or above the previous read's `xmin`; each
/// committed row is read exactly once, whatever order transactions commit in. Writers send
/// `NOTIFY newswatch_story_index` in the same transaction, so a listener learns of new rows
/// when they commit instead of polling.
///
/// Two hosts that meet renderings of one story at the same moment both miss each other's page
/// in memory. `lockLookupKeys` and `candidates` settle that inside the transaction: a host
/// locks the lookup keys of its batch (sorted, so locks are taken in one order fleet-wide),
/// which waits for any transaction writing a page with one of those keys, then reads the
/// stored pages sharing a key and classifies against them before it writes.
public enum SharedStoryIndex {
    /// The NOTIFY channel; the payload is the writing host's name.
    public static let channel = "newswatch_story_index"

    /// A remembered page as stored.
    public struct Page: Sendable, Equatable {
        public var fingerprint: PageFingerprint
        public var story: UInt64
        public var seenAt: Int64
        /// The host that wrote (or last refreshed) the row.
        public var host: String

        public init(fingerprint: PageFingerprint, story: UInt64, seenAt: Int64, host: String) {
            self.fingerprint = fingerprint
            self.story = story
            self.seenAt = seenAt
            self.host = host
        }
    }

    /// Where the next read of other hosts' pages starts (a transaction id horizon).
    public struct Position: Sendable, Equatable, Comparable {
        public var horizon: UInt64
        public init(horizon: UInt64) { self.horizon = horizon }
        public static func < (a: Position, b: Position) -> Bool { a.horizon < b.horizon }
    }

    /// Stores pages and their lookup keys in the caller's transaction; a stored content id only
    /// has its time moved on. Tells listeners on `channel` at commit.
    public static func remember(_ pages: [Page], on connection: FleetConnection, logger: Logger) async throws {
        guard !pages.isEmpty else { return }
        // One row per content id: an upsert may not touch a row twice in one statement.
        var latest: [UInt64: Page] = [:]
        var order: [UInt64] = []
        for page in pages {
            let id = page.fingerprint.contentID
            if let known = latest[id] {
                if page.seenAt > known.seenAt { latest[id] = page }
            } else {
                latest[id] = page
                order.append(id)
            }
        }
        let unique = order.compactMap { latest[$0] }
        try await connection.query(
            """
            INSERT INTO story_index_page (content_id, story_id, seen_at, sketch, host, precise)
            SELECT u.c, u.s, u.t, u.k, u.h, nullif(u.p, ''::bytea)
            FROM unnest(\(unique.map { Int64(bitPattern: $0.fingerprint.contentID) })::bigint[],
                \(unique.map { Int64(bitPattern: $0.story) })::bigint[], \(unique.map(\.seenAt))::bigint[],
                \(unique.map { ByteBuffer(bytes: $0.fingerprint.sketch) })::bytea[], \(unique.map(\.host))::text[],
                \(unique.map { ByteBuffer(bytes: $0.fingerprint.precise?.codes ?? []) })::bytea[]) AS u(c, s, t, k, h, p)
            ON CONFLICT (content_id) DO UPDATE
                SET seen_at = greatest(story_index_page.seen_at, excluded.seen_at), host = excluded.host,
                    precise = coalesce(story_index_page.precise, excluded.precise), tx = pg_current_xact_id()
            """, logger: logger)
        let keys = lookupKeys(of: unique.map(\.fingerprint))
        let owners = unique.flatMap { page in repeatElement(Int64(bitPattern: page.fingerprint.contentID), count: 4) }
        try await connection.query(
            """
            INSERT INTO lookup_key (key, content_id) SELECT * FROM unnest(\(keys)::bigint[], \(owners)::bigint[])
            ON CONFLICT DO NOTHING
            """, logger: logger)
        try await connection.query("SELECT pg_notify(\(channel), \(unique[0].host))", logger: logger)
    }

    /// The pages seen at or after `cutoff`, and the position from which `changes` goes on.
    public static func load(seenSince cutoff: Int64, on connection: FleetConnection, logger: Logger) async throws
        -> (pages: [Page], position: Position)
    {
        try await read(
            """
            WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
            SELECT h.xmin::text, p.content_id, p.story_id, p.seen_at, p.sketch, p.host
            FROM horizon h LEFT JOIN story_index_page p ON p.seen_at >= \(cutoff) AND p.tx < h.xmin
            ORDER BY p.tx, p.id
            """, on: connection, logger: logger)
    }

    /// Pages written by hosts other than `host` since `position`, oldest first, and the next position.
    ///
    /// A row is returned once every transaction that was writing when it committed has ended:
    /// a writing transaction that stays open (on any database of the server) holds new rows
    /// back until it ends. newswatch's own transactions last one batch.
    public static func changes(
        since position: Position, excludingHost host: String, on connection: FleetConnection, logger: Logger
    ) async throws -> (pages: [Page], position: Position) {
        try await read(
            """
            WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
            SELECT h.xmin::text, p.content_id, p.story_id, p.seen_at, p.sketch, p.host
            FROM horizon h LEFT JOIN story_index_page p
                ON p.tx >= \(String(position.horizon))::xid8 AND p.tx < h.xmin AND p.host <> \(host)
            ORDER BY p.tx, p.id
            """, on: connection, logger: logger)
    }

    /// Takes transaction-level locks on the lookup keys of `fingerprints` (a batch's pages) in
    /// ascending order: waits for every other transaction that locked one of them to end.
    public static func lockLookupKeys(
        of fingerprints: [PageFingerprint], on connection: FleetConnection, logger: Logger
    ) async throws {
        let sorted = Set(lookupKeys(of: fingerprints)).sorted()
        guard !sorted.isEmpty else { return }
        // One statement, locks in array order (a plain SELECT … ORDER BY does not promise the
        // order in which the lock function runs).
        try await connection.query(
            "SELECT newswatch_lock_keys(\(sorted)::bigint[])", logger: logger)
    }

    /// Stored pages that share a lookup key with one of `fingerprints` (any host's, committed
    /// before this statement).
    public static func candidates(
        sharingKeysWith fingerprints: [PageFingerprint], on connection: FleetConnection, logger: Logger
    ) async throws -> [Page] {
        let wanted = Array(Set(lookupKeys(of: fingerprints)))
        guard !wanted.isEmpty else { return [] }
        let rows = try await connection.query(
            """
            SELECT p.content_id, p.story_id, p.seen_at, p.sketch, p.host FROM story_index_page p
            WHERE p.content_id IN (SELECT k.content_id FROM lookup_key k WHERE k.key = ANY(\(wanted)::bigint[]))
            ORDER BY p.id
            """, logger: logger)
        var pages: [Page] = []
        for (contentID, story, seenAt, sketch, host) in try rows.decode((Int64, Int64, Int64, ByteBuffer, String).self) {
            if let page = page(contentID, story, seenAt, sketch, host) { pages.append(page) }
        }
        return pages
    }

    /// The precise signatures stored for the pages `documents` (content ids); pages stored
    /// without one are left out.
    public static func preciseSignatures(
        of documents: [UInt64], on connection: FleetConnection, logger: Logger
    ) async throws -> [UInt64: PreciseSignature] {
        guard !documents.isEmpty else { return [:] }
        let rows = try await connection.query(
            """
            SELECT content_id, precise FROM story_index_page
            WHERE content_id = ANY(\(documents.map { Int64(bitPattern: $0) })::bigint[]) AND precise IS NOT NULL
            """, logger: logger)
        var signatures: [UInt64: PreciseSignature] = [:]
        for (contentID, codes) in try rows.decode((Int64, ByteBuffer).self) {
            if let signature = PreciseSignature(codes: Array(buffer: codes)) {
                signatures[UInt64(bitPattern: contentID)] = signature
            }
        }
        return signatures
    }

    /// Adds pages read from the database to a host's in-memory index; a known content id only
    /// has its time moved on.
    public static func apply(_ pages: [Page], to index: inout StoryIndex) {
        for page in pages {
            index.insert(page.fingerprint, story: page.story, seenAt: page.seenAt)
        }
    }

    /// The four lookup keys of each fingerprint, in order, as the database stores them.
    static func lookupKeys(of fingerprints: [PageFingerprint]) -> [Int64] {
        fingerprints.flatMap { fingerprint in (0..<4).map { Int64(bitPattern: fingerprint.keys[$0]) } }
    }

    private static func read(_ query: PostgresQuery, on connection: FleetConnection, logger: Logger) async throws
        -> (pages: [Page], position: Position)
    {
        var pages: [Page] = []
        var horizon: UInt64 = 0
        let rows = try await connection.query(query, logger: logger)
        for (xmin, contentID, story, seenAt, sketch, host) in try rows.decode((String, Int64?, Int64?, Int64?, ByteBuffer?, String?).self) {
            horizon = UInt64(xmin) ?? horizon
            guard let contentID, let story, let seenAt, let sketch, let host else { continue }
            if let page = page(contentID, story, seenAt, sketch, host) { pages.append(page) }
        }
        return (pages, Position(horizon: horizon))
    }

    private static func page(_ contentID: Int64, _ story: Int64, _ seenAt: Int64, _ sketch: ByteBuffer, _ host: String)
        -> Page?
    {
        let fingerprint = sketch.withUnsafeReadableBytes {
            PageFingerprint(contentID: UInt64(bitPattern: contentID), sketch: $0)
        }
        return fingerprint.map { Page(fingerprint: $0, story: UInt64(bitPattern: story), seenAt: seenAt, host: host) }
    }
}

extension FleetSchema {
    /// `newswatch_lock_keys`: advisory transaction locks on lookup keys, in the array's order.
    static let lockKeysFunction = """
        CREATE FUNCTION newswatch_lock_keys(p_keys bigint[]) RETURNS void
        LANGUAGE plpgsql AS $fn$
        DECLARE
            k bigint;
        BEGIN
            FOREACH k IN ARRAY p_keys LOOP
                PERFORM pg_advisory_xact_lock(k);
            END LOOP;
        END
        $fn$
        """
}
