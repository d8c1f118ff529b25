import Foundation
import Logging
import NewswatchPostgres
import NewswatchTestSupport
import PostgresNIO
import Testing

/// Connecting to the real test cluster: TCP with scram passwords, the Unix socket, TLS, and
/// what an operator sees when it fails.
@Suite("fleet database connection", .timeLimit(.minutes(2)))
struct FleetDatabaseTests {
    let logger = TestCluster.logger

    /// What the server says about the connection that runs this.
    private func serverView(_ database: FleetDatabase) async throws -> (user: String, db: String, ssl: Bool) {
        try await database.transaction { connection in
            let rows = try await connection.query(
                """
                SELECT current_user::text, current_database()::text,
                    coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false)
                """, logger: logger)
            for row in try rows.decode((String, String, Bool).self) { return row }
            throw TestCluster.ClusterError(message: "no row")
        }
    }

    @Test func aPasswordConnectsOverTCP() async throws {
        let cluster = try TestCluster.shared()
        let name = try await cluster.makeDatabase()
        let database = try cluster.fleet(name)
        let view = try await serverView(database)
        #expect(view.user == "newswatch" && view.db == name && !view.ssl)
        await database.close()
    }

    @Test func theUnixSocketConnectsWithoutPassword() async throws {
        let cluster = try TestCluster.shared()
        let name = try await cluster.makeDatabase()
        let location = try DatabaseLocation(
            parsing: "postgresql:///\(name)?host=\(cluster.socketFolder)&port=\(cluster.port)&user=newswatch")
        let database = try FleetDatabase(location: location, host: "a", password: nil, logger: logger)
        let view = try await serverView(database)
        #expect(view.user == "newswatch" && view.db == name)
        await database.close()
    }

    @Test(arguments: ["sslmode=require", "sslmode=verify-full&sslrootcert=ROOT", "sslmode=verify-ca&sslrootcert=ROOT"])
    func tlsModesEncryptTheConnection(query: String) async throws {
        let cluster = try TestCluster.shared()
        let root = try #require(cluster.rootCertificate, "the test cluster runs without TLS (openssl missing?)")
        let name = try await cluster.makeDatabase()
        let database = try cluster.fleet(name, query: query.replacingOccurrences(of: "ROOT", with: root))
        #expect(try await serverView(database).ssl)
        await database.close()
    }

    @Test func verifyFullRefusesACertificateNoTrustedCASigned() async throws {
        let cluster = try TestCluster.shared()
        let name = try await cluster.makeDatabase()
        let database = try cluster.fleet(name, query: "sslmode=verify-full")
        await #expect {
            _ = try await database.connection(attempts: 1)
        } throws: { error in
            let error = error as? DatabaseError
            return error?.code == .connect && error?.message.contains("127.0.0.1:\(cluster.port)/\(name)") == true
        }
    }

    @Test func aWrongPasswordNamesServerDatabaseAndCause() async throws {
        let cluster = try TestCluster.shared()
        let name = try await cluster.makeDatabase()
        let location = try DatabaseLocation(parsing: cluster.url(name))
        let database = try FleetDatabase(location: location, host: "a", password: "not-it", logger: logger)
        await #expect {
            _ = try await database.connection(attempts: 1)
        } throws: { error in
            guard let error = error as? DatabaseError else { return false }
            return error.message.hasPrefix("cannot connect to newswatch@127.0.0.1:\(cluster.port)/\(name): ")
                && error.message.contains("password authentication failed") && error.sqlState == "28P01"
                && !error.message.contains("not-it")
        }
    }

    @Test func noPasswordWhereTheServerWantsOneSaysWhereToPutIt() async throws {
        let cluster = try TestCluster.shared()
        let name = try await cluster.makeDatabase()
        let database = try FleetDatabase(
            location: try DatabaseLocation(parsing: cluster.url(name)), host: "a", password: nil, logger: logger)
        await #expect {
            _ = try await database.connection(attempts: 1)
        } throws: { error in
            "\(error)".contains("NEWSWATCH_DATABASE_PASSWORD")
        }
    }

    @Test func anUnreachableServerIsRetriedWithGrowingWaitsThenNamed() async throws {
        // A port nothing listens on: take a free one and close it.
        let port = try Self.closedPort()
        let location = try DatabaseLocation(parsing: "postgresql://newswatch@127.0.0.1:\(port)/fleet?sslmode=disable")
        let waits = LockedValue<[Duration]>([])
        let database = try FleetDatabase(
            location: location, host: "a", password: "x",
            backoff: ReconnectBackoff(first: .milliseconds(10), maximum: .milliseconds(40), jitter: 0), logger: logger,
            sleep: { wait in waits.withLock { $0.append(wait) } })
        await #expect {
            _ = try await database.connection(attempts: 5)
        } throws: { error in
            let message = "\(error)"
            return message.hasPrefix("cannot connect to newswatch@127.0.0.1:\(port)/fleet: ")
                && message.lowercased().contains("refused")
        }
        #expect(waits.withLock { $0 } == [.milliseconds(10), .milliseconds(20), .milliseconds(40), .milliseconds(40)])
    }

    @Test func aConnectionKilledByTheServerIsReportedThenReplaced() async throws {
        let cluster = try TestCluster.shared()
        let name = try await cluster.makeDatabase()
        let database = try cluster.fleet(name)
        let first = try await backendPID(database)

        try await cluster.withAdmin { admin in
            try await admin.query("SELECT pg_terminate_backend(\(Int32(first)))", logger: logger)
        }

        // The loss shows as a connection-lost error on the next use, unless the connection
        // noticed the server's goodbye first; either way the use after it reconnects.
        do {
            _ = try await backendPID(database)
        } catch {
            #expect((error as? DatabaseError)?.code == .connectionLost, "\(error)")
            #expect("\(error)".contains(name))
        }
        let second = try await backendPID(database)
        #expect(second != first)
        await database.close()
    }

    @Test func aRefusedStatementLeavesTheConnectionUsable() async throws {
        let cluster = try TestCluster.shared()
        let name = try await cluster.makeDatabase()
        let database = try cluster.fleet(name)
        await #expect {
            try await database.transaction { connection in
                try await connection.query("SELECT * FROM no_such_table", logger: logger)
            }
        } throws: { error in
            (error as? DatabaseError)?.sqlState == "42P01" && "\(error)".contains("no_such_table")
        }
        #expect(try await backendPID(database) > 0)
        await database.close()
    }

    private func backendPID(_ database: FleetDatabase) async throws -> Int {
        try await database.transaction { connection in
            for pid in try await connection.query("SELECT pg_backend_pid()", logger: logger).decode(Int.self) {
                return pid
            }
            return 0
        }
    }

    static func closedPort() throws -> Int {
        let (status, output) = TestCluster.run([
            "python3", "-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])",
        ])
        guard status == 0, let port = Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestCluster.ClusterError(message: "cannot find a free port: \(output)")
        }
        return port
    }
}
