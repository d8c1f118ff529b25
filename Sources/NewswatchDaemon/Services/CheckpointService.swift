import Logging
public import ServiceLifecycle
import Synchronization

/// Checkpoints the SQLite write-ahead log on its own connection once the writer has been
/// quiet for an interval (or after many commits), so the fsync a checkpoint needs does not
/// land between a dropped page and its alert.
public struct CheckpointService<C: Clock>: Service where C.Duration == Duration {
    /// Write transactions committed so far.
    let commits: @Sendable () -> Int
    let checkpoint: @Sendable () throws -> Void
    let clock: C
    let interval: Duration
    let logger: Logger

    init(
        clock: C, interval: Duration = .seconds(1), logger: Logger, commits: @escaping @Sendable () -> Int,
        checkpoint: @escaping @Sendable () throws -> Void
    ) {
        self.commits = commits
        self.checkpoint = checkpoint
        self.clock = clock
        self.interval = interval
        self.logger = logger
    }

    init(store: any StateStore, clock: C, interval: Duration = .seconds(1), logger: Logger) {
        self.init(
            clock: clock, interval: interval, logger: logger, commits: { store.commits },
            checkpoint: { try store.checkpoint() })
    }

    /// Commits after which a checkpoint runs even while pages keep coming.
    static var busyLimit: Int { 1_000 }

    public func run() async throws {
        var checkpointed = 0
        var seen = 0
        await repeatUntilShutdown(every: interval, clock: clock) {
            let commits = commits()
            defer { seen = commits }
            let quiet = commits == seen
            guard commits > checkpointed, quiet || commits - checkpointed >= Self.busyLimit else { return }
            do {
                try checkpoint()
                checkpointed = commits
            } catch {
                logger.warning("WAL checkpoint failed: \(error)")
            }
        }
    }
}
