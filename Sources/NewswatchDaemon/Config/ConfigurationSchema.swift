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
                .init("recursive", .boolean, default: "true", "watch sub-folders too; NEWSWATCH_FOLDER names a file's folder"),
                .init("max_depth", .count, default: "8", "levels of sub-folders watched below the inbox (1: its own sub-folders only)"),
                .init(
                    "poll", .polling, default: "\"auto\"",
                    "also list the inbox at this interval; \"auto\" only on NFS, SMB/CIFS, FUSE and other network file systems"),
                .init(
                    "ignore", .globs, default: "[\".*\", \"*.tmp\", \"*.part\", \"*~\"]",
                    "names (or paths with /) never taken: files still being written"),
            ]),
        ConfigurationTable(
            "archive", "how processed/ and failed/ are laid out and how long files stay",
            keys: [
                .init(
                    "layout", .layout, default: "\"%Y/%m/%d\"", "dated folders inside processed/ and failed/ (local time); \"\" for flat"),
                .init("keep", .duration, default: "for ever", "archived files older than this are deleted (checked hourly)"),
            ]),
        ConfigurationTable(
            "state", "where the daemon keeps its state: a SQLite file, or a fleet's PostgreSQL database",
            keys: [
                .init("directory", .path, required: true, "the folder of newswatch.sqlite"),
                .init(
                    "runtime_directory", .path, default: "\"/run/newswatch\" (the unit's RuntimeDirectory=)",
                    "where the running daemon keeps status.json for newswatch status"),
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
                .init(
                    "update_threshold", .fraction, default: "0.3",
                    "body similarity at or above which a page updates a story; below duplicate_threshold"),
            ]),
        ConfigurationTable(
            "metrics", "Prometheus metrics for node_exporter's textfile collector",
            keys: [
                .init(
                    "textfile", .file, default: "off",
                    "the .prom file written atomically, e.g. \"/var/lib/prometheus/node-exporter/newswatch.prom\""),
                .init("interval", .duration, default: "\"5s\"", "how often the file is written"),
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
                .init(
                    "max_per_hour", .count, default: "no limit", "alerts per hour; past it one summary entry says how many were held back"),
            ]),
        ConfigurationTable(
            "forward", "one destination of newswatch forward per [[forward]] section: a webhook (url or url_credential) or email",
            isArray: true,
            keys: [
                .init("name", .identifier, required: true, "unique among destinations; keys its cursor and NEWSWATCH_DESTINATION"),
                .init(
                    "url", .string, default: "none; each destination has url, url_credential or email", "webhook URL, http:// or https://"),
                .init(
                    "url_credential", .string, default: "none",
                    "credential id (LoadCredential=) of a file holding the webhook URL, for URLs that carry a token"),
                .init(
                    "format", .choice(PayloadFormat.allCases.map(\.rawValue)), default: "\"json\"",
                    "webhook payload: generic JSON or a chat service's shape"),
                .init("bearer_credential", .string, default: "none", "credential id of a token sent as Authorization: Bearer"),
                .init(
                    "email", .strings, default: "none; each destination has url, url_credential or email",
                    "recipient address, or a list of them"),
                .init("from", .string, default: "\"newswatch@localhost\"", "sender address of the emails"),
                .init(
                    "smtp", .string, default: "none: the local sendmail",
                    "SMTP server as smtp://[USER@]HOST[:PORT] (port 587 by default); never a password"),
                .init("sendmail", .string, default: "\"/usr/sbin/sendmail\"", "sendmail program used when smtp is not set"),
                .init("password_credential", .string, default: "none", "credential id of the SMTP password; needs USER in smtp"),
                .init(
                    "starttls", .choice(ForwardDestination.StartTLS.allCases.map(\.rawValue)), default: "\"require\"",
                    "whether the SMTP session must be upgraded with STARTTLS"),
                .init(
                    "ca_file", .string, default: "the system's certificate authorities only",
                    "PEM file of further certificate authorities to trust for SMTP"),
                .init("topics", .strings, default: "every topic", "topic ids or shell globs (nato-*) to forward"),
                .init("priority", .priority, default: "every priority", "the least urgent priority forwarded"),
                .init("digest", .duration, default: "none: each alert at once", "one message per window listing its alerts"),
                .init("timeout", .duration, default: "\"10s\"", "how long one delivery (connect, send, answer) may take"),
                .init("backoff", .duration, default: "\"1s\"", "first retry delay, doubled per failure"),
                .init("max_backoff", .duration, default: "\"5m\"", "the longest retry delay; at least backoff"),
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
        /// A file; relative paths resolve against the config file's folder.
        case file
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
        /// A list of strings; one string stands for a list of one.
        case strings
        /// `"auto"`, `"off"` or a duration.
        case polling
        /// A list of glob patterns.
        case globs
        /// A folder pattern with date conversions.
        case layout

        /// How a value of this kind is described in documentation.
        public var summary: String {
            switch self {
            case .path: "folder path"
            case .file: "file path"
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
            case .strings: "list of strings such as [\"a\", \"b\"]"
            case .polling: "\"auto\", \"off\" or a duration such as \"2s\""
            case .globs: "list of glob patterns such as [\".*\", \"*.part\"]"
            case .layout: "folder pattern with %Y, %y, %m, %d, %H, %j, %V, %G, such as \"%Y/%m/%d\""
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
