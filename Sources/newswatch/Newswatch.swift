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
            Every command that reads the configuration takes --config PATH; without it, the NEWSWATCH_CONFIG \
            environment variable, else /etc/newswatch/newswatch.toml.
            Exit codes: 0 ok, 1 runtime failure (an invalid config, an unreadable file), 64 usage error \
            (also for newswatch without a command, and for a topic id the config does not have); status: 3 not \
            running, 4 status unknown.
            Alerts: journalctl -t newswatch MESSAGE_ID=46fb645ad9fe41fcbd2a627191c6e277
            """,
        version: NewswatchVersion.description,
        subcommands: [
            RunCommand.self, CheckCommand.self, ConfigCommand.self, TopicsCommand.self, StoriesCommand.self,
            RetryCommand.self, StatusCommand.self, AlertsCommand.self, ForwardCommand.self,
        ]
    )

    /// `newswatch` alone is a usage error like any other missing argument: the help goes to
    /// standard error and the exit status is 64, so `ExecStart=/usr/bin/newswatch` or a
    /// script that lost its command fails loudly instead of succeeding without doing anything.
    func run() async throws {
        printError(Self.helpMessage())
        throw ExitCode(64)
    }
}
