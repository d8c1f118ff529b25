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
            Without a journal socket at start (run by hand), entries go to standard error, one escaped line \
            each; a journald that stops answering later is waited for. Exits 1 when the inbox watch fails.
            Log level: NEWSWATCH_LOG_LEVEL=debug|info|notice|warning|error (default info).
            """
    )

    @OptionGroup var options: ConfigOption

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        // Decided once: a journald that stops answering later is waited for, never replaced.
        let journal = JournalWriter(environment: environment)
        let level = environment["NEWSWATCH_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = JournalLogHandler(label: label, writer: journal)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "newswatch")
        let location = options.location
        if journal.destination == .standardError {
            logger.notice("no journal socket at \(journal.socket): entries go to standard error, one escaped line each")
        }
        do {
            try await Daemon.run(configPath: location.path, journal: journal, logger: logger)
        } catch let error as ConfigurationError {
            let message = error.fileIsMissing ? location.missingMessage : "\(error)"
            logger.critical("invalid configuration: \(message)")
            // On standard error the log line already said it; to the journal, say it here too.
            if journal.destination == .journal { options.report(error) }
            throw ExitCode.failure
        } catch {
            logger.critical("newswatch stopped: \(error)")
            if journal.destination == .journal { printError("newswatch: \(error)") }
            throw ExitCode.failure
        }
    }
}
