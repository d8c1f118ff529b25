import Foundation

/// Finds the database password outside the configuration file, first found wins:
///
/// 1. `NEWSWATCH_DATABASE_PASSWORD` in the environment;
/// 2. the systemd credential `database-password` (`LoadCredential=database-password:/etc/…`),
///    read from `$CREDENTIALS_DIRECTORY`; one trailing newline is dropped;
/// 3. the password file of libpq: `$PGPASSFILE`, else `~/.pgpass`, lines
///    `host:port:database:user:password` with `*` matching anything and `\` escaping `:`
///    and `\`. As libpq does, a file that group or others may read is ignored (with a
///    warning), and a Unix-socket connection to the default socket folder matches `localhost`.
///
/// None found is not an error: peer or trust authentication needs no password, and the
/// server says so if it wants one.
public enum DatabasePassword {
    /// The credential's name in `LoadCredential=`.
    public static let credentialName = "database-password"
    public static let environmentVariable = "NEWSWATCH_DATABASE_PASSWORD"

    /// A password and where it came from (for logs; the password itself is never logged).
    public struct Found: Sendable, Equatable {
        public var password: String
        public var source: String

        public init(password: String, source: String) {
            self.password = password
            self.source = source
        }
    }

    /// A password source that was there but could not be used.
    public struct Warning: Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Looks for the password of `location` in this process's environment (and the files it points at).
    public static func find(for location: DatabaseLocation) -> (found: Found?, warnings: [Warning]) {
        find(for: location, environment: ProcessInfo.processInfo.environment)
    }

    /// Looks for the password of `location` in `environment` (and the files it points at).
    public static func find(
        for location: DatabaseLocation, environment: [String: String]
    ) -> (found: Found?, warnings: [Warning]) {
        if let password = environment[environmentVariable] {
            return (Found(password: password, source: environmentVariable), [])
        }
        var warnings: [Warning] = []
        if let folder = environment["CREDENTIALS_DIRECTORY"], !folder.isEmpty {
            let path = folder + "/" + credentialName
            if let data = FileManager.default.contents(atPath: path) {
                var password = String(decoding: data, as: UTF8.self)
                if password.hasSuffix("\n") { password.removeLast() }
                return (Found(password: password, source: "credential \(credentialName)"), [])
            }
        }
        let passFile =
            environment["PGPASSFILE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["HOME"].map { $0 + "/.pgpass" }
        if let passFile {
            switch PasswordFile.read(passFile) {
            case .missing: break
            case .unsafe(let warning): warnings.append(warning)
            case .lines(let lines):
                if let (password, line) = PasswordFile.match(lines, location: location) {
                    return (Found(password: password, source: "\(passFile):\(line)"), warnings)
                }
            }
        }
        return (nil, warnings)
    }
}

/// libpq's password file (`~/.pgpass`).
enum PasswordFile {
    enum Contents {
        case missing
        case unsafe(DatabasePassword.Warning)
        case lines([String])
    }

    static func read(_ path: String) -> Contents {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return .missing }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            return .unsafe(.init(message: "password file \(path) is not a plain file; ignored"))
        }
        let mode = (attributes[.posixPermissions] as? Int) ?? 0o777
        guard mode & 0o077 == 0 else {
            return .unsafe(
                .init(
                    message: "password file \(path) has group or world access (mode \(String(mode, radix: 8))); "
                        + "ignored, as libpq does: chmod 0600 \(path)"))
        }
        guard let data = FileManager.default.contents(atPath: path) else { return .missing }
        return .lines(String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    }

    /// The first line's password whose fields match; with its 1-based line number.
    static func match(_ lines: [String], location: DatabaseLocation) -> (String, Int)? {
        let host: String
        let port: Int
        switch location.endpoint {
        case .tcp(let name, let number):
            (host, port) = (name, number)
        case .socket(let folder, let number):
            let isDefault = folder == DatabaseLocation.defaultSocketFolder || folder == "/run/postgresql"
            (host, port) = (isDefault ? "localhost" : folder, number)
        }
        let wanted = [host, String(port), location.database, location.user]
        for (number, line) in lines.enumerated() {
            var trimmed = Substring(line)
            if trimmed.hasSuffix("\r") { trimmed = trimmed.dropLast() }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = split(trimmed)
            guard fields.count >= 5 else { continue }
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) {
                // Everything after the fourth separator is the password, as in libpq.
                return (fields[4...].joined(separator: ":"), number + 1)
            }
        }
        return nil
    }

    /// Splits a line at the colons that no backslash escapes, removing the escapes.
    static func split(_ line: Substring) -> [String] {
        var fields: [String] = []
        var field = ""
        var escaped = false
        for character in line {
            if escaped {
                field.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
        }
        fields.append(field)
        return fields
    }
}
