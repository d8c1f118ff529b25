import Foundation
public import GRDB
import NewswatchCore
public import StoryDedup

/// Keeps the story index's pages in SQLite so the daemon remembers stories across restarts.
///
/// One row a distinct normalised body: content id, story id, last time seen and the
/// 48-byte sketch. Loading reads the rows with one cursor and no per-row records, so a
/// million pages load in about a second. Each page's 256-byte precise signature sits in a
/// table of its own under the page row's id, so loading never reads it, new signatures are
/// appended at the end of the table rather than spread over it, and a candidate's signature
/// is a content-id index lookup and a rowid lookup away.
public enum StoryIndexStore {
    static let table = "story_index_page"
    static let preciseTable = "story_index_precise"

    /// Registers the store's tables; migration ids start with `story-index-`.
    public static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("story-index-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE \(table) (
                        id INTEGER PRIMARY KEY,
                        content_id INTEGER NOT NULL UNIQUE,
                        story_id INTEGER NOT NULL,
                        seen_at INTEGER NOT NULL,
                        sketch BLOB NOT NULL
                    );
                    CREATE INDEX \(table)_seen_at ON \(table)(seen_at);
                    """
            )
        }
        // Pages stored before this migration have no precise signature: their candidates
        // are judged on the coarse estimate until they leave the window.
        migrator.registerMigration("story-index-v2-precise") { db in
            try db.execute(sql: "CREATE TABLE \(preciseTable) (id INTEGER PRIMARY KEY, signature BLOB NOT NULL)")
        }
    }

    /// The index of the pages seen within `configuration.window` before `now` (unix seconds),
    /// in the order they were first stored.
    /// - Throws: `StoryIndexStore.ReadError` for a row whose sketch is damaged, or a GRDB error.
    public static func load(from db: Database, configuration: DedupConfiguration, now: Int64) throws -> StoryIndex {
        let cutoff = now - configuration.window
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE seen_at >= ?", arguments: [cutoff])
        var index = StoryIndex(configuration: configuration, expectedCount: count ?? 0)
        let rows = try Row.fetchCursor(
            db, sql: "SELECT content_id, story_id, seen_at, sketch FROM \(table) WHERE seen_at >= ? ORDER BY id",
            arguments: [cutoff]
        )
        while let row = try rows.next() {
            let contentID = UInt64(bitPattern: row[0] as Int64)
            let fingerprint = try row.withUnsafeData(atIndex: 3) { data -> PageFingerprint? in
                data.flatMap { data in
                    data.withUnsafeBytes { PageFingerprint(contentID: contentID, sketch: $0) }
                }
            }
            guard let fingerprint else {
                throw ReadError(
                    code: .damagedSketch,
                    message: "story index row for content id \(StableHash.hex(contentID)) has a damaged sketch; "
                        + "delete the row or the state database to rebuild it"
                )
            }
            index.restore(fingerprint, story: UInt64(bitPattern: row[1] as Int64), seenAt: row[2] as Int64)
        }
        return index
    }

    /// Stores a page and its precise signature; a page whose content id is stored already
    /// only has its time moved on.
    public static func append(_ fingerprint: PageFingerprint, story: UInt64, seenAt: Int64, in db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO \(table) (content_id, story_id, seen_at, sketch) VALUES (?, ?, ?, ?)
                ON CONFLICT(content_id) DO UPDATE SET seen_at = max(seen_at, excluded.seen_at)
                """
        )
        try statement.execute(arguments: [
            Int64(bitPattern: fingerprint.contentID), Int64(bitPattern: story), seenAt, Data(fingerprint.sketch),
        ])
        if let precise = fingerprint.precise {
            try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO \(preciseTable) (id, signature)
                    SELECT id, ? FROM \(table) WHERE content_id = ?
                    """
            ).execute(arguments: [Data(precise.codes), Int64(bitPattern: fingerprint.contentID)])
        }
    }

    /// Deletes pages last seen before `cutoff` (unix seconds); returns how many.
    public static func prune(olderThan cutoff: Int64, in db: Database) throws -> Int {
        try db.execute(
            sql: "DELETE FROM \(preciseTable) WHERE id IN (SELECT id FROM \(table) WHERE seen_at < ?)",
            arguments: [cutoff])
        try db.execute(sql: "DELETE FROM \(table) WHERE seen_at < ?", arguments: [cutoff])
        return db.changesCount
    }

    /// The precise signatures stored in `db`, for confirming candidates in the transaction
    /// that records the pages.
    public struct PreciseSignatures: PreciseSignatureSource {
        public typealias Failure = any Error
        let db: Database

        public init(_ db: Database) {
            self.db = db
        }

        /// A signature of the wrong size counts as none: the candidate is judged on its coarse
        /// estimate rather than stopping the batch.
        /// - Throws: a GRDB error.
        public func preciseSignature(of document: UInt64) throws -> PreciseSignature? {
            let statement = try db.cachedStatement(
                sql: """
                    SELECT signature FROM \(preciseTable)
                    WHERE id = (SELECT id FROM \(table) WHERE content_id = ?)
                    """)
            return try Data.fetchOne(statement, arguments: [Int64(bitPattern: document)])
                .flatMap { PreciseSignature(codes: [UInt8]($0)) }
        }
    }

    /// Why the stored story index could not be read.
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        public enum Code: String, Sendable {
            case damagedSketch = "damaged-sketch"
        }

        public var code: Code
        public var message: String
        public var description: String { "\(code.rawValue): \(message)" }
    }
}
