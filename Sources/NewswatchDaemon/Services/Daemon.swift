import Synchronization
import Foundation
public import Logging
import ServiceLifecycle
import UnixSignals
public import SystemPackage

/// Assembles the running daemon from a config file: the state database, the inbox watch,
/// the inbox processor and its companion services in one `ServiceGroup` that owns the
/// signals.
public enum Daemon {
    /// Runs until SIGTERM or SIGINT; returns when every file in hand is committed.
    /// - Throws: when the daemon cannot start, or when the inbox watch fails while running
    ///   (then systemd restarts it).
    public static func run(configPath: FilePath, journal: JournalWriter, logger: Logger) async throws {
        let configuration = try ConfigurationLoader.standard.load(from: configPath)
        for warning in configuration.warnings { logger.warning("\(warning)") }
        let settings = try PipelineSettings(configuration: configuration)
        try FileMover.ensureFolder(configuration.state.directory)
        for folder in [configuration.inbox.path, configuration.inbox.processed, configuration.inbox.failed] {
            do {
                try FileMover.ensureFolder(folder)
            } catch {
                logger.error("cannot create \(folder): \(error)")
            }
        }
        try SpoolCheck.requireOneFileSystem(configuration.inbox, logger: logger)
        let store = try await StateStores.open(configuration.state, logger: logger)
        let notifier = ServiceNotifier()
        let clock = ContinuousClock()
        let elapsed = ElapsedClock(clock)
        let delivery = JournalDelivery(writer: journal, stateID: store.stateID, clock: elapsed, logger: logger) { id in
            try store.outboxEntries(id)
        }
        let processor = InboxProcessor(
            settings: settings, store: store, delivery: delivery, notifier: notifier, clock: elapsed,
            logger: logger, now: { Int64(Date().timeIntervalSince1970) })
        // The watch is set here, before the processor lists the inbox, so no file arriving
        // in between is missed.
        let watcher = try InboxWatcher(inbox: configuration.inbox.path, logger: logger) { [processor] event in
            processor.receive(event)
        }
        let heartbeat = HeartbeatService(
            progress: processor.progress, notifier: notifier, clock: clock, logger: logger,
            status: { [processor] in processor.status },
            onTick: { [processor] in
                if processor.hasOpenRateWindows.load(ordering: .acquiring) { processor.wake.yield() }
            })
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: processor, successTerminationBehavior: .gracefullyShutdownGroup),
                    .init(
                        service: watcher, successTerminationBehavior: .gracefullyShutdownGroup,
                        failureTerminationBehavior: .gracefullyShutdownGroup),
                    .init(service: heartbeat),
                    .init(service: RetentionService(clock: clock) { [processor] in processor.requestPrune() }),
                    .init(service: CheckpointService(store: store, clock: clock, logger: logger)),
                    .init(service: ConfigReloader(path: configPath, processor: processor, notifier: notifier, logger: logger)),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }
}
