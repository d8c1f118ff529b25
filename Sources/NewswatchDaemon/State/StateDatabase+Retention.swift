import GRDB

extension StateDatabase {
    /// Deletes what is older than `cutoff` (unix seconds): remembered pages, page records,
    /// and the alert marks of stories with no page since. Returns the rows deleted.
    func prune(olderThan cutoff: Int64, in db: Database) throws -> Int {
        var deleted = try StoryIndexStore.prune(olderThan: cutoff, in: db)
        try db.execute(sql: "DELETE FROM page WHERE seen_at < ?", arguments: [cutoff])
        deleted += db.changesCount
        try db.execute(
            sql: "DELETE FROM story_topic WHERE alerted_at < ? AND story NOT IN (SELECT story FROM page WHERE story IS NOT NULL)",
            arguments: [cutoff])
        deleted += db.changesCount
        return deleted
    }
}
