import ArgumentParser
import Logging
import NewswatchDaemon

/// `newswatch stories`: recent stories with their pages and verdicts.
struct StoriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stories",
        abstract: "List recent stories with their pages, verdicts and what each duplicate matched.",
        discussion: """
            Reads the state of the configured [state]: the SQLite file in directory, or the fleet's shared \
            PostgreSQL database (every host's pages) when database is set. Safe while the daemon runs.
            """
    )

    @OptionGroup var options: ConfigOption

    @Flag(name: .long, help: "Print one JSON object per line per story.")
    var json = false

    @Option(name: .long, help: "How many stories, newest first.")
    var limit = 20

    func run() async throws {
        let configuration = try options.load(showingWarnings: false)
        do {
            let logger = Logger.command("newswatch.stories")
            for story in try await StateStores.recentStories(configuration.state, limit: limit, logger: logger) {
                print(json ? story.jsonLine : story.text)
            }
        } catch {
            printError("newswatch: \(error)")
            throw ExitCode.failure
        }
    }
}
