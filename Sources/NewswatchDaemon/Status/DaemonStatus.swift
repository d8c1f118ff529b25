import Foundation

/// What the running daemon says about itself in `status.json` (its `RuntimeDirectory=`),
/// and what `newswatch status` reads back: who it is, since when, its counts and the last
/// page, alert and error.
///
/// Times are Unix seconds. Every key is always written (`null` when there is nothing yet),
/// so scripts reading `newswatch status --json` need not guess.
public struct DaemonStatus: Sendable, Equatable, Codable {
    public var pid: Int32
    /// The kernel's start tick of the daemon process, to tell it from a process that reuses
    /// the pid after a crash.
    public var processStartTicks: UInt64?
    public var startedAt: Int64
    /// When the daemon last wrote the file; it writes at least every `refreshInterval` seconds.
    public var updatedAt: Int64
    public var config: String
    public var inbox: String
    /// False until the inbox watch is set and the backlog is listed.
    public var ready: Bool
    public var counts: Counts
    /// Files waiting in the inbox.
    public var backlog: Int
    /// What the daemon waits on when it cannot go on (a database it cannot commit to, journald
    /// not answering, moves failing); empty when all is well.
    public var waiting: [String]
    public var lastPage: LastPage?
    public var lastAlert: LastAlert?
    public var lastError: LastError?
    /// Topics muted by `newswatch topics mute`, as the daemon last read them.
    public var mutedTopics: [MutedTopic]

    /// The daemon rewrites the file at least this often, even when nothing changed.
    public static let refreshInterval: Int64 = 5

    public struct Counts: Sendable, Equatable, Codable {
        /// Files taken out of the inbox.
        public var processed = 0
        /// Pages by outcome (a JSON scraper file holds several).
        public var new = 0
        public var duplicates = 0
        public var updates = 0
        public var failed = 0
        public var alerts = 0
        /// Alerts past a topic's `max_per_hour`.
        public var heldBack = 0
        /// Matches of muted topics, recorded without an alert.
        public var muted = 0
    }

    public struct LastPage: Sendable, Equatable, Codable {
        public var file: String
        public var outcome: String
        /// Empty when the page had none (or the file failed).
        public var title: String
        public var at: Int64
    }

    public struct LastAlert: Sendable, Equatable, Codable {
        public var topic: String
        public var title: String
        public var file: String
        public var at: Int64
    }

    public struct LastError: Sendable, Equatable, Codable {
        public var message: String
        public var at: Int64
    }

    public struct MutedTopic: Sendable, Equatable, Codable {
        public var topic: String
        /// Nil: until `newswatch topics unmute`.
        public var until: Int64?

        public init(topic: String, until: Int64?) {
            self.topic = topic
            self.until = until
        }
    }

    public var process: ProcessIdentity { ProcessIdentity(pid: pid, startTicks: processStartTicks) }

    enum CodingKeys: String, CodingKey {
        case pid, processStartTicks, startedAt, updatedAt, config, inbox, ready, counts, backlog, waiting, lastPage,
            lastAlert, lastError, mutedTopics
    }

    /// Writes `null` for absent values instead of leaving the key out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(pid, forKey: .pid)
        try container.encode(processStartTicks, forKey: .processStartTicks)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(config, forKey: .config)
        try container.encode(inbox, forKey: .inbox)
        try container.encode(ready, forKey: .ready)
        try container.encode(counts, forKey: .counts)
        try container.encode(backlog, forKey: .backlog)
        try container.encode(waiting, forKey: .waiting)
        try container.encode(lastPage, forKey: .lastPage)
        try container.encode(lastAlert, forKey: .lastAlert)
        try container.encode(lastError, forKey: .lastError)
        try container.encode(mutedTopics, forKey: .mutedTopics)
    }

    /// The file's bytes: one JSON object with sorted snake_case keys.
    public var json: [UInt8] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(self)) ?? Data())
    }

    public init(json bytes: [UInt8]) throws {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        self = try decoder.decode(DaemonStatus.self, from: Data(bytes))
    }

    init(
        process: ProcessIdentity, startedAt: Int64, config: String, inbox: String
    ) {
        pid = process.pid
        processStartTicks = process.startTicks
        self.startedAt = startedAt
        updatedAt = startedAt
        self.config = config
        self.inbox = inbox
        ready = false
        counts = Counts()
        backlog = 0
        waiting = []
        mutedTopics = []
    }
}
