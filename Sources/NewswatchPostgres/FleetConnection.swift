public import Logging
public import PostgresNIO

/// The connection a transaction's body runs its statements on. Every statement ends by the
/// transaction's deadline: it returns its rows, or throws a `DatabaseError` (`.timeout`,
/// `.connectionLost`, `.interrupted`) that names the database and the statement's first
/// words, and the connection is closed. No statement can wait forever, whatever the server
/// or the network does (see `FleetDatabase.bounded`).
public struct FleetConnection: Sendable {
    let database: FleetDatabase
    let connection: PostgresConnection
    /// When the transaction must have ended, and its limit.
    let deadline: ContinuousClock.Instant
    let limit: Duration

    /// Runs `query` and reads all its rows (the reading is bounded too, so rows come back as
    /// an array rather than a stream).
    @discardableResult
    public func query(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await database.bounded(
            "the statement \(Self.summary(of: query.sql))", until: deadline,
            bound: "the transaction's \(FleetDatabase.seconds(limit)) limit", on: connection
        ) { [connection] in
            try await connection.query(query, logger: logger).collect()
        }
    }

    /// The first words of a statement, for error messages (never its values: those are
    /// parameters).
    static func summary(of sql: String) -> String {
        let words = sql.split(whereSeparator: \.isWhitespace)
        return "\"\(words.prefix(4).joined(separator: " "))\(words.count > 4 ? " …" : "")\""
    }
}

extension Array where Element == PostgresRow {
    /// Each row's columns as `types`.
    public func decode<each Column: PostgresDecodable>(
        _ types: (repeat each Column).Type, file: String = #fileID, line: Int = #line
    ) throws -> [(repeat each Column)] {
        try map { try $0.decode(types, file: file, line: line) }
    }
}
