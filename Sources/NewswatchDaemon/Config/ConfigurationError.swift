/// A configuration that cannot be used: every error found in the file and its drop-ins
/// (not only the first), with the warnings found on the way.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// Errors and warnings in file and line order.
    public var problems: [ConfigurationProblem]
    /// Set when the config file itself does not exist, so commands that can work without
    /// topics (`check`) can say so and go on.
    public var fileIsMissing: Bool

    public init(problems: [ConfigurationProblem], fileIsMissing: Bool = false) {
        self.problems = problems
        self.fileIsMissing = fileIsMissing
    }

    public var errors: [ConfigurationProblem] { problems.filter { $0.severity == .error } }

    /// One problem a line, then how many errors.
    public var description: String {
        let count = errors.count
        let lines = problems.map(\.description)
        return count > 1 ? (lines + ["\(count) errors"]).joined(separator: "\n") : lines.joined(separator: "\n")
    }
}
