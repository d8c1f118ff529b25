import Logging
public import ServiceLifecycle
import Synchronization

/// Checkpoints the SQLite write-ahead log on its own connection once the writer has been
/// quiet for an interval (or after many commits), so the fsync a checkpoint needs does not
/// land between a dropped page and its alert.
public struct CheckpointService<C: Clock>: Service where C.Duration == Duration {
    let database: StateDatabase
    let clock: C
    let interval: Duration
    let logger: Logger

    init(database: StateDatabase, clock: C, interval: Duration = .seconds(1), logger: Logger) {
        self.database = database
        self.clock = clock
        self.interval = interval
        self.logger = logger
    }

    /// Commits after which a checkpoint runs even while pages keep coming.
    static var busyLimit: Int { 1_000 }

    public func run() async throws {
        var checkpointed = 0
        var seen = 0
        await repeatUntilShutdown(every: interval, clock: clock) {
            let commits = database.commits.load(ordering: .relaxed)
            defer { seen = commits }
            let quiet = commits == seen
            guard commits > checkpointed, quiet || commits - checkpointed >= Self.busyLimit else { return }
            do {
                try database.checkpoint()
                checkpointed = commits
            } catch {
                logger.warning("WAL checkpoint of \(database.path) failed: \(error)")
            }
        }
    }
}
