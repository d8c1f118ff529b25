public import SystemPackage

/// Which config file a command reads, and why that one: `--config`, else the
/// `NEWSWATCH_CONFIG` environment variable, else `/etc/newswatch/newswatch.toml`.
public struct ConfigurationLocation: Sendable, Equatable, CustomStringConvertible {
    public enum Source: String, Sendable {
        case option = "--config"
        case environment = "NEWSWATCH_CONFIG"
        case builtIn = "the default path"
    }

    public static let environmentVariable = "NEWSWATCH_CONFIG"

    public var path: FilePath
    public var source: Source

    public init(option: String?, environment: [String: String]) {
        if let option {
            path = FilePath(option)
            source = .option
        } else if let value = environment[Self.environmentVariable], !value.isEmpty {
            path = FilePath(value)
            source = .environment
        } else {
            path = NewswatchConfiguration.defaultPath
            source = .builtIn
        }
    }

    /// `/x/newswatch.toml (from NEWSWATCH_CONFIG)`.
    public var description: String { "\(path) (from \(source.rawValue))" }

    /// What to tell a person whose command found no config file here.
    public var missingMessage: String {
        switch source {
        case .builtIn:
            "no config file at \(path); give --config PATH or set \(Self.environmentVariable)=PATH"
        case .environment, .option:
            "no config file at \(path) (from \(source.rawValue))"
        }
    }
}
