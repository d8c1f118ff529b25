import Foundation
import Logging
import NewswatchPostgres
import PostgresNIO

/// The real PostgreSQL server the fleet tests run against.
///
/// `scripts/test.sh` starts a throwaway cluster (scripts/postgres-cluster.sh) and passes its
/// details in `NEWSWATCH_TEST_POSTGRES_ENV` (the cluster.env file); run alone (`swift test`),
/// the first test that needs it starts one itself and stops it when the test process exits.
/// No server is a failure of every such test, with the script's words: they never skip.
struct TestCluster: Sendable {
    let socketFolder: String
    let port: Int
    let password: String
    let rootCertificate: String?

    /// The cluster, started once per test process.
    static func shared() throws -> TestCluster {
        try started.get()
    }

    private static let started = Result { () throws(ClusterError) -> TestCluster in
        let environment = ProcessInfo.processInfo.environment
        if let file = environment["NEWSWATCH_TEST_POSTGRES_ENV"], !file.isEmpty {
            return try TestCluster(envFile: file)
        }
        let folder = "/tmp/newswatch-pg-\(UUID().uuidString.prefix(8))"
        let script = repository.appending(path: "scripts/postgres-cluster.sh").path
        let (status, output) = run(["bash", script, "start", folder])
        guard status == 0 else {
            throw ClusterError(message: "scripts/postgres-cluster.sh start \(folder) failed (\(status)): \(output)")
        }
        // Stopped by system(3) at exit: Foundation's Process is not safe while the process ends.
        stopCommand.withLock { $0 = "bash '\(script)' stop '\(folder)' >/dev/null 2>&1" }
        atexit {
            if let command = TestCluster.stopCommand.withLock({ $0 }) { _ = system(command) }
        }
        return try TestCluster(envFile: folder + "/cluster.env")
    }

    private static let stopCommand = LockedValue<String?>(nil)

    static let repository = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    private init(envFile: String) throws(ClusterError) {
        guard let text = try? String(contentsOfFile: envFile, encoding: .utf8) else {
            throw ClusterError(message: "cannot read the test cluster's settings \(envFile)")
        }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        guard let folder = values["NEWSWATCH_TEST_POSTGRES_SOCKET_DIR"],
            let port = values["NEWSWATCH_TEST_POSTGRES_PORT"].flatMap(Int.init),
            let passwordFile = values["NEWSWATCH_TEST_POSTGRES_PASSWORD_FILE"],
            let password = try? String(contentsOfFile: passwordFile, encoding: .utf8)
        else {
            throw ClusterError(message: "\(envFile) lacks the socket folder, port or password file")
        }
        socketFolder = folder
        self.port = port
        self.password = password.trimmingCharacters(in: .newlines)
        rootCertificate = values["NEWSWATCH_TEST_POSTGRES_ROOT_CERT"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A new empty database owned by `newswatch`, for one test.
    func makeDatabase() async throws -> String {
        let name = "test_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "_"))"
        try await withAdmin { admin in
            try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name) OWNER newswatch"), logger: Self.logger)
        }
        return name
    }

    /// Runs `body` as the superuser over the Unix socket (trust), for set-up and for breaking
    /// connections; the connection is closed however `body` ends.
    @discardableResult
    func withAdmin<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let admin = try await PostgresConnection.connect(
            configuration: .init(
                unixSocketPath: "\(socketFolder)/.s.PGSQL.\(port)", username: "postgres", password: nil,
                database: "postgres"),
            id: 0, logger: Self.logger)
        do {
            let result = try await body(admin)
            try await admin.close()
            return result
        } catch {
            try? await admin.close()
            throw error
        }
    }

    /// The URL of `database` over TCP on 127.0.0.1, as an operator writes it.
    func url(_ database: String, query: String = "sslmode=disable") -> String {
        "postgresql://newswatch@127.0.0.1:\(port)/\(database)" + (query.isEmpty ? "" : "?\(query)")
    }

    /// A `FleetDatabase` for `database` as host `host`, with the cluster's password.
    func fleet(_ database: String, host: String = "host-a", query: String = "sslmode=disable") throws -> FleetDatabase {
        let location = try DatabaseLocation(parsing: url(database, query: query))
        return try FleetDatabase(location: location, host: host, password: password, logger: Self.logger)
    }

    static let logger = Logger(label: "newswatch.tests.postgres")

    struct ClusterError: Error, CustomStringConvertible {
        var message: String
        var description: String { "no PostgreSQL test cluster: \(message)" }
    }

    static func run(_ arguments: [String]) -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (-1, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// A value behind a lock, for the few globals of the tests.
final class LockedValue<Value: Sendable>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
