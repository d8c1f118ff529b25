public import PostgresNIO

/// Each host's crash-safety queue in the shared database: one row per committed batch holding
/// its journal entries and file moves (encoded by the daemon, opaque here), added in the
/// transaction that commits the batch and deleted once they are sent and moved. Every row
/// names its host, and a host reads and deletes only its own: its journal and its inbox.
public enum FleetOutbox {
    public struct Batch: Sendable, Equatable {
        public var id: Int64
        public var entries: [UInt8]
        public var moves: [UInt8]

        public init(id: Int64, entries: [UInt8], moves: [UInt8]) {
            self.id = id
            self.entries = entries
            self.moves = moves
        }
    }

    /// Queues a batch in the caller's transaction; returns its row id.
    public static func enqueue(
        entries: [UInt8], moves: [UInt8], host: String, on connection: FleetConnection, logger: Logger
    ) async throws -> Int64 {
        let rows = try await connection.query(
            """
            INSERT INTO outbox_batch (host, entries, moves)
            VALUES (\(host), \(ByteBuffer(bytes: entries)), \(ByteBuffer(bytes: moves))) RETURNING id
            """, logger: logger)
        for id in try rows.decode(Int64.self) { return id }
        throw DatabaseError(code: .query, message: "INSERT INTO outbox_batch returned no id")
    }

    /// The host's batches not yet done, oldest first.
    public static func pending(host: String, on connection: FleetConnection, logger: Logger) async throws -> [Batch] {
        var batches: [Batch] = []
        let rows = try await connection.query(
            "SELECT id, entries, moves FROM outbox_batch WHERE host = \(host) ORDER BY id", logger: logger)
        for (id, entries, moves) in try rows.decode((Int64, ByteBuffer, ByteBuffer).self) {
            batches.append(Batch(id: id, entries: Array(buffer: entries), moves: Array(buffer: moves)))
        }
        return batches
    }

    /// Forgets the host's batches `ids` (sent and moved).
    public static func dequeue(_ ids: [Int64], host: String, on connection: FleetConnection, logger: Logger) async throws {
        guard !ids.isEmpty else { return }
        try await connection.query(
            "DELETE FROM outbox_batch WHERE host = \(host) AND id = ANY(\(ids)::bigint[])", logger: logger)
    }
}
