import ArgumentParser
import Foundation
import Logging
import NewswatchDaemon

/// `newswatch run`: the daemon in the foreground, as systemd starts it.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon in the foreground (systemd Type=notify).",
        discussion: """
            Watches [inbox] path with inotify, processes the backlog, and writes one journal entry per file and one \
            alert per (story, topic). SIGTERM finishes the file in hand and exits 0; SIGHUP reloads the config.
            Log level: NEWSWATCH_LOG_LEVEL=debug|info|notice|warning|error (default info).
            """
    )

    @OptionGroup var options: ConfigOption

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let journal = JournalWriter(environment: environment)
        let level = environment["NEWSWATCH_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                journal.destination == .journal
                ? JournalLogHandler(label: label, writer: journal) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "newswatch")
        let location = options.location
        do {
            try await Daemon.run(configPath: location.path, logger: logger)
        } catch let error as ConfigurationError {
            let message = error.fileIsMissing ? location.missingMessage : "\(error)"
            logger.critical("invalid configuration: \(message)")
            options.report(error)
            throw ExitCode.failure
        } catch {
            logger.critical("newswatch stopped: \(error)")
            printError("newswatch: \(error)")
            throw ExitCode.failure
        }
    }
}
