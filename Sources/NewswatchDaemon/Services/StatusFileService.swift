import Logging
public import ServiceLifecycle
import Synchronization
import SystemPackage

/// Keeps `status.json` in the runtime directory up to date for `newswatch status`: checked
/// every second, rewritten (atomically) when anything in it changed and at least every
/// `DaemonStatus.refreshInterval` seconds, and deleted at a clean stop, so a file left
/// behind means the daemon did not stop cleanly.
public struct StatusFileService<C: Clock>: Service where C.Duration == Duration {
    let processor: InboxProcessor
    /// Who the daemon is and what it watches; the rest is filled in at each tick.
    let base: DaemonStatus
    let clock: C
    let tick: Duration
    let now: @Sendable () -> Int64
    private let writer: PolledFileWriter

    init(
        path: FilePath, processor: InboxProcessor, base: DaemonStatus, clock: C, tick: Duration = .seconds(1),
        logger: Logger, now: @escaping @Sendable () -> Int64
    ) {
        self.processor = processor
        self.base = base
        self.clock = clock
        self.tick = tick
        self.now = now
        writer = PolledFileWriter(path: path, consequence: "newswatch status cannot see this daemon", logger: logger)
    }

    public func run() async throws {
        var writer = self.writer
        var written: DaemonStatus?
        func update() {
            let time = now()
            let status = current(at: time)
            var unchanged = status
            unchanged.updatedAt = written?.updatedAt ?? -1
            if unchanged == written && time - unchanged.updatedAt < DaemonStatus.refreshInterval { return }
            if writer.write(status.json) { written = status }
        }
        update()
        await repeatUntilShutdown(every: tick, clock: clock) { update() }
        AtomicFile.remove(writer.path)
    }

    /// The status as of `time`.
    func current(at time: Int64) -> DaemonStatus {
        let counts = processor.counters.snapshot
        let activity = processor.activity.snapshot
        var status = base
        status.updatedAt = time
        status.ready = processor.progress.isReady.load(ordering: .acquiring)
        status.counts = DaemonStatus.Counts(
            processed: counts.processed, new: counts.new, duplicates: counts.duplicates, updates: counts.updates,
            failed: counts.failed, alerts: counts.alerts, heldBack: counts.heldBack, muted: counts.muted)
        status.backlog = counts.backlog
        status.waiting = processor.waits
        status.lastPage = activity.lastPage
        status.lastAlert = activity.lastAlert
        status.lastError = activity.lastError
        status.mutedTopics = activity.mutedTopics.filter { $0.until.map { $0 > time } ?? true }
        return status
    }
}
