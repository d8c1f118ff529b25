import Synchronization
import SystemPackage

/// Names (paths relative to the inbox) waiting to be processed, in arrival order, each at most once.
///
/// Filled by the inotify reader thread and the backlog scan, drained in batches by the
/// processor; a name seen again while still waiting is not queued twice.
final class PendingNames: Sendable {
    private let state = Mutex(State())

    private struct State {
        var order: [FilePath] = []
        var head = 0
        var waiting: Set<FilePath> = []
    }

    /// Queues a name (a path inside the inbox) unless it is already waiting; true when it was
    /// queued. Names `[inbox] ignore` matches never get here: the watch and the listings leave
    /// them out.
    @discardableResult
    func push(_ name: FilePath) -> Bool {
        state.withLock { state in
            guard state.waiting.insert(name).inserted else { return false }
            state.order.append(name)
            return true
        }
    }

    /// Puts names taken earlier back at the head of the queue, in order, for a batch that
    /// could not be committed; names queued again meanwhile move up with them.
    func putBack(_ names: [FilePath]) {
        guard !names.isEmpty else { return }
        state.withLock { state in
            let returning = Set(names)
            var rest = state.order[state.head...].filter { !returning.contains($0) }
            rest.insert(contentsOf: names, at: 0)
            state.order = rest
            state.head = 0
            state.waiting.formUnion(names)
        }
    }

    /// Takes up to `limit` names.
    func take(_ limit: Int) -> [FilePath] {
        state.withLock { state in
            let end = min(state.head + limit, state.order.count)
            let batch = Array(state.order[state.head..<end])
            state.head = end
            for name in batch { state.waiting.remove(name) }
            if state.head == state.order.count {
                state.order.removeAll(keepingCapacity: true)
                state.head = 0
            }
            return batch
        }
    }

    var count: Int { state.withLock { $0.order.count - $0.head } }
}
