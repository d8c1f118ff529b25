#if canImport(Glibc)
import Glibc
#endif
import Foundation
public import Logging
import ServiceLifecycle
import UnixSignals
public import SystemPackage

/// Assembles the running daemon from a config file: the state database, the inbox
/// processor and its companion services in one `ServiceGroup` that owns the signals.
public enum Daemon {
    /// Runs until SIGTERM or SIGINT; returns when every file in hand is committed.
    public static func run(configPath: FilePath, logger: Logger) async throws {
        let configuration = try ConfigurationLoader.standard.load(from: configPath)
        for warning in configuration.warnings { logger.warning("\(warning)") }
        let settings = try PipelineSettings(configuration: configuration)
        try FileMover.ensureFolder(configuration.state.directory)
        let database = try StateDatabase(path: configuration.state.databasePath)
        let journal = JournalWriter(environment: ProcessInfo.processInfo.environment)
        let notifier = ServiceNotifier()
        let processor = InboxProcessor(
            settings: settings, database: database, journal: journal, notifier: notifier, logger: logger,
            now: { Int64(time(nil)) })
        let clock = ContinuousClock()
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: processor, successTerminationBehavior: .gracefullyShutdownGroup),
                    .init(service: HeartbeatService(processor: processor, notifier: notifier, clock: clock)),
                    .init(service: RetentionService(processor: processor, clock: clock)),
                    .init(service: CheckpointService(database: database, clock: clock, logger: logger)),
                    .init(service: ConfigReloader(path: configPath, processor: processor, notifier: notifier, logger: logger)),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }
}
