import ArgumentParser

/// `newswatch`: watches an inbox of scraped news pages and alerts in the journal.
///
/// Only parses arguments and hands over to the libraries.
@main
struct Newswatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newswatch",
        abstract: "Watch a folder of scraped news pages and write topic alerts to the systemd journal.",
        discussion: """
            Exit codes: 0 ok, 1 runtime failure, 64 usage error.
            Alerts: journalctl -t newswatch MESSAGE_ID=46fb645ad9fe41fcbd2a627191c6e277
            """,
        subcommands: [
            RunCommand.self, CheckCommand.self, ConfigCommand.self, TopicsCommand.self, StoriesCommand.self, AlertsCommand.self,
            ForwardCommand.self,
        ]
    )
}
