import Synchronization

/// Live counts for `STATUS=` and the logs.
final class DaemonCounters: Sendable {
    struct Snapshot: Sendable, Equatable {
        var processed = 0
        var new = 0
        var duplicates = 0
        var updates = 0
        var failed = 0
        var alerts = 0
        var heldBack = 0
        var backlog = 0
    }

    private let state = Mutex(Snapshot())

    func update(_ body: (inout Snapshot) -> Void) {
        state.withLock { body(&$0) }
    }

    var snapshot: Snapshot { state.withLock { $0 } }

    /// The one-line status systemd shows.
    var status: String {
        let s = snapshot
        return "processed \(s.processed), new \(s.new), duplicates \(s.duplicates), updates \(s.updates), failed \(s.failed), alerts \(s.alerts), backlog \(s.backlog)"
    }
}
