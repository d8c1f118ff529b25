#if canImport(Glibc)
    import Glibc
#endif

/// Which alerts a destination takes: topic ids or globs, and a minimum priority.
public struct AlertFilter: Sendable, Equatable {
    /// Topic ids or shell globs (`nato-*`, `sanctions-?`); empty takes every topic.
    public var topics: [String]
    public var minimumPriority: JournalPriority

    public init(topics: [String] = [], minimumPriority: JournalPriority = .debug) {
        self.topics = topics
        self.minimumPriority = minimumPriority
    }

    public init(_ destination: ForwardDestination) {
        self.init(topics: destination.topics, minimumPriority: destination.minimumPriority)
    }

    /// Whether `alert` passes: its priority is `minimumPriority` or more urgent, and its topic
    /// is listed or matches a glob. The globs are `fnmatch(3)` patterns.
    public func accepts(_ alert: JournalAlert) -> Bool {
        accepts(topic: alert.topic, priority: alert.priority)
    }

    public func accepts(topic: String, priority: JournalPriority) -> Bool {
        guard priority <= minimumPriority else { return false }
        guard !topics.isEmpty else { return true }
        return topics.contains { pattern in
            pattern == topic || fnmatch(pattern, topic, 0) == 0
        }
    }
}
