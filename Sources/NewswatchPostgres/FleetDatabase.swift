public import Logging
public import PostgresNIO
import Synchronization

/// One connection to the shared state's database, opened on first use and opened again after
/// a loss, with exponential backoff between attempts. Each failed attempt is logged at error
/// level with the server, the database and the cause; the caller's work simply waits (files
/// stay in the inbox) until the database answers or the task is cancelled.
///
/// One transaction at a time: the daemon's processor owns one `FleetDatabase`; a listener or
/// a retention task opens its own.
///
/// Every call to the server is bounded (`bounded`): a connection attempt by the URL's
/// `connect_timeout` (plus a second), each statement by its transaction's deadline
/// (`transactionLimit` after BEGIN). A call past its bound, or still unanswered a second
/// after its connection closed, throws a `DatabaseError` naming the database and the call,
/// and the connection is closed so the next use opens a new one.
public final class FleetDatabase: Sendable {
    public let location: DatabaseLocation
    /// This daemon's name in the shared rows (`page.host`, `story_topic.host`, the outbox).
    public let host: String
    private let password: String?
    private let tls: PostgresConnection.Configuration.TLS
    private let backoff: ReconnectBackoff
    /// Where connection failures go (error level), and the logger of the layer's queries.
    public let logger: Logger
    private let sleep: @Sendable (Duration) async throws -> Void
    /// The longest a transaction may take, from BEGIN to the end of COMMIT.
    public let transactionLimit: Duration
    private let state = Mutex(State())

    /// How long a call may stay unanswered after its connection closed: PostgresNIO fails a
    /// call on a closing connection itself (with the server's reason) well within it.
    static let orphanGrace = Duration.seconds(1)

    private struct State {
        var connection: PostgresConnection?
        var nextID = 1
        var busy = false
        /// The call under way, if any.
        var call: PendingCall?
        var callNumber = 0
        /// Set by `interrupt`: calls end by then, and fail as interrupted.
        var stop: (by: ContinuousClock.Instant, reason: String)?
    }

    /// The call under way: what it does, on which connection, and how to give up on it.
    private struct PendingCall {
        var number: Int
        var what: String
        var connectionID: Int?
        var abandon: @Sendable (DatabaseError) -> Void
    }

    /// - Parameters:
    ///   - host: this daemon's name in shared rows; the machine's host name by default.
    ///   - sleep: how to wait between attempts (tests pass a recorder).
    /// - Throws: `DatabaseError` with code `.tls` when the URL's TLS settings cannot be used.
    ///   - transactionLimit: the longest a transaction may take.
    public init(
        location: DatabaseLocation, host: String, password: String?, backoff: ReconnectBackoff = .init(),
        transactionLimit: Duration = .seconds(30), logger: Logger,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) throws(DatabaseError) {
        self.location = location
        self.transactionLimit = transactionLimit
        self.host = host
        self.password = password
        self.backoff = backoff
        self.logger = logger
        self.sleep = sleep
        tls = try Self.tls(for: location)
    }

    /// The open connection, or a new one; tries until one is made, waiting `backoff` between
    /// attempts, at most `attempts` times when given.
    /// - Throws: the last attempt's `DatabaseError` (code `.connect`) once `attempts` are used
    ///   up, or `CancellationError`.
    public func connection(attempts: Int? = nil) async throws -> PostgresConnection {
        if let open = state.withLock({ $0.connection }), !open.isClosed { return open }
        var failures = 0
        var generator = SystemRandomNumberGenerator()
        while true {
            try Task.checkCancellation()
            let id = state.withLock { state in
                defer { state.nextID += 1 }
                return state.nextID
            }
            do {
                let connection = try await connect(id: id)
                state.withLock { $0.connection = connection }
                if failures > 0 {
                    logger.notice("connected to the state database \(location) after \(failures) failed attempts")
                }
                return connection
            } catch {
                if error is CancellationError { throw error }
                // A stopping daemon does not try again.
                if let error = error as? DatabaseError, error.code == .interrupted { throw error }
                failures += 1
                let failure = DatabaseError.wrapping(error, code: .connect, doing: "cannot connect to", at: location)
                if let attempts, failures >= attempts { throw failure }
                let wait = backoff.jitteredDelay(afterFailures: failures, using: &generator)
                logger.error(
                    "\(failure); retrying in \(Self.seconds(wait))",
                    metadata: ["attempt": "\(failures)"])
                try await sleep(wait)
            }
        }
    }

