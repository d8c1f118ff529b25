/// What newswatch exports to node_exporter: every figure since the daemon started (counters
/// start again at 0 after a restart, which Prometheus' `rate()` expects).
///
/// Every outcome, failure reason and enabled topic is listed even at 0, so a rate exists
/// from the first scrape and a topic that never alerts is visible as such; past
/// `zeroTopicLimit` topics only those that alerted are, so a large watch list does not make
/// a file of a hundred thousand zeros.
enum DaemonMetrics {
    static let zeroTopicLimit = 1000

    struct Reading {
        var counts: DaemonCounters.Snapshot
        var activity: DaemonActivity.Snapshot
        /// Enabled topic ids of the configuration in effect.
        var topics: [String]
        var startedAt: Int64
        var now: Int64
        /// False in the last file, written as the daemon stops.
        var up: Bool
    }

    static func text(_ reading: Reading) -> String {
        let counts = reading.counts
        let activity = reading.activity
        var out = MetricsExposition()
        out.gauge("newswatch_up", "1 while the daemon runs; 0 in the file it leaves when it stops", reading.up ? 1 : 0)
        out.gauge("newswatch_start_time_seconds", "When the daemon started (Unix time)", Double(reading.startedAt))
        out.counter("newswatch_files_total", "Files taken out of the inbox (processed/ or failed/)", counts.processed)
        out.counter(
            "newswatch_pages_total", "Pages by outcome (a JSON scraper file holds several)", label: "outcome",
            [("new", counts.new), ("duplicate", counts.duplicates), ("update", counts.updates), ("failed", counts.failed)])
        let listed = reading.topics.count <= zeroTopicLimit ? reading.topics : []
        out.counter(
            "newswatch_alerts_total", "Alerts written to the journal, by topic", label: "topic", byTopic(counts.alertsByTopic, listed))
        out.counter("newswatch_alerts_held_back_total", "Alerts held back by a topic's max_per_hour", counts.heldBack)
        out.counter(
            "newswatch_alerts_muted_total", "Matches of muted topics: recorded, no alert", label: "topic",
            byTopic(counts.mutedByTopic, []))
        out.counter(
            "newswatch_failures_total", "Failed files and JSON items by reason", label: "reason",
            FailureKind.allCases.map { ($0.rawValue, counts.failuresByReason[$0.rawValue] ?? 0) })
        out.gauge("newswatch_backlog_files", "Files waiting in the inbox", Double(counts.backlog))
        let muted = activity.mutedTopics.filter { $0.until.map { $0 > reading.now } ?? true }.count
        out.gauge("newswatch_topics_muted", "Topics muted by newswatch topics mute", Double(muted))
        out.histogram(
            "newswatch_batch_duration_seconds",
            "Seconds from taking a batch off the queue to its files moved and entries handed to journald",
            activity.batchLatency)
        out.gauge(
            "newswatch_last_success_timestamp_seconds", "When a batch last went through (Unix time; 0 before the first)",
            Double(activity.lastSuccessAt ?? 0))
        return out.text
    }

    /// Counts for every listed topic (0 when none yet) and for any other topic counted.
    private static func byTopic(_ counts: [String: Int], _ topics: [String]) -> [(String, Int)] {
        var all = counts
        for topic in topics where all[topic] == nil { all[topic] = 0 }
        return all.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
