import Synchronization
import SystemPackage

/// Moves out of the inbox that failed (a read-only or full spool, a permission), retried with
/// backoff while their files wait in the inbox. Their outcomes are committed, so the
/// processor never analyses those files again: it only moves them.
///
/// Each round tries the oldest move first; when that fails, the others that failed for the
/// same reason last time count as tried too, so thousands of waiting files cost one system
/// call a round, not thousands. Once moves have failed `reportAfter` times in a row (the
/// first failure and the rounds after it), every waiting file gets an error entry naming it
/// and the cause, and so does each file that fails to move while that lasts; all are still
/// retried.
final class UnfinishedMoves: Sendable {
    /// Failed tries in a row after which an error entry names each waiting file.
    static let reportAfter = 6

    private let clock: ElapsedClock
    private let state = Mutex(State())

    init(clock: ElapsedClock) {
        self.clock = clock
    }

    struct Waiting: Sendable {
        var move: StateDatabase.PendingMove
        var error: SystemCallError
        var reported = false
    }

    private struct State {
        var waiting: [Waiting] = []
        /// The identities waiting under each name, for the processor's look before each batch.
        var names: [FilePath: [FileIdentity?]] = [:]
        var backoff = Backoff()
        var retryAt: Duration?
        var since: Duration?
        /// Failed tries in a row: the first failure, then each round that failed.
        var tries = 0
    }

    /// What a round of retries did.
    struct Round: Sendable {
        var done: [StateDatabase.PendingMove] = []
        /// Files to name in an error entry now.
        var stuck: [Waiting] = []
        /// Every waiting move is done now, after this long.
        var recoveredAfter: Duration?
    }

    /// What the processor says about a move that just failed.
    enum Added: Sendable, Equatable {
        /// The first failure of a stretch: a warning says moves fail.
        case firstFailure
        /// Moves have failed for long already: an error entry names this file at once.
        case stuck
        case kept
    }

    /// Keeps a move that failed.
    @discardableResult
    func add(_ move: StateDatabase.PendingMove, error: SystemCallError) -> Added {
        state.withLock { state in
            let now = clock.now
            let stuck = state.tries >= Self.reportAfter
            state.waiting.append(Waiting(move: move, error: error, reported: stuck))
            state.names[move.name, default: []].append(move.identity)
            if state.retryAt == nil { state.retryAt = now + state.backoff.next() }
            guard state.since == nil else { return stuck ? .stuck : .kept }
            state.since = now
            state.tries = 1
            return .firstFailure
        }
    }

    /// The identities of the files waiting under `name` (nil for a file that had none).
    func waiting(named name: FilePath) -> [FileIdentity?] {
        state.withLock { $0.names[name] ?? [] }
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
                    kept.append(waiting)
                    continue
                }
                do throws(SystemCallError) {
                    try perform(waiting.move)
                    round.done.append(waiting.move)
                    if var identities = state.names[waiting.move.name],
                        let index = identities.firstIndex(of: waiting.move.identity)
                    {
                        identities.remove(at: index)
                        state.names[waiting.move.name] = identities.isEmpty ? nil : identities
                    }
                } catch {
                    failure = error.errno
                    waiting.error = error
                    kept.append(waiting)
                }
            }
            if kept.isEmpty {
                round.recoveredAfter = state.since.map { now - $0 }
                state = State()
                return round
            }
            if failure != nil { state.tries += 1 }
            if state.tries >= Self.reportAfter {
                for index in kept.indices where !kept[index].reported {
                    kept[index].reported = true
                    round.stuck.append(kept[index])
                }
            }
            state.waiting = kept
            if !round.done.isEmpty { state.backoff.reset() }
            state.retryAt = now + state.backoff.next()
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