    /// Runs `body` in one transaction (READ COMMITTED), reconnecting first when needed.
    ///
    /// A deadlock or serialization failure (SQLSTATE 40P01, 40001) runs `body` again, at most
    /// `conflictRetries` times: only for a body that may run twice.
    /// - Throws: `DatabaseError`: `.connectionLost` when the connection broke before COMMIT
    ///   (nothing was stored), `.commitUnknown` when it broke during COMMIT, `.query` when the
    ///   server refused a statement; or what `body` threw.
    /// - Parameter attempts: how many times to try connecting first, when the connection is
    ///   gone (without limit when nil).
    ///   - limit: the longest the transaction may take (`transactionLimit` when nil): longer for
    ///     a schema migration or a retention run.
    public func transaction<Result>(
        conflictRetries: Int = 0, attempts: Int? = nil, limit: Duration? = nil,
        _ body: (FleetConnection) async throws -> Result
    ) async throws -> Result {
        state.withLock { state in
            precondition(!state.busy, "FleetDatabase runs one transaction at a time")
            state.busy = true
        }
        defer { state.withLock { $0.busy = false } }
        var conflicts = 0
        while true {
            let connection = try await connection(attempts: attempts)
            let limit = limit ?? transactionLimit
            let session = FleetConnection(database: self, connection: connection, deadline: .now + limit, limit: limit)
            do {
                return try await run(body, on: session)
            } catch let error as DatabaseError where error.code == .query && Self.isConflict(error.sqlState) {
                conflicts += 1
                if conflicts > conflictRetries { throw error }
                logger.info("\(error); running the transaction again (\(conflicts) of \(conflictRetries))")
            }
        }
    }

    deinit {
        // PostgresNIO wants every connection closed before it goes; the close keeps it alive
        // until then.
        if let open = state.withLock({ $0.connection }) {
            open.close().whenComplete { _ in _ = open }
        }
    }

    /// Closes the connection; the next call opens a new one.
    public func close() async {
        let open = state.withLock { state in
            defer { state.connection = nil }
            return state.connection
        }
        try? await open?.close()
    }

    private func run<Result>(_ body: (FleetConnection) async throws -> Result, on session: FleetConnection) async throws
        -> Result
    {
        let connection = session.connection
        do {
            try await session.query("BEGIN", logger: logger)
        } catch is CancellationError {
            // The caller gave up (the bounded call closed the connection): say so as such,
            // not as a lost connection.
            await drop(connection)
            throw CancellationError()
        } catch {
            throw await failure(error, connection: connection, doing: "cannot start a transaction on")
        }
        let result: Result
        do {
            result = try await body(session)
        } catch is CancellationError {
            await drop(connection)
            throw CancellationError()
        } catch {
            let wrapped = await failure(error, connection: connection, doing: "a statement failed on")
            if wrapped.isLoss { throw wrapped }
            // A failed statement leaves the transaction aborted, and the body may have given
            // up for its own reasons: end it so the connection serves the next one. If even
            // that fails, start over on a new connection.
            do { try await session.query("ROLLBACK", logger: logger) } catch { await drop(connection) }
            throw error is PSQLError ? wrapped : error
        }
        do {
            try await session.query("COMMIT", logger: logger)
        } catch {
            var wrapped = await failure(error, connection: connection, doing: "COMMIT failed on")
            if wrapped.isLoss {
                wrapped.code = .commitUnknown
                wrapped.message += " (the transaction may or may not have been stored)"
            }
            throw wrapped
        }
        return result
    }

