import ArgumentParser
import NewswatchDaemon
import SystemPackage
import TopicMatching

/// `newswatch check`: parse and match files without state or side effects.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse files and match the configured topics, without state or side effects.",
        discussion: """
            Reads each file as the daemon would and prints the extracted fields and the enabled topics that \
            match. With --json, one JSON object per line per page: file, folder (its sub-folder of the inbox, as NEWSWATCH_FOLDER; null at the top of the inbox or outside it), item, format, title, published, author, section, \
            source, dateline, url, language, tags, body, topics [{id, matched, snippet, hits}], error. When no config \
            file exists at the default path a note says so and no topics are matched. Exit 1 when any file could \
            not be read or the config is invalid.
            """
    )

    @OptionGroup var options: ConfigOption

    @Flag(name: .long, help: "Print one JSON object per line per page.")
    var json = false

    @Argument(help: ArgumentHelp("Files to read.", valueName: "file"))
    var files: [String]

    func run() throws {
        let configuration = try options.load(allowingMissing: true)
        let topics = configuration?.enabledTopics ?? []
        let checker: PageReport.Checker
        do {
            checker = try PageReport.Checker(topics: topics)
        } catch {
            printError("newswatch: topic \"\(error.topicID)\": \(error)")
            throw ExitCode.failure
        }
        var failed = false
        for file in files {
            let folder = configuration?.inbox.folder(of: FilePath(file))
            for var report in checker.reports(forFileAt: FilePath(file)) {
                report.folder = folder
                if report.error != nil { failed = true }
                print(json ? report.jsonLine : report.text)
            }
        }
        if failed { throw ExitCode.failure }
    }
}
