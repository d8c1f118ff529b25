import NewswatchCore
import Synchronization

/// What the daemon did last, for `status.json` and the metrics textfile: the last page,
/// alert and error, when a batch last went through, how long batches take, and the mutes
/// in force. Set once per batch (and per error message), read every second or so.
final class DaemonActivity: Sendable {
    struct Snapshot: Sendable, Equatable {
        var lastPage: DaemonStatus.LastPage?
        var lastAlert: DaemonStatus.LastAlert?
        var lastError: DaemonStatus.LastError?
        var mutedTopics: [DaemonStatus.MutedTopic] = []
        /// When a batch was last committed and handed to the journal (Unix seconds).
        var lastSuccessAt: Int64?
        var batchLatency = LatencyHistogram()
    }

    private let state = Mutex(Snapshot())

    var snapshot: Snapshot { state.withLock { $0 } }

    /// A committed batch, from its last outcomes: they are in the order the pages were read.
    func record(_ committed: StoryDesk.Committed, at now: Int64, latency: Duration?) {
        let page = committed.outcomes.last.map { outcome in
            DaemonStatus.LastPage(
                file: outcome.file, outcome: outcome.verdict.rawValue, title: outcome.page?.title ?? "", at: now)
        }
        let alert = committed.alerts.last.map { alert in
            DaemonStatus.LastAlert(
                topic: alert.topic.id, title: alert.outcome.page?.title ?? "", file: alert.outcome.file, at: now)
        }
        let failure = committed.counts.failed == 0 ? nil : committed.outcomes.last { $0.verdict == .failed }
        state.withLock { state in
            if let page { state.lastPage = page }
            if let alert { state.lastAlert = alert }
            if let failure {
                state.lastError = DaemonStatus.LastError(
                    message: "\(failure.file): failed: \(failure.reason ?? "")", at: now)
            }
            if page != nil { state.lastSuccessAt = now }
            if let latency { state.batchLatency.observe(latency) }
        }
    }

    /// An error the daemon logged (`ActivityLogHandler`).
    func recordError(_ message: String, at now: Int64) {
        state.withLock { $0.lastError = DaemonStatus.LastError(message: message, at: now) }
    }

    func setMutes(_ mutes: TopicMutes) {
        let topics = mutes.until.sorted { $0.key < $1.key }.map {
            DaemonStatus.MutedTopic(topic: $0.key, until: $0.value == .max ? nil : $0.value)
        }
        state.withLock { $0.mutedTopics = topics }
    }
}
