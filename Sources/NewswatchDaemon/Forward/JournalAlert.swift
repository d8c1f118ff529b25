#if canImport(Glibc)
    import Glibc
#endif

/// An alert or a held-back summary as read back from the journal, with its cursor.
public struct JournalAlert: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A topic matched a story (`MESSAGE_ID` of the alert).
        case alert
        /// `max_per_hour` held a topic's alerts back; the summary says how many.
        case heldBack = "held_back"
    }

    public var kind: Kind
    /// The journal cursor: names this entry across restarts of the reader and of journald.
    public var cursor: String
    /// When journald received it, microseconds since the epoch.
    public var realtimeMicroseconds: UInt64
    /// Every field of the entry (`MESSAGE`, `PRIORITY`, `NEWSWATCH_*`, journald's own).
    public var fields: [String: String]

    public init(kind: Kind, cursor: String, realtimeMicroseconds: UInt64, fields: [String: String]) {
        self.kind = kind
        self.cursor = cursor
        self.realtimeMicroseconds = realtimeMicroseconds
        self.fields = fields
    }

    public var topic: String { fields["NEWSWATCH_TOPIC"] ?? "" }
    public var topicName: String { fields["NEWSWATCH_TOPIC_NAME"] ?? topic }
    public var message: String { fields["MESSAGE"] ?? "" }
    public var priority: JournalPriority {
        fields["PRIORITY"].flatMap(Int.init).flatMap(JournalPriority.init(rawValue:)) ?? .info
    }

    /// The newswatch fields in name order: what the generic JSON and the email list.
    public var newswatchFields: [(name: String, value: String)] {
        fields.filter { $0.key.hasPrefix("NEWSWATCH_") }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The time in ISO 8601 UTC with seconds, as people and JSON consumers read it.
    public var isoTime: String {
        let seconds = Int64(realtimeMicroseconds / 1_000_000)
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(
            format4: Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour),
            Int(parts.tm_min), Int(parts.tm_sec))
    }
}

extension String {
    /// `YYYY-MM-DDTHH:MM:SSZ` without Foundation's formatters.
    fileprivate init(format4 year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int) {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        self = "\(year)-\(two(month))-\(two(day))T\(two(hour)):\(two(minute)):\(two(second))Z"
    }
}
