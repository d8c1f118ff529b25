import Foundation
import Logging
import NewswatchPostgres
import NewswatchTestSupport
import PostgresNIO
import Testing

/// A server that goes away or stops answering in the middle of a transaction: every call
/// ends with an error that names the database, never waits for good, and the next
/// transaction opens a new connection.
@Suite("fleet database outages", .serialized, .timeLimit(.minutes(3)))
struct FleetDatabaseOutageTests {
    /// How long a call may take here before the test calls it hung (the bounds under test are
    /// one to three seconds).
    static let hung = Duration.seconds(20)

    @Test func aStatementAfterTheServerStoppedFailsInsteadOfWaiting() async throws {
        let cluster = try TestCluster.startPrivate()
        let name = try await cluster.makeDatabase()
        let database = try cluster.fleet(name)
        // PostgresNIO 1.33 never answered this statement: the server closed the connection
        // after the first one, and the second went to a closed channel.
        let outcome = await Self.within(Self.hung) {
            try await database.transaction { connection in
                try await connection.query("SELECT 1", logger: TestCluster.logger)
                try cluster.stopServer()
                try await Task.sleep(for: .milliseconds(300))
                try await connection.query("SELECT 2", logger: TestCluster.logger)
            }
        }
        let error = try #require(outcome?.failure as? DatabaseError, "\(String(describing: outcome))")
        #expect(error.isLoss, "\(error)")
        #expect(error.message.contains("127.0.0.1:\(cluster.port)/\(name)"), "\(error)")

        try cluster.startServer()
        let answer = await Self.within(Self.hung) { try await Self.one(database) }
        #expect(answer?.value == 1, "\(String(describing: answer))")
        await database.close()
    }

    @Test func aStatementPastTheTransactionLimitTimesOutAndClosesItsConnection() async throws {
        let cluster = try TestCluster.shared()
        let name = try await cluster.makeDatabase()
        let database = try FleetDatabase(
            location: try DatabaseLocation(parsing: cluster.url(name)), host: "a", password: cluster.password,
            transactionLimit: .seconds(2), logger: TestCluster.logger)
        let started = ContinuousClock.now
        let outcome = await Self.within(Self.hung) {
            try await database.transaction { connection in
                try await connection.query("SELECT pg_sleep(30)", logger: TestCluster.logger)
            }
        }
        let error = try #require(outcome?.failure as? DatabaseError, "\(String(describing: outcome))")
        #expect(error.code == .timeout, "\(error)")
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(
            error.message.contains("\"SELECT pg_sleep(30)\" on newswatch@127.0.0.1:\(cluster.port)/\(name)")
                && error.message.contains("2.000 s"), "\(error)")
        let answer = await Self.within(Self.hung) { try await Self.one(database) }
        #expect(answer?.value == 1, "a new connection serves the next transaction: \(String(describing: answer))")
        await database.close()
    }

    @Test func anInterruptEndsTheCallUnderWayAndEveryCallAfterIt() async throws {
        let cluster = try TestCluster.shared()
        let name = try await cluster.makeDatabase()
        let database = try cluster.fleet(name)
        _ = try await Self.one(database)
        let interrupter = Task {
            try await Task.sleep(for: .milliseconds(500))
            database.interrupt(after: .milliseconds(500), because: "the test stops")
        }
        let outcome = await Self.within(Self.hung) {
            try await database.transaction { connection in
                try await connection.query("SELECT pg_sleep(30)", logger: TestCluster.logger)
            }
        }
        try await interrupter.value
        let error = try #require(outcome?.failure as? DatabaseError, "\(String(describing: outcome))")
        #expect(error.code == .interrupted && error.message.hasSuffix("the test stops"), "\(error)")
        let after = await Self.within(Self.hung) { try await Self.one(database) }
        #expect((after?.failure as? DatabaseError)?.code == .interrupted, "\(String(describing: after))")
    }

    @Test func cancellingTheCallerEndsAStatementTheServerHolds() async throws {
        let cluster = try TestCluster.shared()
        let name = try await cluster.makeDatabase()
        let database = try cluster.fleet(name)
        let started = ContinuousClock.now
        // Cancelled once the transaction is under way (a loaded host may take longer than any
        // fixed wait to connect and BEGIN), and a moment into the statement.
        let begun = AsyncGate()
        let caller = Task {
            try await database.transaction { connection in
                await begun.open()
                return try await connection.query("SELECT pg_sleep(30)", logger: TestCluster.logger)
            }
        }
        await begun.wait()
        try await Task.sleep(for: .milliseconds(200))
        caller.cancel()
        let outcome = await Self.within(Self.hung) { try await caller.value }
        #expect(outcome?.failure is CancellationError, "\(String(describing: outcome))")
        #expect(ContinuousClock.now - started < .seconds(10))
        let answer = await Self.within(Self.hung) { try await Self.one(database) }
        #expect(answer?.value == 1, "\(String(describing: answer))")
        await database.close()
    }

    private static func one(_ database: FleetDatabase) async throws -> Int {
        try await database.transaction { connection in
            try await connection.query("SELECT 1", logger: TestCluster.logger).decode(Int.self).first ?? 0
        }
    }

    /// The outcome of `body`, or nil when it has not ended within `limit` (it is then left
    /// running, so that a regression fails this test rather than hanging the suite).
    static func within<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async
        -> Outcome<T>?
    {
        let result = LockedValue<CheckedContinuation<Outcome<T>?, Never>?>(nil)
        return await withCheckedContinuation { continuation in
            result.withLock { $0 = continuation }
            Task {
                let outcome: Outcome<T>
                do { outcome = .value(try await body()) } catch { outcome = .failure(error) }
                result.withLock { $0.take() }?.resume(returning: outcome)
            }
            Task {
                try? await Task.sleep(for: limit)
                result.withLock { $0.take() }?.resume(returning: nil)
            }
        }
    }

    enum Outcome<T: Sendable>: Sendable {
        case value(T)
        case failure(any Error)

        var value: T? {
            if case .value(let value) = self { value } else { nil }
        }
        var failure: (any Error)? {
            if case .failure(let error) = self { error } else { nil }
        }
    }
}
