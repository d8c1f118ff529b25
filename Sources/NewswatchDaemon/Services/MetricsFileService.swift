import Logging
public import ServiceLifecycle
import SystemPackage

/// Writes the `[metrics] textfile` for node_exporter's textfile collector every `interval`
/// (atomically: a temporary file in the same folder, then a rename), and once more with
/// `newswatch_up 0` when the daemon stops.
public struct MetricsFileService<C: Clock>: Service where C.Duration == Duration {
    let processor: InboxProcessor
    let interval: Duration
    let clock: C
    let startedAt: Int64
    let now: @Sendable () -> Int64
    private let writer: PolledFileWriter

    init(
        path: FilePath, interval: Duration, processor: InboxProcessor, clock: C, startedAt: Int64, logger: Logger,
        now: @escaping @Sendable () -> Int64
    ) {
        self.processor = processor
        self.interval = interval
        self.clock = clock
        self.startedAt = startedAt
        self.now = now
        writer = PolledFileWriter(path: path, consequence: "node_exporter serves stale newswatch metrics", logger: logger)
    }

    public func run() async throws {
        var writer = self.writer
        writer.write(Array(text(up: true).utf8))
        await repeatUntilShutdown(every: interval, clock: clock) {
            writer.write(Array(text(up: true).utf8))
        }
        writer.write(Array(text(up: false).utf8))
    }

    func text(up: Bool) -> String {
        DaemonMetrics.text(
            DaemonMetrics.Reading(
                counts: processor.counters.snapshot, activity: processor.activity.snapshot,
                topics: processor.currentSettings.configuration.enabledTopics.map(\.id), startedAt: startedAt, now: now(),
                up: up))
    }
}
