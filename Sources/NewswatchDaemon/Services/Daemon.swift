import Foundation
public import Logging
import ServiceLifecycle
import Synchronization
public import SystemPackage
import UnixSignals

/// Assembles the running daemon from a config file: the state database, the inbox watch,
/// the inbox processor and its companion services in one `ServiceGroup` that owns the
/// signals.
public enum Daemon {
    /// Runs until SIGTERM or SIGINT; returns when every file in hand is committed.
    /// - Throws: when the daemon cannot start, or when the inbox watch fails while running
    ///   (then systemd restarts it).
    public static func run(configPath: FilePath, journal: JournalWriter, logger: Logger) async throws {
        let activity = DaemonActivity()
        var logger = logger
        logger.handler = ActivityLogHandler(wrapped: logger.handler, activity: activity)
        let startedAt = Int64(Date().timeIntervalSince1970)
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
        let wallClock: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
        let processor = InboxProcessor(
            settings: settings, store: store, delivery: delivery, notifier: notifier, clock: elapsed,
            logger: logger, activity: activity, now: wallClock)
        let inbox = configuration.inbox
        let fileSystem = InboxFileSystem.of(inbox.path)
        let pollInterval = inbox.poll.interval(onNetworkFileSystem: fileSystem?.isNetwork ?? false)
        let poller = InboxPoller(
            settings: inbox, interval: pollInterval ?? InboxPolling.networkInterval, clock: clock, logger: logger
        ) { [processor] event in
            processor.receive(event)
        }
        if let fileSystem, fileSystem.isNetwork {
            let what =
                pollInterval.map { "it is listed every \(InboxPolling.every($0).text) (inbox.poll)" }
                ?? "inbox.poll = \"off\", so they are found only at the next start"
            logger.warning(
                "the inbox \(inbox.path) is on \(fileSystem.name): inotify cannot see files other hosts write there; \(what)")
        }
        if let pollInterval {
            poller.poll(FilePath())
            if fileSystem?.isNetwork != true {
                logger.notice("listing the inbox \(inbox.path) every \(InboxPolling.every(pollInterval).text) (inbox.poll)")
            }
        }
        // The watch is set here, before the processor lists the inbox, so no file arriving
        // in between is missed.
        let watcher = try InboxWatcher(
            settings: inbox, logger: logger, fallback: { [poller] folder in poller.poll(folder) },
            deliver: { [processor] event in processor.receive(event) })
        var archive: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let keep = configuration.archive.keep {
            archive.append(
                .init(
                    service: ArchiveRetention(
                        folders: [inbox.processed, inbox.failed], keep: keep, clock: clock, logger: logger,
                        now: { Int64(Date().timeIntervalSince1970) })))
        }
        let heartbeat = HeartbeatService(
            progress: processor.progress, notifier: notifier, clock: clock, logger: logger,
            status: { [processor] in processor.status },
            onTick: { [processor] in
                if processor.hasOpenRateWindows.load(ordering: .acquiring) { processor.wake.yield() }
            })
        var reporting: [ServiceGroupConfiguration.ServiceConfiguration] = []
        do {
            try FileMover.ensureFolder(configuration.state.runtimeDirectory)
            let base = DaemonStatus(
                process: .current, startedAt: startedAt, config: configuration.file.string,
                inbox: configuration.inbox.path.string)
            reporting.append(
                .init(
                    service: StatusFileService(
                        path: configuration.state.statusFile, processor: processor, base: base, clock: clock, logger: logger,
                        now: wallClock)))
        } catch {
            logger.warning(
                "cannot create the runtime directory \(configuration.state.runtimeDirectory): \(error); newswatch status will not see this daemon"
            )
        }
        if let textfile = configuration.metrics.textfile {
            reporting.append(
                .init(
                    service: MetricsFileService(
                        path: textfile, interval: .seconds(configuration.metrics.interval), processor: processor, clock: clock,
                        startedAt: startedAt, logger: logger, now: wallClock)))
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: reporting + [
                    .init(service: processor, successTerminationBehavior: .gracefullyShutdownGroup),
                    .init(
                        service: watcher, successTerminationBehavior: .gracefullyShutdownGroup,
                        failureTerminationBehavior: .gracefullyShutdownGroup),
                    .init(service: heartbeat),
                    .init(service: RetentionService(clock: clock) { [processor] in processor.requestPrune() }),
                    .init(service: CheckpointService(store: store, clock: clock, logger: logger)),
                    .init(service: ConfigReloader(path: configPath, processor: processor, notifier: notifier, logger: logger)),
                    .init(service: poller),
                ] + archive,
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }
}
