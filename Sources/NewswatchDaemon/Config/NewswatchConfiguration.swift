public import SystemPackage

/// Everything `newswatch.toml` (and its `topics.d/*.toml` drop-ins) says, validated.
public struct NewswatchConfiguration: Sendable {
    /// The file this was read from; relative paths in it resolve against its folder.
    public var file: FilePath
    public var inbox: InboxSettings
    public var state: StateSettings
    public var dedup: DedupSettings
    public var metrics = MetricsSettings()
    public var archive = ArchiveSettings()
    public var topics: [TopicSettings]
    /// The `[[forward]]` destinations: read (and so checked) here, used only by `newswatch forward`.
    public var forward: [ForwardDestination] = []
    /// The `topics.d/*.toml` files read, in order.
    public var dropIns: [FilePath] = []
    /// What is probably a mistake but does not stop the configuration from working.
    public var warnings: [ConfigurationProblem] = []

    public static let defaultPath: FilePath = "/etc/newswatch/newswatch.toml"

    /// The topics the daemon and `check` match: those without `enabled = false`.
    public var enabledTopics: [TopicSettings] { topics.filter(\.enabled) }

    public init(
        file: FilePath,
        inbox: InboxSettings,
        state: StateSettings,
        dedup: DedupSettings = DedupSettings(),
        topics: [TopicSettings]
    ) {
        self.file = file
        self.inbox = inbox
        self.state = state
        self.dedup = dedup
        self.topics = topics
    }
}

/// `[inbox]`: the watched folder and where files go when done.
public struct InboxSettings: Sendable, Equatable {
    public var path: FilePath
    /// Default: `processed` beside the inbox.
    public var processed: FilePath
    /// Default: `failed` beside the inbox.
    public var failed: FilePath
    /// Files larger than this are failed unread. Default 16 MiB.
    public var maxFileSize: Int
    /// Whether sub-folders are watched and their files taken. Default true: a scraper fleet
    /// sorts its drops into a folder per source.
    public var recursive = true
    /// How many levels of sub-folders below the inbox are watched (1: only its own
    /// sub-folders). Default 8.
    public var maxDepth = 8
    /// Whether the inbox is also listed at an interval, for writes inotify cannot see.
    public var poll = InboxPolling.auto
    /// Names (or, with a `/`, paths inside the inbox) never taken: files still being written.
    public var ignore = InboxIgnore.standard

    public static let defaultMaxFileSize = 16 << 20

    public init(path: FilePath, processed: FilePath? = nil, failed: FilePath? = nil, maxFileSize: Int? = nil) {
        self.path = path
        self.processed = processed ?? path.removingLastComponent().appending("processed")
        self.failed = failed ?? path.removingLastComponent().appending("failed")
        self.maxFileSize = maxFileSize ?? Self.defaultMaxFileSize
    }

    /// The sub-folder of the inbox `file` is in, as `NEWSWATCH_FOLDER` names it; nil for a
    /// file at the top of the inbox or outside it.
    public func folder(of file: FilePath) -> String? {
        let path = ConfigurationLoader.absolute(file)
        guard path.starts(with: self.path), path.components.count > self.path.components.count + 1 else { return nil }
        var folder = FilePath()
        for component in path.removingLastComponent().components.dropFirst(self.path.components.count) {
            folder.append(component)
        }
        return folder.string
    }

    /// `processed/` and `failed/`: never taken as sub-folders of new pages, even when they are
    /// configured inside the inbox (which the configuration refuses) or moved there.
    func isSpoolFolder(_ folder: FilePath) -> Bool {
        folder == processed || folder == failed
    }
}

/// `[state]`: where the SQLite database lives, or the fleet's PostgreSQL database.
public struct StateSettings: Sendable, Equatable {
    public var directory: FilePath
    /// Where the running daemon keeps `status.json`: the unit's `RuntimeDirectory=`.
    public var runtimeDirectory: FilePath
    /// The PostgreSQL URL (without password) of a fleet's shared state; nil for SQLite.
    public var database: String?
    /// This daemon's name in the shared state; nil for the machine's host name.
    public var host: String?

