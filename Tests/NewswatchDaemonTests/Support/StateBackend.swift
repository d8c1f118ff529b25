import Foundation
import NewswatchTestSupport
import SystemPackage
import Testing

@testable import NewswatchDaemon

/// The two state stores the daemon tests run on: the embedded SQLite file, and a database of
/// the PostgreSQL test cluster (a fresh one per test, or one shared by a fleet's daemons).
enum StateBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgresql

    var testDescription: String { rawValue }

    /// What a daemon's config and environment need for this backend.
    struct Prepared: Sendable {
        /// Lines for the `[state]` table, after `directory`.
        var stateLines = ""
        var environment: [String: String] = [:]
        /// The PostgreSQL database's name, to share it with more daemons.
        var database: String?
    }

    /// Makes a new database on the test cluster for `postgresql` (fails without a cluster).
    func prepare(host: String = "host-a") async throws -> Prepared {
        switch self {
        case .sqlite:
            return Prepared()
        case .postgresql:
            return try Self.postgresql(database: try await TestCluster.shared().makeDatabase(), host: host)
        }
    }

    /// A daemon named `host` on the existing database `database` of `cluster` (the shared one
    /// when nil), reaching the server at `address` with the URL parameters `query`.
    static func postgresql(
        database: String, host: String, cluster: TestCluster? = nil, address: String = "127.0.0.1",
        query: String = "sslmode=disable"
    ) throws -> Prepared {
        let cluster = try cluster ?? TestCluster.shared()
        return Prepared(
            stateLines: "database = \"\(cluster.url(database, address: address, query: query))\"\nhost = \"\(host)\"",
            environment: ["NEWSWATCH_DATABASE_PASSWORD": cluster.password], database: database)
    }

    /// A state store of this backend, in process: a SQLite file in `folder`, or a fresh
    /// database of the test cluster.
    func makeStore(in folder: URL) async throws -> any StateStore {
        switch self {
        case .sqlite:
            return SQLiteStateStore(database: try StateDatabase(path: FilePath(folder.appending(path: "state.sqlite").path)))
        case .postgresql:
            let cluster = try TestCluster.shared()
            return try await PostgresStateStore.open(
                url: cluster.url(try await cluster.makeDatabase()), host: "host-a", attempts: 1,
                password: cluster.password, logger: TestCluster.logger)
        }
    }
}
