public import ServiceLifecycle

/// Asks the processor, once an interval, to forget pages older than the dedup window so
/// the state does not grow without bound.
public struct RetentionService<C: Clock>: Service where C.Duration == Duration {
    let processor: InboxProcessor
    let interval: Duration
    let clock: C

    init(processor: InboxProcessor, interval: Duration = .seconds(3_600), clock: C) {
        self.processor = processor
        self.interval = interval
        self.clock = clock
    }

    public func run() async throws {
        processor.requestPrune()
        while !Task.isShuttingDownGracefully {
            do {
                try await gracefulShutdownSleep(for: interval, clock: clock)
            } catch {
                return
            }
            processor.requestPrune()
        }
    }

    /// Sleeps for `duration`, ending early when shutdown begins.
    private func gracefulShutdownSleep(for duration: Duration, clock: C) async throws {
        try await cancelWhenGracefulShutdown {
            try await clock.sleep(for: duration)
        }
    }
}
