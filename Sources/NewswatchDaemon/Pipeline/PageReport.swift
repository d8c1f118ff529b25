import Foundation
import NewswatchCore
import PageParsing
public import SystemPackage
public import TopicMatching

/// What `newswatch check` prints for one page: the extracted fields and the topics that
/// matched, with no state and no side effects.
public struct PageReport: Sendable, Equatable {
    public struct TopicHit: Sendable, Equatable {
        public var id: String
        public var matched: [String]
        public var snippet: String
        /// Occurrences of the query's words, as `min_hits` counts them.
        public var hits: Int
    }

    public var file: String
    /// The sub-folder of the inbox the file is in (`NEWSWATCH_FOLDER`); nil at the top of
    /// the inbox or outside it.
    public var folder: String?
    public var item: Int?
    public var format: String?
    public var title: String?
    public var published: String?
    public var author: String?
    public var section: String?
    public var source: String?
    public var dateline: String?
    public var url: String?
    public var language: String?
    public var tags: [String]
    public var body: String?
    public var topics: [TopicHit]
    /// Set when the file could not be read; the other fields are then empty.
    public var error: String?

    /// Reads `bytes` as the daemon would and matches `topics` against every page.
    public static func reports(
        for bytes: [UInt8], file: String, topics: [TopicSettings]
    ) throws(TopicQueryError) -> [PageReport] {
        try Checker(topics: topics).reports(for: bytes, file: file)
    }

    /// The daemon's own pipeline (`PageAnalyzer`) for `check` and `topics test`: the topics
    /// compiled once, then any number of files read and matched as the daemon would.
    public struct Checker: Sendable {
        let analyzer: PageAnalyzer
        /// Files named on the command line may be larger than the daemon's `max_file_size`.
        public static let fileLimit = 64 << 20

        /// - Parameter topics: matched as given; pass `enabledTopics` to leave out disabled ones.
        public init(topics: [TopicSettings]) throws(TopicQueryError) {
            analyzer = PageAnalyzer(matcher: try TopicMatcher(topics: topics.map(\.definition)))
        }

        public func reports(for bytes: [UInt8], file: String) -> [PageReport] {
            PageReport.reports(for: bytes, file: file, analyzer: analyzer)
        }

        /// Reads the file with the care the daemon takes with inbox files (no links, no
        /// FIFOs, size capped); a file that cannot be read is one report with its reason.
        public func reports(forFileAt path: FilePath) -> [PageReport] {
            do {
                return reports(for: try InboxFile.read(path, limit: Self.fileLimit), file: path.string)
            } catch {
                return [PageReport.failure(file: path.string, reason: error.message)]
            }
        }
    }

    static func reports(for bytes: [UInt8], file: String, analyzer: PageAnalyzer) -> [PageReport] {
        switch analyzer.analyze(bytes, name: file) {
        case .failure(let error):
            return [PageReport(file: file, tags: [], topics: [], error: error.message)]
        case .success(let (pages, failedItems)):
            let failures = failedItems.map { PageReport(file: file, item: $0.item, tags: [], topics: [], error: $0.reason) }
            let read = pages.map { analyzed in
                let page = analyzed.page
                return PageReport(
                    file: file, item: analyzed.item, format: page.format.rawValue, title: page.title,
                    published: page.published, author: page.author, section: page.section, source: page.source, dateline: page.dateline,
                    url: page.url, language: page.language, tags: page.tags, body: page.body,
                    topics: analyzed.matches.map {
                        TopicHit(id: $0.topicID, matched: $0.matchedTerms, snippet: $0.snippet, hits: $0.hits)
                    },
                    error: nil)
            }
            return (read + failures).sorted { ($0.item ?? 0) < ($1.item ?? 0) }
        }
    }

    public static func failure(file: String, reason: String) -> PageReport {
        PageReport(file: file, tags: [], topics: [], error: reason)
    }

    /// One line of JSON; absent values are `null` so every key is always there.
    public var jsonLine: String {
        let object: [String: Any] = [
            "file": file, "folder": folder as Any? ?? NSNull(), "item": item as Any? ?? NSNull(), "format": format as Any? ?? NSNull(),
            "title": title as Any? ?? NSNull(), "published": published as Any? ?? NSNull(),
            "author": author as Any? ?? NSNull(),
            "section": section as Any? ?? NSNull(), "source": source as Any? ?? NSNull(),
            "dateline": dateline as Any? ?? NSNull(), "url": url as Any? ?? NSNull(),
            "language": language as Any? ?? NSNull(), "tags": tags, "body": body as Any? ?? NSNull(),
            "topics": topics.map { ["id": $0.id, "matched": $0.matched, "snippet": $0.snippet, "hits": $0.hits] as [String: Any] },
            "error": error as Any? ?? NSNull(),
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// A few readable lines for a person at a terminal.
    public var text: String {
        if let error { return "\(file): failed: \(error)" }
        var lines = ["\(file)\(item.map { " item \($0)" } ?? ""): \(format ?? "?") \"\(title ?? "")\""]
        lines.append(
            "  published \(published ?? "-"), author \(author ?? "-"), section \(section ?? "-"), source \(source ?? "-"), language \(language ?? "-")"
        )
        if !tags.isEmpty { lines.append("  tags: \(tags.joined(separator: ", "))") }
        var words = 0
        var inWord = false
        for byte in body?.utf8 ?? "".utf8 {
            let space = byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
            if !space && !inWord { words += 1 }
            inWord = !space
        }
        lines.append("  body: \(words) words")
        for topic in topics {
            lines.append("  topic \(topic.id): \(topic.matched.joined(separator: ", ")) — \(topic.snippet)")
        }
        if topics.isEmpty { lines.append("  no topic matched") }
        return lines.joined(separator: "\n")
    }
}
