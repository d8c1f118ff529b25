import ArgumentParser
import Foundation
import Logging
import NewswatchDaemon
import SystemPackage

/// `newswatch forward`: delivers the journal's alerts to webhooks, chat and email.
struct ForwardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forward",
        abstract: "Deliver alerts from the journal to webhooks, chat and email (systemd Type=notify).",
        discussion: """
            Follows newswatch's alerts and held-back summaries in the journal and delivers them to the \
            [[forward]] destinations of the config, at least once: each destination's cursor is saved in \
            STATE/cursors.json after delivery. Secrets come from $CREDENTIALS_DIRECTORY (LoadCredential=). \
            SIGTERM stops after the message in hand. Exit codes: 0 stopped, 1 runtime failure or invalid \
            config, 64 usage error.
            """
    )

    @OptionGroup var options: ConfigOption

    @Option(name: .long, help: "Folder for cursors.json (default: $STATE_DIRECTORY, else /var/lib/newswatch-forward).")
    var stateDirectory: String?

    @Option(name: .long, help: "Read the journal files in this folder instead of the local journal.")
    var journalDirectory: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let journal = JournalWriter(identifier: "newswatch-forward", environment: environment)
        let level = environment["NEWSWATCH_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                journal.destination == .journal
                ? JournalLogHandler(label: label, writer: journal) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "newswatch-forward")
        let state =
            stateDirectory ?? environment["STATE_DIRECTORY"]?.split(separator: ":").first.map(String.init)
            ?? "/var/lib/newswatch-forward"
        let paths = Forwarder.Paths(
            config: options.location.path, state: FilePath(state), journal: journalDirectory.map { FilePath($0) })
        do {
            try await Forwarder.run(paths: paths, logger: logger)
        } catch let error as ConfigurationError {
            logger.critical("newswatch forward stopped: the configuration cannot be used: \(error)")
            options.report(error)
            throw ExitCode.failure
        } catch {
            logger.critical("newswatch forward stopped: \(error)")
            printError("newswatch forward: \(error)")
            throw ExitCode.failure
        }
    }
}
