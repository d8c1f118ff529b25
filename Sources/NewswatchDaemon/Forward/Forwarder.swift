import AsyncHTTPClient
import Foundation
public import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
public import SystemPackage
import UnixSignals

#if canImport(Glibc)
    import Glibc
#endif

/// Assembles `newswatch forward`: the journal follower and one service per `[[forward]]`
/// destination in a `ServiceGroup` that owns the signals, over one HTTP client.
public enum Forwarder {
    /// Where things are; the defaults are what the systemd unit gives.
    public struct Paths: Sendable {
        public var config: FilePath
        /// Holds `cursors.json`; the unit's `StateDirectory=` (`$STATE_DIRECTORY`).
        public var state: FilePath
        /// Journal files to read instead of the local journal (`sd_journal_open_directory`).
        public var journal: FilePath?

        public init(config: FilePath, state: FilePath, journal: FilePath?) {
            self.config = config
            self.state = state
            self.journal = journal
        }
    }

    /// Runs until SIGTERM or SIGINT; the cursors of what was delivered are saved by then.
    public static func run(paths: Paths, logger: Logger) async throws {
        let environment = ProcessInfo.processInfo.environment
        let configuration = try ConfigurationLoader.forwarding(from: paths.config)
        guard !configuration.destinations.isEmpty else {
            throw ForwardError("\(configuration.file): no [[forward]] destinations: add one (see README, \"Alerts in chat and email\")")
        }
        do {
            try FileMover.ensureFolder(paths.state)
        } catch {
            throw ForwardError("cannot make the state folder \(paths.state): \(error)")
        }
        let store = try CursorStore(path: paths.state.appending("cursors.json"))
        let journal = JournalWriter(identifier: "newswatch-forward", environment: environment)
        let credentials = Credentials(environment: environment)
        let client = HTTPClient(
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            configuration: HTTPClient.Configuration(
                redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10), read: .seconds(60)),
                connectionPool: .init(idleTimeout: .seconds(60))))
        do {
            let changes = JournalChanges()
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
                .init(service: JournalFollower(directory: paths.journal, changes: changes))
            ]
            for destination in configuration.destinations {
                let feed = try AlertFeed(directory: paths.journal)
                try position(feed, for: destination.name, store: store, journalDirectory: paths.journal, journal: journal, logger: logger)
                let sink = try makeSink(for: destination, client: client, credentials: credentials)
                services.append(
                    .init(
                        service: DestinationForwarder(
                            destination: destination, feed: feed, sink: sink, store: store, changes: changes,
                            journal: journal, clock: ContinuousClock())))
            }
            let notifier = ServiceNotifier()
            let names = configuration.destinations.map(\.name).joined(separator: ", ")
            logger.info("forwarding alerts to \(configuration.destinations.count) destination(s): \(names)")
            notifier.ready(status: "forwarding to \(names)")
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
            notifier.stopping()
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    /// Puts a destination's feed right after its saved cursor, warning about entries vacuumed
    /// in between; a destination without a cursor starts at the end of the journal.
    static func position(
        _ feed: AlertFeed, for destination: String, store: CursorStore, journalDirectory: FilePath?,
        journal: JournalWriter, logger: Logger
    ) throws {
        guard let cursor = store.cursor(for: destination) else {
            // A new destination gets the alerts from now on, not the journal's whole history.
            if let end = try feed.seekEnd() { try store.save(end, for: destination) }
            return
        }
        guard try feed.resume(after: cursor) == .missing else { return }
        let lost = try AlertFeed.entriesLost(after: cursor, directory: journalDirectory)
        if lost == 0 { return }
        let entry = JournalEntry.entriesLost(destination: destination, count: lost, cursor: cursor)
        journal.write(entry)
        logger.warning("\(entry.message)")
    }

    static func makeSink(
        for destination: ForwardDestination, client: HTTPClient, credentials: Credentials
    ) throws(ForwardError) -> any AlertSink {
        let timeout = Duration.seconds(destination.timeout)
        switch destination.target {
        case .webhook(let webhook):
            let url: String
            switch webhook.url {
            case .plain(let text): url = text
            case .credential(let id): url = try credentials.value(id, for: destination.name)
            }
            return WebhookSink(
                client: client, url: url, payload: WebhookPayload(format: webhook.format, destination: destination.name),
                bearerToken: try webhook.bearerCredential.map { (id) throws(ForwardError) in
                    try credentials.value(id, for: destination.name)
                },
                timeout: timeout)
        case .email(let email):
            switch email.transport {
            case .sendmail(let program):
                return SendmailSink(
                    program: program, sender: email.sender, recipients: email.recipients, hostname: hostname, timeout: timeout)
            case .smtp(let server):
                let password = try server.passwordCredential.map { (id) throws(ForwardError) in
                    try credentials.value(id, for: destination.name)
                }
                return SMTPSink(
                    session: SMTPSession(server: server, password: password, clientName: hostname), sender: email.sender,
                    recipients: email.recipients, hostname: hostname, timeout: timeout)
            }
        }
    }

    static var hostname: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
