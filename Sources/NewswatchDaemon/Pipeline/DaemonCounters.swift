import Synchronization

/// Live counts for `STATUS=`, `status.json`, the metrics textfile and the logs.
///
/// A batch adds its counts once, under one lock; the per-topic and per-reason tables are
/// touched only for alerts and failures, so a page costs nothing here.
final class DaemonCounters: Sendable {
    struct Snapshot: Sendable, Equatable {
        /// Files taken out of the inbox.
        var processed = 0
        /// Pages by outcome.
        var new = 0
        var duplicates = 0
        var updates = 0
        var failed = 0
        var alerts = 0
        var heldBack = 0
        /// Matches of muted topics (recorded, no alert).
        var muted = 0
        var backlog = 0
        var alertsByTopic: [String: Int] = [:]
        var mutedByTopic: [String: Int] = [:]
        /// Failed files and items by `FailureKind`.
        var failuresByReason: [String: Int] = [:]

        /// Adds a committed batch's counts (the backlog is set, not added).
        mutating func add(_ batch: Snapshot) {
            processed += batch.processed
            new += batch.new
            duplicates += batch.duplicates
            updates += batch.updates
            failed += batch.failed
            alerts += batch.alerts
            heldBack += batch.heldBack
            muted += batch.muted
            alertsByTopic.merge(batch.alertsByTopic, uniquingKeysWith: +)
            mutedByTopic.merge(batch.mutedByTopic, uniquingKeysWith: +)
            failuresByReason.merge(batch.failuresByReason, uniquingKeysWith: +)
        }
    }

    private let state = Mutex(Snapshot())

    func update(_ body: (inout Snapshot) -> Void) {
        state.withLock { body(&$0) }
    }

    var snapshot: Snapshot { state.withLock { $0 } }

    /// The one-line status systemd shows.
    var status: String {
        let s = snapshot
        return
            "processed \(s.processed), new \(s.new), duplicates \(s.duplicates), updates \(s.updates), failed \(s.failed), alerts \(s.alerts), backlog \(s.backlog)"
    }
}
