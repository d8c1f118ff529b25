import Foundation
public import Logging
public import NewswatchPostgres
public import PostgresNIO

/// The real PostgreSQL server the fleet tests run against.
///
/// `scripts/test.sh` starts a throwaway cluster (scripts/postgres-cluster.sh) and passes its
/// details in `NEWSWATCH_TEST_POSTGRES_ENV` (the cluster.env file); run alone (`swift test`),
/// the first test that needs it starts one itself and stops it when the test process exits.
/// No server is a failure of every such test, with the script's words: they never skip.
public struct TestCluster: Sendable {
    public let socketFolder: String
    public let port: Int
    public let password: String
    public let rootCertificate: String?
    /// The server's TCP addresses (`listen_addresses`): 127.0.0.1, and any more the cluster
    /// was started with.
    public let listenAddresses: [String]
    /// The folder of `pg_ctl`.
    let serverBinaries: String

    /// The cluster, started once per test process.
    public static func shared() throws -> TestCluster {
        try started.get()
    }

    private static let started = Result { () throws(ClusterError) -> TestCluster in
        let environment = ProcessInfo.processInfo.environment
        if let file = environment["NEWSWATCH_TEST_POSTGRES_ENV"], !file.isEmpty {
            return try TestCluster(envFile: file)
        }
        return try startPrivate()
    }

    /// A cluster of its own, stopped and deleted when the test process exits: for a test that
    /// stops the server, or one that needs it on more addresses, which must not take the
    /// shared one from the other tests.
    /// - Parameter networks: more addresses of this host to listen on, each with the prefix of
    ///   its network (`10.213.7.1/30`), whose clients may log in with the password.
    public static func startPrivate(alsoListeningOn networks: [String] = []) throws(ClusterError) -> TestCluster {
        let folder = "/tmp/newswatch-pg-\(UUID().uuidString.prefix(8))"
        let script = repository.appending(path: "scripts/postgres-cluster.sh").path
        let (status, output) = run(["bash", script, "start", folder] + networks)
        guard status == 0 else {
            throw ClusterError(
                message: "scripts/postgres-cluster.sh start \(([folder] + networks).joined(separator: " ")) failed (\(status)): \(output)")
        }
        // Stopped by system(3) at exit: Foundation's Process is not safe while the process ends.
        stopCommands.withLock { $0.append("bash '\(script)' stop '\(folder)' >/dev/null 2>&1") }
        _ = registerStopAtExit
        return try TestCluster(envFile: folder + "/cluster.env")
    }

    private static let stopCommands = LockedValue<[String]>([])

    private static let registerStopAtExit: Void = {
        atexit {
            for command in TestCluster.stopCommands.withLock({ $0 }) { _ = system(command) }
        }
    }()

    /// Stops the server (`pg_ctl stop -m fast`): connections break, new ones are refused.
    public func stopServer() throws {
        try ownerCommand("\"$pg/pg_ctl\" -D '\(socketFolder)/data' -m fast -w stop")
    }

    /// Starts the stopped server again on the same port and socket folder.
    public func startServer() throws {
        try ownerCommand(
            "\"$pg/pg_ctl\" -D '\(socketFolder)/data' -l '\(socketFolder)/server.log' -w -t 60 "
                + "-o \"-c listen_addresses=\(listenAddresses.joined(separator: ",")) -p \(port) -c unix_socket_directories='\(socketFolder)'\" start"
        )
    }

    /// Runs a shell command as the cluster's owner (`postgres` when root), with `$pg` the
    /// server binaries' folder.
    private func ownerCommand(_ command: String) throws {
        let owner = getuid() == 0 ? "runuser -u postgres -- " : ""
        // The server must not inherit our pipe (run reads it to its end, which would then
        // last as long as the server): every descriptor goes before the command runs, and
        // what it says goes to a file.
        let log = "\(socketFolder)/pg_ctl.log"
        let script = """
            for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null; done
            exec </dev/null >>'\(log)' 2>&1
            pg=\(serverBinaries); \(owner)\(command)
            """
        let (status, _) = Self.run(["bash", "-c", script])
        guard status == 0 else {
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw ClusterError(message: "\(command) failed (\(status)): \(output.suffix(2_000))")
        }
    }

    static let repository = SharedData.repositoryRoot

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
        serverBinaries = values["NEWSWATCH_TEST_POSTGRES_BIN"] ?? "/usr/lib/postgresql/15/bin"
        listenAddresses = (values["NEWSWATCH_TEST_POSTGRES_LISTEN"] ?? "127.0.0.1").split(separator: ",").map(String.init)
    }

    /// A new empty database owned by `newswatch`, for one test.
    public func makeDatabase() async throws -> String {
        let name = "test_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "_"))"
        try await withAdmin { admin in
            try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name) OWNER newswatch"), logger: Self.logger)
        }
        return name
    }

    /// Runs `body` as the superuser over the Unix socket (trust), for set-up and for breaking
    /// connections; the connection is closed however `body` ends.
    @discardableResult
    public func withAdmin<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
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

    /// The URL of `database` over TCP at `address` (one of `listenAddresses`), as an operator
    /// writes it.
    public func url(_ database: String, address: String = "127.0.0.1", query: String = "sslmode=disable") -> String {
        "postgresql://newswatch@\(address):\(port)/\(database)" + (query.isEmpty ? "" : "?\(query)")
    }

    /// URL parameters for TLS as the cluster offers it: `verify-full` against its root
    /// certificate (which names every listen address), or none when it runs without TLS.
    public var verifiedTLS: String {
        rootCertificate.map { "sslmode=verify-full&sslrootcert=\($0)" } ?? "sslmode=disable"
    }

    /// A `FleetDatabase` for `database` as host `host`, with the cluster's password.
    public func fleet(_ database: String, host: String = "host-a", query: String = "sslmode=disable") throws -> FleetDatabase {
        let location = try DatabaseLocation(parsing: url(database, query: query))
        return try FleetDatabase(location: location, host: host, password: password, logger: Self.logger)
    }

    public static let logger = Logger(label: "newswatch.tests.postgres")

    public struct ClusterError: Error, CustomStringConvertible {
        public var message: String
        public init(message: String) { self.message = message }
        public var description: String { "no PostgreSQL test cluster: \(message)" }
    }

    public static func run(_ arguments: [String]) -> (Int32, String) {
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
public final class LockedValue<Value: Sendable>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    public init(_ value: Value) { self.value = value }
    public func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