    public static let defaultRuntimeDirectory: FilePath = "/run/newswatch"

    public init(directory: FilePath, runtimeDirectory: FilePath? = nil, database: String? = nil, host: String? = nil) {
        self.directory = directory
        self.runtimeDirectory = runtimeDirectory ?? Self.defaultRuntimeDirectory
        self.database = database
        self.host = host
    }

    public var databasePath: FilePath { directory.appending("newswatch.sqlite") }

    /// Where the state is, for messages: the database URL (it holds no password), or the
    /// SQLite file.
    public var location: String { database ?? databasePath.string }

    /// The file `newswatch status` reads.
    public var statusFile: FilePath { runtimeDirectory.appending("status.json") }
}

/// `[metrics]`: the node_exporter textfile, off unless `textfile` is set.
public struct MetricsSettings: Sendable, Equatable {
    public var textfile: FilePath?
    /// Seconds between writes. Default 5.
    public var interval: Int64

    public init(textfile: FilePath? = nil, interval: Int64 = 5) {
        self.textfile = textfile
        self.interval = interval
    }
}

/// `[dedup]`: how long stories are remembered and what happens to repeats.
public struct DedupSettings: Sendable, Equatable {
    public enum DuplicatePolicy: String, Sendable, CaseIterable {
        /// Move duplicates to `processed/` like any other page (the default).
        case archive
        /// Delete duplicates once their outcome is committed and logged.
        case delete
    }

    /// Seconds a page stays in the duplicate index. Default 30 days.
    public var window: Int64
    public var duplicates: DuplicatePolicy
    /// Body similarity at or above which a page is a duplicate; nil keeps the built-in default.
    public var duplicateThreshold: Double?
    /// Body similarity at or above which a page is an update of a story; nil keeps the default.
    public var updateThreshold: Double?

    public init(
        window: Int64 = 30 * 86_400,
        duplicates: DuplicatePolicy = .archive,
        duplicateThreshold: Double? = nil,
        updateThreshold: Double? = nil
    ) {
        self.window = window
        self.duplicates = duplicates
        self.duplicateThreshold = duplicateThreshold
        self.updateThreshold = updateThreshold
    }
}

/// One `[[topics]]` entry.
public struct TopicSettings: Sendable, Equatable {
    public var id: String
    public var name: String
    public var query: String
    /// False keeps the topic in the file (and checked) but never matches it.
    public var enabled = true
    public var priority: JournalPriority
    /// Stemming language (`en`, `ru`, …, or `none`); nil follows the page's language.
    public var language: String?
    /// Matches needed before the topic counts. Default 1.
    public var minHits: Int
    /// Seconds after an alert before an update of the same story may alert again for this
    /// topic; nil means never (one alert per story and topic).
    public var cooldown: Int64?
    /// Alerts allowed per hour for this topic; past it one summary entry says how many were held back.
    public var maxPerHour: Int?
    /// The file the topic was read from; every topic of a file shares this string's storage,
    /// so 100,000 topics do not hold 100,000 copies of one path.
    public var file: String
    /// The line of the topic's `id`; 0 when not read from a file.
    public var line: Int

    public init(
        id: String,
        name: String,
        query: String,
        priority: JournalPriority = .warning,
        language: String? = nil,
        minHits: Int = 1,
        cooldown: Int64? = nil,
        maxPerHour: Int? = nil,
        file: String = "",
        line: Int = 0
    ) {
        self.id = id
        self.name = name
        self.query = query
        self.priority = priority
        self.language = language
        self.minHits = minHits
        self.cooldown = cooldown
        self.maxPerHour = maxPerHour
        self.file = file
        self.line = line
    }
}

extension TopicSettings {
    /// `FILE:LINE` of the topic's `id`, for messages.
    public var origin: String { "\(file):\(line)" }
}
