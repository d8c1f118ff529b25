import Foundation

/// Where the shared state lives: `[state] database = "postgresql://newswatch@db.example/newswatch"`.
///
/// The URL follows libpq's connection URIs, so an operator can paste what `psql` accepts:
/// `postgresql://[user@][host][:port][/database][?param=value&…]` (or `postgres://`). The host
/// is a name, an IPv4 address, `[an IPv6 address]`, or a Unix-socket folder written
/// percent-encoded (`postgresql://%2Frun%2Fpostgresql/newswatch`) or as `?host=/run/postgresql`.
/// Parameters: `host`, `port`, `sslmode` (`disable`, `allow`, `prefer`, `require`, `verify-ca`,
/// `verify-full`), `sslrootcert`, `application_name`, `connect_timeout` (seconds). A password in
/// the URL is refused: the configuration file is readable by more people than a secret should
/// be (see `DatabasePassword`).
public struct DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    /// How the server is reached.
    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        /// `folder` holds the socket `.s.PGSQL.<port>`, as libpq's `host=/run/postgresql`.
        case socket(folder: String, port: Int)
    }

    /// libpq's `sslmode`. Over a Unix socket TLS is never used.
    public enum TLSMode: String, Sendable, Equatable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var endpoint: Endpoint
    public var user: String
    public var database: String
    public var tlsMode: TLSMode
    /// CA certificates (PEM) that verify the server; nil: the system's trust store.
    public var rootCertificate: String?
    public var applicationName: String
    public var connectTimeout: Duration

    /// Debian's libpq looks for the server's socket here when the URL names no host.
    public static let defaultSocketFolder = "/var/run/postgresql"
    public static let defaultPort = 5432

    /// Parses a connection URL.
    /// - Parameter defaultUser: the user when the URL names none (libpq takes the login name).
    /// - Throws: `DatabaseLocation.ParseError` naming what is wrong.
    public init(parsing text: String, defaultUser: String = DatabaseLocation.loginName) throws(ParseError) {
        var rest = Substring(text)
        guard let schemeEnd = rest.range(of: "://"),
            ["postgresql", "postgres"].contains(rest[..<schemeEnd.lowerBound].lowercased())
        else {
            throw ParseError("\"\(text)\" is not a PostgreSQL URL: it must start with postgresql:// (or postgres://)")
        }
        rest = rest[schemeEnd.upperBound...]
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var user: String?
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if userInfo.contains(":") {
                throw ParseError(
                    "the URL carries a password; keep it out of the configuration file and give it in "
                        + "NEWSWATCH_DATABASE_PASSWORD, a systemd credential named \(DatabasePassword.credentialName), "
                        + "or ~/.pgpass")
            }
            user = try Self.decoded(userInfo, what: "user")
        }
        var (host, port) = try Self.hostAndPort(rest)
        let database = try path.isEmpty ? nil : Self.decoded(path, what: "database")

        var tlsMode = TLSMode.prefer
        var rootCertificate: String?
        var applicationName = "newswatch"
        var connectTimeout = Duration.seconds(10)
        for pair in query.split(separator: "&") where !pair.isEmpty {
            guard let equals = pair.firstIndex(of: "=") else {
                throw ParseError("URL parameter \"\(pair)\" has no value (write name=value)")
            }
            let name = try Self.decoded(pair[..<equals], what: "parameter name")
            let value = try Self.decoded(pair[pair.index(after: equals)...], what: "parameter \(name)")
            switch name {
            case "host": host = value
            case "port": port = try Self.parsePort(value)
            case "sslmode":
                guard let mode = TLSMode(rawValue: value) else {
                    let modes = TLSMode.allCases.map(\.rawValue).joined(separator: ", ")
                    throw ParseError("sslmode \"\(value)\" is not one of \(modes)")
                }
                tlsMode = mode
            case "sslrootcert": rootCertificate = value == "system" ? nil : value
            case "application_name": applicationName = value
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else {
                    throw ParseError("connect_timeout \"\(value)\" is not a whole number of seconds above 0")
                }
                connectTimeout = .seconds(seconds)
            case "user": user = value
            case "dbname": throw ParseError("give the database in the path (postgresql://host/DATABASE), not as dbname=")
            case "password": throw ParseError("the URL carries a password; keep it out of the configuration file")
            default:
                throw ParseError(
                    "unknown URL parameter \"\(name)\" (known: host, port, sslmode, sslrootcert, "
                        + "application_name, connect_timeout)")
            }
        }
        if host?.contains(",") == true {
            throw ParseError("several hosts in one URL are not supported; name one server (or a proxy in front of them)")
        }
        let resolvedUser = user ?? defaultUser
        guard !resolvedUser.isEmpty else { throw ParseError("the URL names no user") }
        self.user = resolvedUser
        self.database = database ?? resolvedUser
        let number = port ?? Self.defaultPort
        if let host, !host.isEmpty, !host.hasPrefix("/") {
            endpoint = .tcp(host: host, port: number)
        } else {
            endpoint = .socket(folder: host.flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultSocketFolder, port: number)
        }
        self.tlsMode = tlsMode
        self.rootCertificate = rootCertificate
        self.applicationName = applicationName
        self.connectTimeout = connectTimeout
    }

    /// The socket file of a Unix-socket endpoint.
    public var socketPath: String? {
        guard case .socket(let folder, let port) = endpoint else { return nil }
        return "\(folder)/.s.PGSQL.\(port)"
    }

    /// `user@host:port/database` (or `user@/socket/folder:port/database`): what error
    /// messages name. Never holds a secret.
    public var description: String {
        switch endpoint {
        case .tcp(let host, let port):
            let shown = host.contains(":") ? "[\(host)]" : host
            return "\(user)@\(shown):\(port)/\(database)"
        case .socket(let folder, let port):
            return "\(user)@\(folder):\(port)/\(database)"
        }
    }

    /// The user this process runs as, libpq's default user. Looked up once: the lookup
    /// (getpwuid) is not safe to run on several threads at once.
    public static let loginName = ProcessInfo.processInfo.userName

    /// Why a database URL cannot be used.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        init(_ message: String) { self.message = message }
        public var description: String { message }
    }
}

extension DatabaseLocation {
    private static func hostAndPort(_ authority: Substring) throws(ParseError) -> (String?, Int?) {
        guard !authority.isEmpty else { return (nil, nil) }
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw ParseError("IPv6 address \"\(authority)\" lacks its closing ]")
            }
            let host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else {
                throw ParseError("unexpected \"\(after)\" after the IPv6 address")
            }
            return (host, after.isEmpty ? nil : try parsePort(String(after.dropFirst())))
        }
        if let colon = authority.lastIndex(of: ":") {
            let host = try decoded(authority[..<colon], what: "host")
            return (host.isEmpty ? nil : host, try parsePort(String(authority[authority.index(after: colon)...])))
        }
        return (try decoded(authority, what: "host"), nil)
    }

    private static func parsePort(_ text: String) throws(ParseError) -> Int {
        guard let port = Int(text), (1...65_535).contains(port) else {
            throw ParseError("port \"\(text)\" is not a number from 1 to 65535")
        }
        return port
    }

    /// Percent-decodes one URL part.
    private static func decoded(_ part: Substring, what: String) throws(ParseError) -> String {
        guard let text = String(part).removingPercentEncoding else {
            throw ParseError("the \(what) \"\(part)\" has a broken %-escape")
        }
        return text
    }
}
