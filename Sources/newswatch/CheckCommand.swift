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
            Prints the extracted fields and the matching topics of each file. With --json, one JSON object per \
            line per page: file, item, format, title, published, author, section, source, dateline, url, language, tags, \
            body, topics [{id, matched, snippet}], error. Exit 1 when any file could not be read. Without a \
            config file at the default path, no topics are matched.
            """
    )

    @OptionGroup var options: ConfigOption

    @Flag(name: .long, help: "Print one JSON object per line per page.")
    var json = false

    @Argument(help: "Files to read.")
    var files: [String]

    func run() throws {
        var topics: [TopicSettings] = []
        do {
            topics = try ConfigurationLoader.standard.load(from: options.path).topics
        } catch {
            if !(options.isDefault && error.code == .unreadable) {
                printError("newswatch: \(error)")
                throw ExitCode.failure
            }
        }
        let checker: PageReport.Checker
        do {
            checker = try PageReport.Checker(topics: topics)
        } catch {
            printError("newswatch: topic \"\(error.topicID)\": \(error)")
            throw ExitCode.failure
        }
        var failed = false
        for file in files {
            let reports: [PageReport]
            do {
                let bytes = try InboxFile.read(FilePath(file), limit: 64 << 20)
                reports = checker.reports(for: bytes, file: file)
            } catch {
                reports = [PageReport.failure(file: file, reason: "\(error)")]
            }
            for report in reports {
                if report.error != nil { failed = true }
                print(json ? report.jsonLine : report.text)
            }
        }
        if failed { throw ExitCode.failure }
    }
}
