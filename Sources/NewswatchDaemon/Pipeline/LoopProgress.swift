import Synchronization

/// What the processing loop tells the watchdog: whether it has work in hand, and a count
/// that moves on each time it gets something done.
///
/// The heartbeat pings systemd only while the count moves or the loop has nothing to do;
/// a loop stuck with work in hand (a commit that blocks or keeps failing, a page that never
/// finishes) lets the pings stop, and systemd restarts the daemon.
final class LoopProgress: Sendable {
    /// Set once the watch is up and READY=1 was sent; nothing is judged before.
    let isReady = Atomic<Bool>(false)
    private let steps = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)

    /// The loop finished a piece of work (a batch committed, moved, delivered).
    func advanced() {
        steps.add(1, ordering: .releasing)
    }

    /// The loop takes up work (true), or waits with nothing it could do now (false).
    func setBusy(_ working: Bool) {
        if busy.exchange(working, ordering: .acquiringAndReleasing) != working {
            advanced()
        }
    }

    struct Reading: Equatable {
        var steps: Int
        var busy: Bool
    }

    var reading: Reading {
        Reading(steps: steps.load(ordering: .acquiring), busy: busy.load(ordering: .acquiring))
    }
}
