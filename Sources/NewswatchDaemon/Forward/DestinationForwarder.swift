import ServiceLifecycle

/// Delivers one destination's alerts in journal order: reads its own feed from its saved
/// cursor, sends each accepted alert (or each digest window), retries with backoff until the
/// destination takes it or refuses it for good, and saves the cursor after each batch.
///
/// Each destination is its own service with its own feed and cursor, so one that is down for
/// hours holds back nobody else and catches up in order when it comes back.
final class DestinationForwarder<C: Clock>: Service where C.Duration == Duration {
    let destination: ForwardDestination
    let feed: AlertFeed
    let sink: any AlertSink
    let store: CursorStore
    let changes: JournalChanges
    let journal: JournalWriter
    let clock: C
    /// Alerts read and delivered before the cursor is saved: at most this many repeat after
    /// a SIGKILL. Each save is one small fsync'd file.
    static var batchLimit: Int { 64 }
    /// Alerts in one digest message; a larger window is sent as several.
    static var digestLimit: Int { 100 }

    init(
        destination: ForwardDestination, feed: AlertFeed, sink: any AlertSink, store: CursorStore,
        changes: JournalChanges, journal: JournalWriter, clock: C
    ) {
        self.destination = destination
        self.feed = feed
        self.sink = sink
        self.store = store
        self.changes = changes
        self.journal = journal
        self.clock = clock
    }

    func run() async throws {
        let filter = AlertFilter(destination)
        let window = destination.digest.map { Duration.seconds($0) }
        var saved = store.cursor(for: destination.name)
        // Digest mode: alerts of the open window, its end, and the cursor of the last entry read.
        var pending: [JournalAlert] = []
        var windowEnd: C.Instant?
        var readUpTo: String?

        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let seen = changes.generation
            try feed.refresh()
            var read: [(alert: JournalAlert, accepted: Bool)] = []
            while read.count < Self.batchLimit, let alert = try feed.next() {
                read.append((alert, filter.accepts(alert)))
            }

            if window == nil {
                var done: String?
                for (alert, accepted) in read {
                    if Task.isShuttingDownGracefully { break }
                    if accepted {
                        guard await deliver([alert], digest: false) else { break }
                    }
                    done = alert.cursor
                }
                if let done, done != saved {
                    try store.save(done, for: destination.name)
                    saved = done
                }
                if done != read.last?.alert.cursor { return }  // shutdown during a retry
            } else if let window {
                for (alert, accepted) in read where accepted {
                    if pending.isEmpty { windowEnd = clock.now.advanced(by: window) }
                    pending.append(alert)
                }
                if let last = read.last { readUpTo = last.alert.cursor }
                if let end = windowEnd, !pending.isEmpty, clock.now >= end {
                    for start in stride(from: 0, to: pending.count, by: Self.digestLimit) {
                        let part = Array(pending[start..<min(start + Self.digestLimit, pending.count)])
                        guard await deliver(part, digest: true) else { return }
                    }
                    pending = []
                    windowEnd = nil
                }
                // Entries that were all filtered out move the cursor on; an open window holds it.
                if pending.isEmpty, let readUpTo, readUpTo != saved {
                    try store.save(readUpTo, for: destination.name)
                    saved = readUpTo
                }
            }
            if read.count == Self.batchLimit { continue }
            await waitForChange(past: seen, orUntil: pending.isEmpty ? nil : windowEnd)
        }
    }

    /// Sleeps until the journal changes, `deadline` passes, or shutdown begins.
    private func waitForChange(past seen: UInt64, orUntil deadline: C.Instant?) async {
        let changes = changes
        let clock = clock
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await changes.wait(past: seen) }
                if let deadline { group.addTask { try? await clock.sleep(until: deadline, tolerance: nil) } }
                await group.next()
                group.cancelAll()
            }
        }
    }

    /// Delivers one message, retrying with backoff until it is delivered or refused for good.
    /// Returns false only when shutdown interrupted the retries (the cursor stays before it).
    private func deliver(_ alerts: [JournalAlert], digest: Bool) async -> Bool {
        var backoff = RetryBackoff(initial: .seconds(destination.backoff), maximum: .seconds(destination.maxBackoff))
        var attempt = 0
        while true {
            attempt += 1
            switch await sink.deliver(alerts, digest: digest) {
            case .delivered(let detail):
                journal.write(.delivered(to: destination.name, alerts: alerts, attempt: attempt, detail: detail))
                return true
            case .rejected(let reason):
                journal.write(.deliveryRejected(to: destination.name, alerts: alerts, attempt: attempt, reason: reason))
                return true
            case .retry(let reason, let retryAfter):
                let delay = backoff.delay(retryAfter: retryAfter)
                journal.write(.deliveryFailed(to: destination.name, alerts: alerts, attempt: attempt, reason: reason, retryIn: delay))
                do {
                    try await cancelWhenGracefulShutdown { try await self.clock.sleep(for: delay) }
                } catch {
                    return false
                }
                if Task.isShuttingDownGracefully || Task.isCancelled { return false }
            }
        }
    }
}
