import Logging
public import ServiceLifecycle

/// Checkpoints the SQLite write-ahead log every interval on its own connection, so the
/// fsync a checkpoint needs never sits between a dropped page and its alert.
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

    public func run() async throws {
        await repeatUntilShutdown(every: interval, clock: clock) {
            do {
                try database.checkpoint()
            } catch {
                logger.warning("WAL checkpoint of \(database.path) failed: \(error)")
            }
        }
    }
}
