import PostgresNIO

/// A failure of the shared state's database, naming the server, the database and the cause,
/// e.g. `cannot connect to newswatch@db.example:5432/newswatch: connection refused`.
///
/// PostgresNIO hides its errors' details from `description` (they may hold query values);
/// this error keeps what an operator needs: the server's message and SQLSTATE, or the
/// network failure, never a password or a query's parameters.
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// No connection could be made (refused, unreachable, TLS, authentication).
        case connect
        /// The connection broke; the transaction did not commit.
        case connectionLost = "connection-lost"
        /// The connection broke while COMMIT was under way: the batch may or may not be
        /// stored, so the caller re-reads its outbox before doing the batch again.
        case commitUnknown = "commit-unknown"
        /// The server refused a statement.
        case query
        /// The TLS settings of the URL cannot be used (unreadable CA file, …).
        case tls
        /// The schema is newer than this newswatch knows.
        case schema
        /// A call to the server did not end in its time (a transaction's limit, the connect
        /// timeout); the connection was closed, and the transaction did not commit unless
        /// the call was COMMIT (then `.commitUnknown`).
        case timeout
        /// The daemon stopped waiting for the server because it is stopping.
        case interrupted
    }

    public var code: Code
    public var message: String
    /// The SQLSTATE the server sent, when it sent one (`40P01` deadlock, `28P01` bad password, …).
    public var sqlState: String?
    public var cause: (any Error)?

    public init(code: Code, message: String, sqlState: String? = nil, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.cause = cause
    }

    public var description: String { message }

    /// Whether the connection is gone or given up on (lost, timed out, interrupted): the
    /// transaction did not commit, and the next use opens a new connection.
    public var isLoss: Bool {
        [.connectionLost, .timeout, .interrupted].contains(code)
    }

    /// Wraps `error` with what was being done and where.
    static func wrapping(_ error: any Error, code: Code, doing: String, at location: DatabaseLocation) -> DatabaseError {
        if let error = error as? DatabaseError { return error }
        let (cause, state) = explain(error)
        return DatabaseError(
            code: code, message: "\(doing) \(location): \(cause)", sqlState: state, cause: error)
    }

    /// Whether the error means the connection is gone (as opposed to a refused statement).
    static func isConnectionLoss(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else {
            return error is ChannelError || error is IOError
        }
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown:
            return true
        default:
            // The server ending the session says so first: class 08 (connection exception) or
            // 57P (shut down, terminated by an administrator, starting up).
            let state = error.serverInfo?[.sqlState] ?? ""
            return state.hasPrefix("08") || state.hasPrefix("57P")
        }
    }

    /// A person's account of `error` and the SQLSTATE, if any.
    static func explain(_ error: any Error) -> (String, String?) {
        if let transaction = error as? PostgresTransactionError {
            if let closure = transaction.closureError { return explain(closure) }
            if let commit = transaction.commitError { return explain(commit) }
            if let begin = transaction.beginError { return explain(begin) }
        }
        guard let error = error as? PSQLError else { return ("\(error)", nil) }
        if let server = error.serverInfo {
            let state = server[.sqlState]
            var text = server[.message] ?? "the server refused the request"
            if let detail = server[.detail] { text += " (\(detail))" }
            if let state { text += " [SQLSTATE \(state)]" }
            return (text, state)
        }
        if let underlying = error.underlying {
            // A PSQLError prints a generic text: explain the one inside instead.
            return underlying is PSQLError ? explain(underlying) : ("\(underlying)", nil)
        }
        switch error.code {
        case .serverClosedConnection: return ("the server closed the connection", nil)
        case .clientClosedConnection: return ("the connection was closed", nil)
        case .authMechanismRequiresPassword:
            return (
                "the server asks for a password and none was found (\(DatabasePassword.environmentVariable), "
                    + "credential \(DatabasePassword.credentialName), ~/.pgpass)", nil
            )
        case .sslUnsupported: return ("the server does not offer TLS, which sslmode requires", nil)
        default: return ("\(error.code)", nil)
        }
    }
}
