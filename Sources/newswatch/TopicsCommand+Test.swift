import ArgumentParser
import Foundation
import NewswatchDaemon
import SystemPackage
import TopicMatching

extension TopicsCommand {
    /// `newswatch topics test QUERY FILE...`: does the query match these pages, and why.
    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Match a query (or a configured topic) against page files and show the words and sentence that matched.",
            discussion: """
                The query uses Lucene classic syntax: words (default operator OR), "phrases", \
                "phrase"~N proximity, AND/OR/NOT (&&, ||, !), +required, -excluded, (groups), \
                expan* wildcards, =exact word forms, and the fields title:, body:, section:, tags:, source:. \
                With --topic ID the query, language and min_hits come from that topic of the configuration \
                (--config, NEWSWATCH_CONFIG or the default path), and every argument is a page file. \
                Pages are read and matched by the daemon's own pipeline. Doubtful queries (a lowercase "and" \
                between words) get a warning. Exits 0 when done, 1 when a file could not be read or the \
                configuration is invalid, 64 on a bad query.
                """)

        @Option(help: ArgumentHelp("Test this configured topic instead of a QUERY.", valueName: "id"))
        var topic: String?

        @OptionGroup var options: ConfigOption

        @Argument(help: ArgumentHelp("The topic query, quoted for the shell (with --topic: the first page file).", valueName: "query"))
        var query: String

        @Argument(help: ArgumentHelp("Page files: text dumps, HTML (optionally gzipped) or JSON scraper items.", valueName: "file"))
        var files: [String] = []

        @Option(help: "Word-form language (en, ru, de, …, or none); default: each page's own language.")
        var language: String?

        @Option(help: "Word occurrences a page needs to match.")
        var minHits = 1

        @Flag(help: "Print one JSON object per page instead of text.")
        var json = false

        func validate() throws {
            if topic == nil && files.isEmpty {
                throw ValidationError("Give a QUERY and at least one FILE (or --topic ID and files).")
            }
        }

        func run() throws {
            let (tested, pages) = try topicAndFiles()
            let checker: PageReport.Checker
            do {
                checker = try PageReport.Checker(topics: [tested])
                for warning in QueryParser().warnings(for: tested.query) {
                    printError("warning: " + QueryParser.pointing(at: warning.column, in: tested.query, warning.message))
                }
            } catch {
                printError("error: " + QueryParser.pointing(at: error.column, in: tested.query, error.message))
                throw ExitCode(64)
            }
            var unreadable = false
            for file in pages {
                for report in checker.reports(forFileAt: FilePath(file)) {
                    if let reason = report.error {
                        printError("\(file): cannot read a page: \(reason)")
                        unreadable = true
                        continue
                    }
                    print(json ? Self.jsonLine(report) : Self.text(report))
                }
            }
            if unreadable { throw ExitCode(1) }
        }

        /// The topic to test and the page files: from the arguments, or `--topic` from the config.
        private func topicAndFiles() throws -> (TopicSettings, [String]) {
            guard let topic else {
                return (TopicSettings(id: "query", name: "query", query: query, language: language, minHits: minHits), files)
            }
            let configuration = try options.load()
            guard var configured = configuration.topics.first(where: { $0.id == topic }) else {
                let ids = configuration.topics.map(\.id)
                printError("newswatch: no topic \"\(topic)\" in \(configuration.file) (\(ids.count) topics)")
                throw ExitCode.failure
            }
            if let language { configured.language = language }
            return (configured, [query] + files)
        }

        static func text(_ report: PageReport) -> String {
            let name = report.item.map { "\(report.file)#\($0)" } ?? report.file
            guard let match = report.topics.first else { return "\(name): no match" }
            return """
                \(name): match (\(match.hits) hit\(match.hits == 1 ? "" : "s"))
                  terms: \(match.matched.joined(separator: ", "))
                  sentence: \(match.snippet)
                """
        }

        static func jsonLine(_ report: PageReport) -> String {
            let match = report.topics.first
            let object: [String: Any] = [
                "file": report.item.map { "\(report.file)#\($0)" } ?? report.file, "match": match != nil,
                "terms": match?.matched ?? [], "sentence": match?.snippet ?? "", "hits": match?.hits ?? 0,
                "title": report.title ?? "", "language": report.language ?? "",
            ]
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
