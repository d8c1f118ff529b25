import Synchronization

/// One call to the database server whose caller is resumed exactly once: by the call's own
/// result, or by whatever gives up on it first (its deadline, the loss of its connection, an
/// interrupt, the caller's cancellation).
///
/// PostgresNIO 1.33 answers some calls never: a statement sent on a connection whose channel
/// has just closed is dropped with its promise, and neither closing the connection nor
/// cancelling the task completes it. The caller waits here instead, so it can leave such a
/// call behind.
final class RoundTrip<Value: Sendable>: Sendable {
    private let state = Mutex<State>(State())

    private struct State {
        var continuation: CheckedContinuation<Value, any Error>?
        /// The outcome, once decided (it may be decided before the caller starts waiting).
        var outcome: Result<Value, any Error>?
    }

    /// Waits for the outcome.
    func wait() async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let outcome = state.withLock { state -> Result<Value, any Error>? in
                guard let outcome = state.outcome else {
                    state.continuation = continuation
                    return nil
                }
                return outcome
            }
            if let outcome { continuation.resume(with: outcome) }
        }
    }

    /// Decides the outcome; false when it was already decided (the caller has left).
    @discardableResult
    func end(_ outcome: Result<Value, any Error>) -> Bool {
        let continuation = state.withLock { state -> CheckedContinuation<Value, any Error>?? in
            guard state.outcome == nil else { return .none }
            state.outcome = outcome
            guard let continuation = state.continuation else { return .some(nil) }
            state.continuation = nil
            return .some(continuation)
        }
        switch continuation {
        case .none: return false
        case .some(let waiting):
            waiting?.resume(with: outcome)
            return true
        }
    }
}
