import ArgumentParser

/// `newswatch topics …`: the configured topics, and trying queries before watching them.
struct TopicsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "List the configured topics, or try a query on pages before watching it.",
        subcommands: [List.self, Test.self])
}
