import GRDB

extension StateDatabase {
    /// Deletes what is older than `cutoff` (unix seconds): remembered pages, page records,
    /// and stories not seen since, with their alert marks. Returns the rows deleted.
    func prune(olderThan cutoff: Int64, in db: Database) throws -> Int {
        var deleted = try StoryIndexStore.prune(olderThan: cutoff, in: db)
        try db.execute(sql: "DELETE FROM page WHERE seen_at < ?", arguments: [cutoff])
        deleted += db.changesCount
        try db.execute(
            sql: "DELETE FROM story_topic WHERE story IN (SELECT id FROM story WHERE last_seen < ?)",
            arguments: [cutoff])
        deleted += db.changesCount
        try db.execute(sql: "DELETE FROM story WHERE last_seen < ?", arguments: [cutoff])
        deleted += db.changesCount
        return deleted
    }
}
