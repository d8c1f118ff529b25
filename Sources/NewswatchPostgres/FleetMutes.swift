public import PostgresNIO

/// `newswatch topics mute` for a fleet: one mute for every daemon that shares the database.
///
/// As in the SQLite state, a counter (`state_meta` row `mute_generation`) moves on with every
/// change, so each daemon reads one row a batch and the mutes themselves only when they changed.
public enum FleetMutes {
    /// One muted topic as the database holds it.
    public struct Row: Sendable, Equatable {
        public var topic: String
        /// Unix seconds; nil until unmuted.
        public var until: Int64?
        public var mutedAt: Int64
    }

    /// The counter every mute and unmute moves on.
    public static func generation(on connection: FleetConnection, logger: Logger) async throws -> Int64 {
        for value in try await connection.query(
            "SELECT value::bigint FROM state_meta WHERE key = 'mute_generation'", logger: logger
        ).decode(Int64.self) {
            return value
        }
        return 0
    }

    /// The mutes in force at `now`, by topic id.
    public static func mutes(at now: Int64, on connection: FleetConnection, logger: Logger) async throws -> [Row] {
        var rows: [Row] = []
        for (topic, until, mutedAt) in try await connection.query(
            "SELECT topic, until, muted_at FROM topic_mute WHERE until IS NULL OR until > \(now) ORDER BY topic",
            logger: logger
        ).decode((String, Int64?, Int64).self) {
            rows.append(Row(topic: topic, until: until, mutedAt: mutedAt))
        }
        return rows
    }

    /// Mutes `topic` until `until` (nil: until unmuted), replacing an earlier mute of it, and
    /// forgets mutes whose time is up.
    public static func mute(
        _ topic: String, until: Int64?, now: Int64, on connection: FleetConnection, logger: Logger
    ) async throws {
        try await connection.query("DELETE FROM topic_mute WHERE until <= \(now)", logger: logger)
        try await connection.query(
            """
            INSERT INTO topic_mute (topic, until, muted_at) VALUES (\(topic), \(until), \(now))
            ON CONFLICT (topic) DO UPDATE SET until = excluded.until, muted_at = excluded.muted_at
            """, logger: logger)
        try await advanceGeneration(on: connection, logger: logger)
    }

    /// Ends the mute of `topic`; false when it was not muted (or its time was up).
    public static func unmute(_ topic: String, now: Int64, on connection: FleetConnection, logger: Logger) async throws
        -> Bool
    {
        var ended = false
        for _ in try await connection.query(
            "DELETE FROM topic_mute WHERE topic = \(topic) AND (until IS NULL OR until > \(now)) RETURNING topic",
            logger: logger
        ).decode(String.self) {
            ended = true
        }
        try await connection.query("DELETE FROM topic_mute WHERE until <= \(now)", logger: logger)
        if ended { try await advanceGeneration(on: connection, logger: logger) }
        return ended
    }

    private static func advanceGeneration(on connection: FleetConnection, logger: Logger) async throws {
        try await connection.query(
            "UPDATE state_meta SET value = (value::bigint + 1)::text WHERE key = 'mute_generation'", logger: logger)
    }
}
