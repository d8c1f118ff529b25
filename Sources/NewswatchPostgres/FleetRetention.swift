import PostgresNIO

/// Retention of the shared state, run once for the fleet rather than once per host.
///
/// Every host's retention timer calls `prune`; the one row of `retention_run` decides. It is
/// locked with `SKIP LOCKED`, so while one host prunes the others return at once instead of
/// queueing behind it, and a host that finds the last run younger than `interval` does
/// nothing. The deletes and the new `pruned_at` commit together.
public enum FleetRetention {
    /// What a `prune` call did.
    public enum Outcome: Sendable, Equatable {
        /// This host pruned: rows deleted from the story index, pages and alert marks.
        case pruned(rows: Int)
        /// Another host is pruning right now.
        case busy
        /// The last run (by any host) is younger than the interval.
        case recent(prunedAt: Int64, by: String?)
    }

    /// Deletes what was last seen before `cutoff` (unix seconds), unless a host pruned less
    /// than `interval` seconds before `now` or is pruning now.
    public static func prune(
        olderThan cutoff: Int64, interval: Int64, now: Int64, on database: FleetDatabase
    ) async throws -> Outcome {
        let logger = database.logger
        // Deleting a day of a busy fleet's rows may take longer than a batch's limit.
        return try await database.transaction(limit: .seconds(300)) { connection in
            var last: (Int64, String?)?
            for row in try await connection.query(
                "SELECT pruned_at, host FROM retention_run WHERE id = 1 FOR UPDATE SKIP LOCKED", logger: logger
            ).decode((Int64, String?).self) {
                last = row
            }
            guard let (prunedAt, by) = last else { return .busy }
            if now - prunedAt < interval { return .recent(prunedAt: prunedAt, by: by) }
            var deleted = 0
            // Lookup keys go with their pages (ON DELETE CASCADE).
            // Each delete counts its rows in the same statement (the async API has no row count).
            for statement: PostgresQuery in [
                "WITH gone AS (DELETE FROM story_index_page WHERE seen_at < \(cutoff) RETURNING 1) SELECT count(*) FROM gone",
                "WITH gone AS (DELETE FROM page WHERE seen_at < \(cutoff) RETURNING 1) SELECT count(*) FROM gone",
                """
                WITH gone AS (
                    DELETE FROM story_topic st WHERE alerted_at < \(cutoff)
                        AND NOT EXISTS (SELECT 1 FROM page p WHERE p.story = st.story)
                    RETURNING 1)
                SELECT count(*) FROM gone
                """,
            ] {
                for count in try await connection.query(statement, logger: logger).decode(Int.self) {
                    deleted += count
                }
            }
            try await connection.query(
                "UPDATE retention_run SET pruned_at = \(now), host = \(database.host) WHERE id = 1", logger: logger)
            return .pruned(rows: deleted)
        }
    }
}
