/// Time since start on an injected clock, as plain `Duration`s: the processor's retry
/// delays and the journal delivery's timeouts read it and the processor sleeps on it, so a
/// test can drive them with a clock of its own instead of waiting.
struct ElapsedClock: Sendable {
    private let elapsed: @Sendable () -> Duration
    private let sleeper: @Sendable (Duration) async throws -> Void

    init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let start = clock.now
        elapsed = { start.duration(to: clock.now) }
        sleeper = { try await clock.sleep(until: start.advanced(by: $0), tolerance: nil) }
    }

    /// Time since this clock was made.
    var now: Duration { elapsed() }

    /// Sleeps until `deadline` (time since start); throws when the task is cancelled.
    func sleep(until deadline: Duration) async throws {
        try await sleeper(deadline)
    }
}

/// Delays between attempts that double from `first` up to `limit`, for work that waits on
/// something outside the daemon (a full disk, a locked database, journald).
struct Backoff: Sendable {
    let first: Duration
    let limit: Duration
    private(set) var attempts = 0

    init(first: Duration = .milliseconds(100), limit: Duration = .seconds(5)) {
        self.first = first
        self.limit = limit
    }

    /// The delay before the next attempt; each call doubles the one after.
    mutating func next() -> Duration {
        defer { attempts += 1 }
        return min(limit, first * (1 << min(attempts, 30)))
    }

    mutating func reset() {
        attempts = 0
    }
}
