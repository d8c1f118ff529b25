import ArgumentParser
import Foundation
import NewswatchCore
import PageParsing
import TopicMatching

/// `newswatch topics …`: tools for topic queries.
struct TopicsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "Try topic queries before watching them.",
        subcommands: [Test.self])
}

extension TopicsCommand {
    /// `newswatch topics test QUERY FILE...`: does the query match these pages, and why.
    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Match a query against page files and show the words and sentence that matched.",
            discussion: """
                The query uses Lucene classic syntax: words (default operator OR), "phrases", \
                "phrase"~N proximity, AND/OR/NOT (&&, ||, !), +required, -excluded, (groups), \
                expan* wildcards, =exact word forms, and the fields title:, body:, section:, tags:, source:. \
                Exits 0 when done, 1 when a file could not be read, 64 on a bad query.
                """)

        @Argument(help: "The topic query, quoted for the shell.")
        var query: String

        @Argument(help: "Page files: text dumps, HTML (optionally gzipped) or JSON scraper items.")
        var files: [String]

        @Option(help: "Word-form language (en, ru, de, …, or none); default: each page's own language.")
        var language: String?

        @Option(help: "Word occurrences a page needs to match.")
        var minHits = 1

        @Flag(help: "Print one JSON object per page instead of text.")
        var json = false

        func run() throws {
            let matcher: TopicMatcher
            do {
                matcher = try TopicMatcher(topics: [
                    TopicDefinition(id: "query", name: "query", query: query, language: language, minHits: minHits)
                ])
            } catch {
                printError("error: \(error.message) [\(error.code.rawValue)]")
                if error.column > 0 {
                    printError("  \(query)")
                    printError("  " + String(repeating: " ", count: error.column - 1) + "^ column \(error.column)")
                }
                throw ExitCode(64)
            }
            var unreadable = false
            for file in files {
                let pages: [Page]
                do {
                    let bytes = [UInt8](try Data(contentsOf: URL(filePath: file)))
                    pages = try PageReader().read(bytes, fileName: (file as NSString).lastPathComponent)
                } catch let error as PageReadError {
                    printError("\(file): cannot read a page: \(error.message)")
                    unreadable = true
                    continue
                } catch {
                    printError("\(file): cannot read: \((error as NSError).localizedDescription)")
                    unreadable = true
                    continue
                }
                for (index, page) in pages.enumerated() {
                    let name = pages.count > 1 ? "\(file)#\(index + 1)" : file
                    report(matcher.match(MatchDocument(page: page)).first, page: page, name: name)
                }
            }
            if unreadable { throw ExitCode(1) }
        }

        private func report(_ match: TopicMatch?, page: Page, name: String) {
            if json {
                let object: [String: Any] = [
                    "file": name, "match": match != nil, "terms": match?.matchedTerms ?? [],
                    "sentence": match?.snippet ?? "", "hits": match?.hits ?? 0, "title": page.title ?? "",
                    "language": page.language ?? "",
                ]
                let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
                print(String(decoding: data, as: UTF8.self))
                return
            }
            guard let match else {
                print("\(name): no match")
                return
            }
            print("\(name): match (\(match.hits) hit\(match.hits == 1 ? "" : "s"))")
            print("  terms: \(match.matchedTerms.joined(separator: ", "))")
            print("  sentence: \(match.snippet)")
        }

        private func printError(_ line: String) {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }
}
