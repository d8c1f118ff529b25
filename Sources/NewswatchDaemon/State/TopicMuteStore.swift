import GRDB

/// Mutes in the SQLite state: one row per muted topic, and a counter in `state_meta` that
/// every change moves on, so the running daemon reads one row before a batch and the whole
/// table only when the counter moved.
///
/// All of the mutes' SQL is here, apart from the rest of the state, so it can move behind a
/// state-store protocol on its own.
enum TopicMuteStore {
    static let generationKey = "mute_generation"

    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("newswatch-v4-topic-mutes") { db in
            try db.execute(
                sql: """
                    CREATE TABLE topic_mute (
                        topic TEXT PRIMARY KEY,
                        until INTEGER,
                        muted_at INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    INSERT INTO state_meta (key, value) VALUES ('\(generationKey)', '0');
                    """)
        }
    }

    /// The counter every mute and unmute moves on.
    static func generation(in db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM state_meta WHERE key = ?", arguments: [generationKey]) ?? 0
    }

    /// Mutes `topic` until `until` (nil: until unmuted), replacing an earlier mute of it, and
    /// forgets mutes whose time is up.
    static func mute(_ topic: String, until: Int64?, now: Int64, in db: Database) throws {
        try db.execute(sql: "DELETE FROM topic_mute WHERE until <= ?", arguments: [now])
        try db.execute(
            sql: "INSERT OR REPLACE INTO topic_mute (topic, until, muted_at) VALUES (?, ?, ?)",
            arguments: [topic, until, now])
        try advanceGeneration(in: db)
    }

    /// Ends the mute of `topic`; false when it was not muted (or its time was up).
    static func unmute(_ topic: String, now: Int64, in db: Database) throws -> Bool {
        try db.execute(sql: "DELETE FROM topic_mute WHERE topic = ? AND (until IS NULL OR until > ?)", arguments: [topic, now])
        let ended = db.changesCount > 0
        try db.execute(sql: "DELETE FROM topic_mute WHERE until <= ?", arguments: [now])
        if ended { try advanceGeneration(in: db) }
        return ended
    }

    /// The mutes in force at `now`, by topic id.
    static func mutes(at now: Int64, in db: Database) throws -> [TopicMute] {
        try Row.fetchAll(
            db, sql: "SELECT topic, until, muted_at FROM topic_mute WHERE until IS NULL OR until > ? ORDER BY topic",
            arguments: [now]
        ).map { TopicMute(topic: $0["topic"], until: $0["until"], mutedAt: $0["muted_at"]) }
    }

    /// The mutes and the counter they belong to, read in one transaction.
    static func load(at now: Int64, in db: Database) throws -> TopicMutes {
        TopicMutes(generation: try generation(in: db), mutes: try mutes(at: now, in: db))
    }

    private static func advanceGeneration(in db: Database) throws {
        try db.execute(
            sql: "UPDATE state_meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = ?",
            arguments: [generationKey])
    }
}
