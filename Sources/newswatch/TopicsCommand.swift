import ArgumentParser

/// `newswatch topics …`: the configured topics, and trying queries before watching them.
struct TopicsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "List the configured topics, try a query on pages before watching it, mute a noisy topic.",
        subcommands: [List.self, Test.self, Mute.self, Unmute.self])
}
