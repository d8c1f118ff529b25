import ArgumentParser
import Foundation
import Logging
import NewswatchDaemon

extension TopicsCommand {
    /// `newswatch topics unmute ID`: the topic alerts again.
    struct Unmute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "End a topic's mute: its next matches alert again.",
            discussion: """
                A running daemon follows it from its next batch. Stories matched while the topic was muted do not \
                alert now. Unmuting a topic that is not muted says so and exits 0. Exit 1 when the state cannot be \
                written or the configuration is invalid, 64 for a topic id the configuration does not have (a mute \
                left by a topic since removed from the configuration can still be ended).
                """)

        @OptionGroup var options: ConfigOption

        @Argument(help: ArgumentHelp("The topic's id.", valueName: "id"))
        var id: String

        func run() async throws {
            let configuration = try options.load(showingWarnings: false)
            let now = Int64(Date().timeIntervalSince1970)
            let known = (try? configuration.topic(id: id)) != nil
            if !known && configuration.state.database == nil && !StateDatabase.exists(at: configuration.state.databasePath) {
                _ = try Mute.knownTopic(id, in: configuration)
            }
            let ended = try await Mute.withState(configuration) { [id] settings, logger in
                // A topic removed from the config may still hold a mute; ending it is allowed.
                try await StateStores.unmute(settings, topic: id, now: now, logger: logger) { muted in
                    known || muted.contains(id)
                }
            }
            if !known && !ended {
                _ = try Mute.knownTopic(id, in: configuration)
            }
            print(ended ? "unmuted \(id): its matches alert again" : "\(id) was not muted")
        }
    }
}
