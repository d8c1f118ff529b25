/// Every table and key `newswatch.toml` may hold: the one list that unknown names are
/// checked against (with a "did you mean"), that `config show` walks and that the man page
/// `newswatch.toml(5)` and README document (tests hold both to it).
///
/// Adding a key is one line here plus the line in `ConfigurationLoader` that reads it; a
/// new table (`[metrics]`, `[[forward]]`) is one `ConfigurationTable` entry. A key read but
/// not listed here is refused as unknown, and a listed key that `config show` cannot show
/// fails `ConfigurationSchemaTests`, so neither half can be forgotten.
public enum ConfigurationSchema {
    public static let tables: [ConfigurationTable] = [
        ConfigurationTable(
            "inbox", "the watched folder and where files go when done",
            keys: [
                .init("path", .path, required: true, "the watched folder: drop pages here (write beside, then rename in)"),
                .init("processed", .path, default: "\"processed\" beside the inbox", "where read pages go"),
                .init("failed", .path, default: "\"failed\" beside the inbox", "where unreadable files go, each with NAME.reason"),
                .init("max_file_size", .size, default: "\"16MiB\"", "larger files are failed unread"),
            ]),
        ConfigurationTable(
            "state", "where the daemon keeps its state: a SQLite file, or a fleet's PostgreSQL database",
            keys: [
                .init("directory", .path, required: true, "the folder of newswatch.sqlite"),
                .init(
                    "database", .string, default: "none: the SQLite file in directory",
                    "postgresql://USER@HOST[:PORT]/DATABASE[?sslmode=...]: the state shared by a fleet; no password here"),
                .init(
                    "host", .string, default: "the machine's host name",
                    "this daemon's name in the shared database; unique in the fleet"),
            ]),
        ConfigurationTable(
            "dedup", "how repeats and updates of stories are recognised",
            keys: [
                .init("window", .duration, default: "\"30d\"", "how long pages are remembered"),
                .init("duplicates", .choice(["archive", "delete"]), default: "\"archive\"", "what happens to duplicates"),
                .init("duplicate_threshold", .fraction, default: "0.95", "body similarity at or above which a page is a duplicate"),
                .init("update_threshold", .fraction, default: "0.3", "body similarity at or above which a page updates a story; below duplicate_threshold"),
            ]),
        ConfigurationTable(
            "topics", "one watched topic per [[topics]] section; also in topics.d/*.toml", isArray: true,
            allowedInDropIns: true,
            keys: [
                .init("id", .identifier, required: true, "NEWSWATCH_TOPIC: printable ASCII without spaces, unique"),
                .init("name", .string, default: "the id", "NEWSWATCH_TOPIC_NAME and the start of MESSAGE"),
                .init("query", .query, required: true, "the Lucene classic query"),
                .init("enabled", .boolean, default: "true", "false keeps the topic in the file but never matches it"),
                .init("priority", .priority, default: "\"warning\"", "the journald priority of its alerts"),
                .init("language", .language, default: "each page's own language", "stemming language, or \"none\" for exact word forms"),
                .init("min_hits", .count, default: "1", "matching word occurrences needed before the topic counts"),
                .init("cooldown", .duration, default: "never", "after this, an update of an alerted story may alert again"),
                .init("max_per_hour", .count, default: "no limit", "alerts per hour; past it one summary entry says how many were held back"),
            ]),
    ]

    /// The table named `name`, if the schema has one.
    public static func table(_ name: String) -> ConfigurationTable? {
        tables.first { $0.name == name }
    }
}

/// One table of the configuration: `[name]`, or `[[name]]` when `isArray`.
public struct ConfigurationTable: Sendable {
    public var name: String
    public var summary: String
    public var isArray: Bool
    /// Whether `topics.d/*.toml` drop-ins may hold it.
    public var allowedInDropIns: Bool
    public var keys: [ConfigurationKey]

    init(
        _ name: String, _ summary: String, isArray: Bool = false, allowedInDropIns: Bool = false,
        keys: [ConfigurationKey]
    ) {
        self.name = name
        self.summary = summary
        self.isArray = isArray
        self.allowedInDropIns = allowedInDropIns
        self.keys = keys
    }

    /// How the table's header is written: `[inbox]` or `[[topics]]`.
    public var header: String { isArray ? "[[\(name)]]" : "[\(name)]" }

    public func key(_ name: String) -> ConfigurationKey? {
        keys.first { $0.name == name }
    }
}

/// One key of a table, as the man page documents it.
public struct ConfigurationKey: Sendable {
    public enum Kind: Sendable, Equatable {
        /// A folder; relative paths resolve against the config file's folder.
        case path
        case string
        /// A topic id: printable ASCII without spaces.
        case identifier
        /// A Lucene classic query.
        case query
        case boolean
        /// A whole number of at least 1.
        case count
        /// A number above 0 and at most 1.
        case fraction
        /// A number with a unit: `30s`, `15m`, `12h`, `30d`, `2w`.
        case duration
        /// A number with a unit: `512KiB`, `16MiB`, `1GiB`, `100B`.
        case size
        /// A journald priority name.
        case priority
        /// A stemming language code or `none`.
        case language
        /// One of the listed words.
        case choice([String])

        /// How a value of this kind is described in documentation.
        public var summary: String {
            switch self {
            case .path: "folder path"
            case .string: "string"
            case .identifier: "identifier"
            case .query: "query"
            case .boolean: "true or false"
            case .count: "whole number, 1 or more"
            case .fraction: "number above 0, at most 1"
            case .duration: "duration such as \"30s\", \"15m\", \"12h\", \"30d\", \"2w\""
            case .size: "size such as \"512KiB\", \"16MiB\", \"1GiB\""
            case .priority: "journald priority: emerg, alert, crit, err, warning, notice, info, debug"
            case .language: "language code such as \"en\", \"ru\", \"de\", or \"none\""
            case .choice(let words): words.map { "\"\($0)\"" }.joined(separator: " or ")
            }
        }
    }

    public var name: String
    public var kind: Kind
    public var required: Bool
    /// How the default reads in documentation and `config show`; nil when required.
    public var defaultText: String?
    public var summary: String

    init(_ name: String, _ kind: Kind, required: Bool = false, default defaultText: String? = nil, _ summary: String) {
        self.name = name
        self.kind = kind
        self.required = required
        self.defaultText = defaultText
        self.summary = summary
    }
}
