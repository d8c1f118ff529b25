import Synchronization
import SystemPackage

/// Moves out of the inbox that failed (a read-only or full spool, a permission), retried with
/// backoff while their files wait in the inbox. Their outcomes are committed, so the
/// processor never analyses those files again: it only moves them.
///
/// Each round tries the oldest move first; when that fails, the others that failed for the
/// same reason last time count as tried too, so thousands of waiting files cost one system
/// call a round, not thousands. A move that has failed `reportAfter` rounds gets an error
/// entry naming the file and the cause; it is still retried.
final class UnfinishedMoves: Sendable {
    /// Failed rounds after which an error entry names the file.
    static let reportAfter = 6

    private let clock: ElapsedClock
    private let state = Mutex(State())

    init(clock: ElapsedClock) {
        self.clock = clock
    }

    struct Waiting: Sendable {
        var move: StateDatabase.PendingMove
        var error: SystemCallError
        var rounds = 1
    }

    private struct State {
        var waiting: [Waiting] = []
        var names: [FilePath.Component: Int] = [:]
        var backoff = Backoff()
        var retryAt: Duration?
        var since: Duration?
    }

    /// What a round of retries did.
    struct Round: Sendable {
        var done: [StateDatabase.PendingMove] = []
        /// Moves that just reached `reportAfter` failed rounds.
        var stuck: [Waiting] = []
        /// Every waiting move is done now, after this long.
        var recoveredAfter: Duration?
    }

    /// Keeps a move that failed; true when it is the first one of a new stretch of failures.
    @discardableResult
    func add(_ move: StateDatabase.PendingMove, error: SystemCallError) -> Bool {
        state.withLock { state in
            let now = clock.now
            state.waiting.append(Waiting(move: move, error: error))
            state.names[move.name, default: 0] += 1
            if state.retryAt == nil { state.retryAt = now + state.backoff.next() }
            if state.since == nil {
                state.since = now
                return true
            }
            return false
        }
    }

    /// The identities of the files waiting under `name` (nil for a file that had none).
    func waiting(named name: FilePath.Component) -> [FileIdentity?] {
        state.withLock { state in
            guard state.names[name] != nil else { return [] }
            return state.waiting.filter { $0.move.name == name }.map(\.move.identity)
        }
    }

    var isEmpty: Bool { state.withLock { $0.waiting.isEmpty } }

    /// Retries the waiting moves when a retry is due; `perform` moves one file.
    func retry(_ perform: (StateDatabase.PendingMove) throws(SystemCallError) -> Void) -> Round {
        state.withLock { state in
            var round = Round()
            let now = clock.now
            guard let due = state.retryAt, now >= due, !state.waiting.isEmpty else { return round }
            var failure: Errno?
            var kept: [Waiting] = []
            for var waiting in state.waiting {
                if let failure, waiting.error.errno == failure {
                    waiting.rounds += 1
                } else {
                    do throws(SystemCallError) {
                        try perform(waiting.move)
                        round.done.append(waiting.move)
                        state.names[waiting.move.name, default: 1] -= 1
                        if state.names[waiting.move.name] == 0 { state.names[waiting.move.name] = nil }
                        continue
                    } catch {
                        failure = error.errno
                        waiting.error = error
                        waiting.rounds += 1
                    }
                }
                if waiting.rounds == Self.reportAfter { round.stuck.append(waiting) }
                kept.append(waiting)
            }
            state.waiting = kept
            if kept.isEmpty {
                round.recoveredAfter = state.since.map { now - $0 }
                state = State()
            } else {
                if !round.done.isEmpty { state.backoff.reset() }
                state.retryAt = now + state.backoff.next()
            }
            return round
        }
    }

    /// When `retry` has something to do (time since start), nil when nothing waits.
    var nextDeadline: Duration? { state.withLock { $0.retryAt } }

    /// A phrase for `STATUS=` while moves wait, else nil.
    var waitingNote: String? {
        state.withLock { state in
            guard let first = state.waiting.first else { return nil }
            let destination: String
            switch first.move.destination {
            case .delete: destination = "be deleted"
            case .folder(let folder): destination = "move to \(folder)"
            }
            return "\(state.waiting.count) files wait in the inbox to \(destination) (\(first.error.errno))"
        }
    }
}
