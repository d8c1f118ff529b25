import Foundation
import GRDB
import StoryDedup
import Synchronization
public import SystemPackage

/// The daemon's SQLite state: every page's outcome with its story, which topics each story
/// has alerted for, the duplicate index, and the two queues that make a crash lose nothing
/// (journal entries not yet in the journal, files not yet moved).
///
/// A file's outcome, its journal entries and its move are written in one transaction
/// before anything leaves the inbox; after a crash the queues are replayed.
public final class StateDatabase: Sendable {
    public let path: FilePath
    /// A random id made when the database was created: the first part of every journal
    /// entry id, so entries of different state databases never share an id.
    let id: String
    let pool: DatabasePool
    /// Write transactions committed so far; the checkpoint service waits for a quiet moment.
    let commits = Atomic<Int>(0)
    private let checkpointer: DatabaseQueue

    public init(path: FilePath) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            // WAL with synchronous=NORMAL: a commit survives a process crash (SIGKILL);
            // only a power loss may take the last transactions back.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Checkpoints (which fsync) run from CheckpointService, off the path from a drop
            // to its journal entry.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        }
        pool = try DatabasePool(path: path.string, configuration: configuration)
        try Self.migrator.migrate(pool)
        id = try pool.read { db in try String.fetchOne(db, sql: "SELECT value FROM state_meta WHERE key = 'id'") } ?? ""
        var checkpointing = Configuration()
        checkpointing.busyMode = .timeout(5)
        checkpointer = try DatabaseQueue(path: path.string, configuration: checkpointing)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("newswatch-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE page (
                        id INTEGER PRIMARY KEY,
                        file TEXT NOT NULL,
                        item INTEGER NOT NULL DEFAULT 0,
                        outcome TEXT NOT NULL,
                        doc TEXT,
                        story TEXT,
                        score REAL,
                        matched_doc TEXT,
                        reason TEXT,
                        title TEXT,
                        published TEXT,
                        source TEXT,
                        url TEXT,
                        destination TEXT,
                        seen_at INTEGER NOT NULL
                    );
                    CREATE INDEX page_story ON page(story);
                    CREATE TABLE story_topic (
                        story TEXT NOT NULL,
                        topic TEXT NOT NULL,
                        alerted_at INTEGER NOT NULL,
                        PRIMARY KEY (story, topic)
                    ) WITHOUT ROWID;
                    CREATE TABLE journal_outbox (
                        id INTEGER PRIMARY KEY,
                        entry BLOB NOT NULL
                    );
                    CREATE TABLE pending_move (
                        id INTEGER PRIMARY KEY,
                        name BLOB NOT NULL,
                        device INTEGER,
                        inode INTEGER,
                        destination TEXT NOT NULL,
                        reason TEXT
                    );
                    """)
        }
        StoryIndexStore.registerMigrations(&migrator)
        migrator.registerMigration("newswatch-v2-outbox-batch") { db in
            // One row per committed batch: its journal entries and moves (OutboxBatchCoding).
            try db.execute(
                sql: """
                    CREATE TABLE outbox_batch (
                        id INTEGER PRIMARY KEY,
                        entries BLOB NOT NULL,
                        moves BLOB NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("newswatch-v3-entry-ids") { db in
            // Entry ids are STATE-BATCH-INDEX: the batch row ids must never be reused, so the
            // outbox gets AUTOINCREMENT, and the state an id of its own. Entries of an older
            // newswatch still queued one a row move into one batch.
            try db.execute(
                sql: """
                    CREATE TABLE state_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
                    INSERT INTO state_meta (key, value) VALUES ('id', lower(hex(randomblob(8))));
                    CREATE TABLE outbox (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        entries BLOB NOT NULL,
                        moves BLOB NOT NULL
                    );
                    INSERT INTO outbox (id, entries, moves) SELECT id, entries, moves FROM outbox_batch;
                    DROP TABLE outbox_batch;
                    """)
            let single = try Data.fetchAll(db, sql: "SELECT entry FROM journal_outbox ORDER BY id")
                .compactMap { JournalEntry(encoded: [UInt8]($0)) }
            if !single.isEmpty {
                _ = try enqueueBatch(single, moves: [], in: db)
            }
            try db.execute(sql: "DROP TABLE journal_outbox")
        }
        TopicMuteStore.registerMigrations(&migrator)
        return migrator
    }

    /// Runs `body` in one write transaction.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        let result = try pool.write(body)
        commits.add(1, ordering: .relaxed)
        return result
    }

    /// Copies committed pages from the WAL into the database file without blocking the
    /// writer (`PRAGMA wal_checkpoint(PASSIVE)` on a connection of its own).
    func checkpoint() throws {
        // Outside a transaction: SQLite refuses to checkpoint inside one.
        try checkpointer.writeWithoutTransaction { db in
            _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }
}
