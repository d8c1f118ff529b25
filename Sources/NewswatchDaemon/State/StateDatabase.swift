import Foundation
import Synchronization
import GRDB
import StoryDedup
public import SystemPackage

/// The daemon's SQLite state: every page's outcome with its story, which topics each story
/// has alerted for, the duplicate index, and the two queues that make a crash lose nothing
/// (journal entries not yet sent, files not yet moved).
///
/// A file's outcome, its journal entries and its move are written in one transaction
/// before anything leaves the inbox; after a crash the queues are replayed.
public final class StateDatabase: Sendable {
    public let path: FilePath
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