    /// Stops waiting for the server `grace` from now: the call under way then, and every call
    /// after it, fails with a `DatabaseError` (`.interrupted`) saying `reason`, and the
    /// connection is closed. For a daemon that is stopping: a healthy server finishes the
    /// transaction under way within `grace`, a lost one cannot hold the daemon.
    public func interrupt(after grace: Duration, because reason: String) {
        let by = ContinuousClock.now + grace
        state.withLock { state in
            if let stop = state.stop, stop.by <= by { return }
            state.stop = (by, reason)
        }
        Task { [weak self] in
            try? await Task.sleep(until: by)
            guard let self, let call = state.withLock({ $0.call }) else { return }
            call.abandon(DatabaseError(code: .interrupted, message: "stopped waiting for \(call.what) on \(location): \(reason)"))
        }
    }

    /// Runs `operation` (one call to the server) and returns its result, or throws by
    /// `deadline`: a `DatabaseError` `.timeout` past it, `.connectionLost` when `connection`
    /// closed and the call was still unanswered `orphanGrace` later, `.interrupted` after
    /// `interrupt`, or `CancellationError`. Giving up closes `connection`.
    ///
    /// The operation runs in a task of its own because a PostgresNIO call that is never
    /// answered can be neither cancelled nor woken (see `RoundTrip`): the caller leaves it
    /// behind, suspended for good, which costs one task.
    /// - Parameter late: what to do with a result that came after the caller left (close a
    ///   connection that was opened too late).
    /// - Parameter bound: the bound in words, for the timeout's message.
    func bounded<Value: Sendable>(
        _ what: String, until deadline: ContinuousClock.Instant, bound: String, on connection: PostgresConnection?,
        late: @escaping @Sendable (Value) -> Void = { _ in },
        _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        try Task.checkCancellation()
        let stop = state.withLock { $0.stop }
        if let stop, stop.by <= .now {
            throw DatabaseError(code: .interrupted, message: "stopped waiting for \(what) on \(location): \(stop.reason)")
        }
        // A statement written to a closed channel is never answered.
        if let connection, connection.isClosed {
            throw DatabaseError(
                code: .connectionLost, message: "lost the connection to \(location) before \(what): it is closed")
        }
        let call = RoundTrip<Value>()
        let work = Task {
            do {
                let value = try await operation()
                if !call.end(.success(value)) { late(value) }
            } catch {
                call.end(.failure(error))
            }
        }
        let abandon: @Sendable (any Error) -> Void = { [weak self] error in
            guard call.end(.failure(error)) else { return }
            work.cancel()
            if let connection { self?.discard(connection) }
        }
        let number = state.withLock { state in
            state.callNumber += 1
            state.call = PendingCall(number: state.callNumber, what: what, connectionID: connection?.id, abandon: abandon)
            return state.callNumber
        }
        defer { state.withLock { if $0.call?.number == number { $0.call = nil } } }
        let timer = Task { [location] in
            if let stop, stop.by < deadline {
                do { try await Task.sleep(until: stop.by) } catch { return }
                abandon(
                    DatabaseError(code: .interrupted, message: "stopped waiting for \(what) on \(location): \(stop.reason)"))
            } else {
                do { try await Task.sleep(until: deadline) } catch { return }
                abandon(
                    DatabaseError(
                        code: .timeout,
                        message: "\(what) on \(location) did not end within \(bound); the connection is closed"))
            }
        }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await call.wait()
        } onCancel: {
            abandon(CancellationError())
        }
    }

    /// Opens a connection, within the URL's `connect_timeout` and a second.
    private func connect(id: Int) async throws -> PostgresConnection {
        let connection = try await bounded(
            "connecting", until: .now + location.connectTimeout + .seconds(1),
            bound: "connect_timeout (\(Self.seconds(location.connectTimeout))) and a second", on: nil,
            late: { connection in connection.close().whenComplete { _ in _ = connection } },
            { [configuration, logger] in
                try await PostgresConnection.connect(configuration: configuration, id: id, logger: logger)
            })
        connection.closeFuture.whenComplete { [weak self] _ in self?.closed(connectionID: id) }
        return connection
    }

    /// A call on a connection that has closed is answered by then, or never.
    private func closed(connectionID: Int) {
        Task { [weak self] in
            try? await Task.sleep(for: Self.orphanGrace)
            guard let self, let call = state.withLock({ $0.call }), call.connectionID == connectionID else { return }
            call.abandon(
                DatabaseError(
                    code: .connectionLost,
                    message: "lost the connection to \(location): it closed during \(call.what), which was never answered"))
        }
    }

    /// Closes `connection` without waiting and forgets it.
    private func discard(_ connection: PostgresConnection) {
        state.withLock { if $0.connection === connection { $0.connection = nil } }
        connection.close().whenComplete { _ in _ = connection }
    }

    /// Classifies `error`; a lost connection is closed and forgotten so the next use reconnects.
    private func failure(_ error: any Error, connection: PostgresConnection, doing: String) async -> DatabaseError {
        if let error = error as? DatabaseError, error.isLoss {
            await drop(connection)
            return error
        }
        if DatabaseError.isConnectionLoss(error) || connection.isClosed {
            await drop(connection)
            return DatabaseError.wrapping(error, code: .connectionLost, doing: "lost the connection to", at: location)
        }
        return DatabaseError.wrapping(error, code: .query, doing: doing, at: location)
    }

    private func drop(_ connection: PostgresConnection) async {
        state.withLock { if $0.connection === connection { $0.connection = nil } }
        try? await connection.close()
    }

    /// `1.25 s`: a wait as a person reads it.
    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000
        return "\(milliseconds / 1_000).\(String(milliseconds % 1_000 + 1_000).dropFirst()) s"
    }

    private static func isConflict(_ sqlState: String?) -> Bool {
        sqlState == "40P01" || sqlState == "40001"
    }
}

