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
        await repeatUntilShutdown(every: interval, clock: clock) {
            processor.requestPrune()
        }
    }
}
