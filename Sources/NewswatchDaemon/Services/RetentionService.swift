public import ServiceLifecycle

/// Asks the processor, once an interval, to forget pages older than the dedup window so
/// the state does not grow without bound.
public struct RetentionService<C: Clock>: Service where C.Duration == Duration {
    let interval: Duration
    let clock: C
    /// Asks for one pruning; the processor does it between batches.
    let prune: @Sendable () -> Void

    init(interval: Duration = .seconds(3_600), clock: C, prune: @escaping @Sendable () -> Void) {
        self.interval = interval
        self.clock = clock
        self.prune = prune
    }

    public func run() async throws {
        prune()
        await repeatUntilShutdown(every: interval, clock: clock) {
            prune()
        }
    }
}
