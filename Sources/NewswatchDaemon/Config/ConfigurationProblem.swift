/// One thing wrong (or doubtful) in the configuration, with the place a person must look.
///
/// Reads like a compiler message so editors can jump to it:
/// `/etc/newswatch/newswatch.toml:14: topics[1].priority: "urgent" is not a journald priority`,
/// and for a warning `…:14: warning: topics[1].query: lowercase "and" is a word here; did you mean AND?`.
public struct ConfigurationProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        /// The configuration cannot be used.
        case error
        /// It can be used, but probably does not do what was meant.
        case warning
    }

    public var severity: Severity
    public var file: String
    /// 1-based line of the key, table or syntax error, when known.
    public var line: Int?
    /// The key as written in the file: `inbox.path`, `topics[1].priority`, `[inbx]`.
    public var key: String?
    public var message: String

    public init(_ severity: Severity = .error, file: String, line: Int? = nil, key: String? = nil, message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if severity == .warning { text += "warning: " }
        if let key { text += "\(key): " }
        return text + message
    }
}
