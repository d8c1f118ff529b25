/// A configuration that cannot be used, with the place a person must fix.
///
/// The message names the file, the line and the key, e.g.
/// `/etc/newswatch/newswatch.toml:14: topics[1].priority: "urgent" is not a journald priority`.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case unreadable
        case syntax
        case missingKey
        case invalidValue
        case invalidQuery
        case duplicateTopic
    }

    public var code: Code
    public var file: String
    /// 1-based line of the offending key or syntax error, when known.
    public var line: Int?
    /// Dotted key path such as `topics[1].priority`, when the error is about a key.
    public var key: String?
    public var message: String

    public init(code: Code, file: String, line: Int? = nil, key: String? = nil, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let key { return "\(place): \(key): \(message)" }
        return "\(place): \(message)"
    }
}