extension FleetDatabase {
    var configuration: PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        switch location.endpoint {
        case .tcp(let host, let port):
            configuration = .init(
                host: host, port: port, username: location.user, password: password, database: location.database,
                tls: tls)
        case .socket:
            configuration = .init(
                unixSocketPath: location.socketPath ?? "", username: location.user, password: password,
                database: location.database)
        }
        let timeout = location.connectTimeout.components
        configuration.options.connectTimeout = .nanoseconds(timeout.seconds * 1_000_000_000 + timeout.attoseconds / 1_000_000_000)
        configuration.options.additionalStartupParameters = [("application_name", location.applicationName)]
        return configuration
    }

    /// libpq's sslmode in PostgresNIO's terms. `allow` is taken as `prefer` (TLS when offered);
    /// `require` verifies the server's certificate only when `sslrootcert` names the CA, as
    /// libpq does; `verify-ca` checks the chain, `verify-full` the chain and the host name.
    static func tls(for location: DatabaseLocation) throws(DatabaseError) -> PostgresConnection.Configuration.TLS {
        guard case .tcp = location.endpoint, location.tlsMode != .disable else { return .disable }
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch location.tlsMode {
        case .disable, .allow, .prefer: configuration.certificateVerification = .none
        case .require:
            configuration.certificateVerification = location.rootCertificate == nil ? .none : .noHostnameVerification
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        if let rootCertificate = location.rootCertificate {
            configuration.trustRoots = .file(rootCertificate)
        }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw DatabaseError(
                code: .tls,
                message: "cannot set up TLS for \(location) (sslrootcert \(location.rootCertificate ?? "system")): \(error)",
                cause: error)
        }
        switch location.tlsMode {
        case .allow, .prefer: return .prefer(context)
        default: return .require(context)
        }
    }
}
