import Logging
import NewswatchPostgres
import NewswatchTestSupport
import PostgresNIO
import Testing

/// Several hosts against one fresh database of the test cluster, connected before they start.
struct Fleet {
    let name: String
    let hosts: [FleetDatabase]

    static func make(_ count: Int, migrated: Bool = true) async throws -> Fleet {
        let cluster = try TestCluster.shared()
        let name = try await cluster.makeDatabase()
        var hosts: [FleetDatabase] = []
        for number in 0..<count {
            let host = try cluster.fleet(name, host: "host-\(Character(UnicodeScalar(UInt8(97 + number))))")
            _ = try await host.connection(attempts: 3)
            hosts.append(host)
        }
        if migrated { _ = try await FleetSchema.migrate(hosts[0]) }
        return Fleet(name: name, hosts: hosts)
    }

    /// Runs `body` on every host at once; results in host order.
    func concurrently<T: Sendable>(_ body: @escaping @Sendable (Int, FleetDatabase) async throws -> T) async throws -> [T] {
        try await withThrowingTaskGroup(of: (Int, T).self) { group in
            for (number, host) in hosts.enumerated() {
                group.addTask { (number, try await body(number, host)) }
            }
            var results = [T?](repeating: nil, count: hosts.count)
            for try await (number, result) in group { results[number] = result }
            return results.map { $0! }
        }
    }

    /// One value of a query on the first host.
    func scalar<T: PostgresDecodable & Sendable>(_ query: PostgresQuery, as type: T.Type) async throws -> T? {
        try await hosts[0].transaction { connection in
            for value in try await connection.query(query, logger: TestCluster.logger).decode(T.self) {
                return value
            }
            return nil
        }
    }

    func close() async {
        for host in hosts { await host.close() }
    }
}

@Suite("fleet schema", .timeLimit(.minutes(2)))
struct FleetSchemaTests {
    @Test func fourDaemonsStartingAtOnceApplyEachMigrationOnce() async throws {
        let fleet = try await Fleet.make(4, migrated: false)
        let outcomes = try await fleet.concurrently { _, host in try await FleetSchema.migrate(host) }
        let applied = outcomes.flatMap(\.applied).sorted()
        #expect(applied == FleetSchema.migrations.map(\.version))
        #expect(outcomes.allSatisfy { $0.version == FleetSchema.latestVersion })
        let rows = try await fleet.scalar("SELECT count(*) FROM newswatch_schema", as: Int.self)
        #expect(rows == FleetSchema.migrations.count)
        await fleet.close()
    }

    @Test func aMigratedDatabaseIsLeftAlone() async throws {
        let fleet = try await Fleet.make(1)
        let again = try await FleetSchema.migrate(fleet.hosts[0])
        #expect(again.applied.isEmpty && again.version == FleetSchema.latestVersion)
        await fleet.close()
    }

    @Test func aNewerSchemaStopsAnOlderDaemonWithAClearError() async throws {
        let fleet = try await Fleet.make(1)
        _ = try await fleet.hosts[0].transaction { connection in
            try await connection.query(
                "INSERT INTO newswatch_schema (version, name, applied_by) VALUES (99, 'future', 'host-z')",
                logger: TestCluster.logger)
        }
        await #expect {
            _ = try await FleetSchema.migrate(fleet.hosts[0])
        } throws: { error in
            (error as? DatabaseError)?.code == .schema && "\(error)".contains("schema version 99")
        }
        await fleet.close()
    }
}
