import ArgumentParser
import Foundation
import Logging
import NewswatchDaemon

extension TopicsCommand {
    /// `newswatch topics mute ID --for 2h`: a noisy topic stops alerting for a while.
    struct Mute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop a topic's alerts for a while; its matches are still recorded and counted.",
            discussion: """
                The mute is kept in the state database, so it survives restarts, and a running daemon follows it from \
                its next batch (no reload needed); with a shared PostgreSQL state ([state] database) every daemon of \
                the fleet does. While muted, a story that matches the topic is recorded as alerted \
                for it (it does not alert later, once the mute ends) and counted as muted in newswatch status and the \
                metrics, but no alert entry is written and max_per_hour is not used up. Muting a muted topic again \
                replaces its end. Exit 0 when muted, 1 when the state cannot be written or the configuration is \
                invalid, 64 for a topic id the configuration does not have or a duration without a unit.
                """)

        @OptionGroup var options: ConfigOption

        @Option(
            name: .customLong("for"),
            help: ArgumentHelp("How long, such as 30m, 2h, 1d, 1w (default: until unmuted).", valueName: "duration"))
        var duration: String?

        @Argument(help: ArgumentHelp("The topic's id.", valueName: "id"))
        var id: String

        func validate() throws {
            if let duration, (DurationText.seconds(duration) ?? 0) <= 0 {
                throw ValidationError("--for \(duration) is not a duration: give a number and a unit, such as 30m, 2h, 1d or 1w.")
            }
        }

        func run() async throws {
            let configuration = try options.load(showingWarnings: false)
            let topic = try Self.knownTopic(id, in: configuration)
            let now = Int64(Date().timeIntervalSince1970)
            let until = duration.flatMap(DurationText.seconds).map { now + $0 }
            try await Self.withState(configuration) { settings, logger in
                try await StateStores.mute(settings, topic: topic.id, until: until, now: now, logger: logger)
            }
            let end = until.map { "until \(StatusReport.time($0)) (\(duration ?? ""))" } ?? "until newswatch topics unmute \(topic.id)"
            print("muted \(topic.id) \(end): its matches are recorded without alerts")
            if !topic.enabled { printError("newswatch: note: \(topic.id) is disabled (enabled = false) anyway") }
        }

        /// The topic, or exit 64 with its name and the closest id.
        static func knownTopic(_ id: String, in configuration: NewswatchConfiguration) throws -> TopicSettings {
            do {
                return try configuration.topic(id: id)
            } catch {
                printError("newswatch: \(error)")
                throw ExitCode(64)
            }
        }

        /// Runs `body` on the state; exit 1 with the reason when it cannot.
        static func withState<T>(
            _ configuration: NewswatchConfiguration, _ body: (StateSettings, Logger) async throws -> T
        ) async throws -> T {
            do {
                return try await body(configuration.state, .command("newswatch.topics"))
            } catch {
                printError("newswatch: cannot update the state in \(configuration.state.location): \(error)")
                throw ExitCode.failure
            }
        }
    }
}
