import ArgumentParser
import NewswatchDaemon

/// `newswatch stories`: recent stories with their pages and verdicts.
struct StoriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stories",
        abstract: "List recent stories with their pages, verdicts and what each duplicate matched.",
        discussion: "Reads the state database of the configured [state] directory; safe while the daemon runs."
    )

    @OptionGroup var options: ConfigOption

    @Flag(name: .long, help: "Print one JSON object per line per story.")
    var json = false

    @Option(name: .long, help: "How many stories, newest first.")
    var limit = 20

    func run() throws {
        let configuration = try options.load(showingWarnings: false)
        do {
            let database = try StateDatabase(path: configuration.state.databasePath)
            for story in try database.recentStories(limit: limit) {
                print(json ? story.jsonLine : story.text)
            }
        } catch {
            printError("newswatch: \(error)")
            throw ExitCode.failure
        }
    }
}
