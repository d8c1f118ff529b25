import Foundation
import GRDB

/// A story as `newswatch stories` shows it: its pages, each page's verdict and, for a
/// duplicate or update, the page it matched and how closely.
public struct StoryReport: Sendable {
    public struct PageLine: Sendable {
        public var file: String
        public var outcome: String
        public var doc: String?
        public var score: Double?
        public var matchedDoc: String?
        public var seenAt: Int64
        /// The daemon that took the file, in a fleet's shared state; nil in a SQLite state.
        public var host: String? = nil
    }

    public var id: String
    public var title: String?
    public var source: String?
    public var published: String?
    public var firstSeen: Int64
    public var lastSeen: Int64
    public var topics: [String]
    public var pages: [PageLine]

    public var jsonLine: String {
        let object: [String: Any] = [
            "story": id, "title": title as Any? ?? NSNull(), "source": source as Any? ?? NSNull(),
            "published": published as Any? ?? NSNull(), "first_seen": firstSeen, "last_seen": lastSeen,
            "topics": topics,
            "pages": pages.map { page -> [String: Any] in
                var line: [String: Any] = [
                    "file": page.file, "outcome": page.outcome, "doc": page.doc as Any? ?? NSNull(),
                    "score": page.score as Any? ?? NSNull(), "matched_doc": page.matchedDoc as Any? ?? NSNull(),
                    "seen_at": page.seenAt,
                ]
                if let host = page.host { line["host"] = host }
                return line
            },
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    public var text: String {
        var lines = [
            "story \(id) \"\(title ?? "")\" (\(source ?? "-"), \(published ?? "-"))"
                + (topics.isEmpty ? "" : " topics: \(topics.joined(separator: ", "))")
        ]
        for page in pages {
            var line =
                "  \(page.outcome.padding(toLength: 9, withPad: " ", startingAt: 0)) \(page.host.map { "\($0):" } ?? "")\(page.file) doc \(page.doc ?? "-")"
            if let matched = page.matchedDoc, let score = page.score {
                line += " matched \(matched) similarity \(String(format: "%.3f", score))"
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}

extension StateDatabase {
    /// The `limit` stories seen last, newest first.
    public func recentStories(limit: Int) throws -> [StoryReport] {
        try read { db in
            // Stories are the page rows grouped by story; the first page names the story.
            try Row.fetchAll(
                db,
                sql: """
                    SELECT story AS id, min(seen_at) AS first_seen, max(seen_at) AS last_seen, max(id) AS newest
                    FROM page WHERE story IS NOT NULL GROUP BY story ORDER BY last_seen DESC, newest DESC LIMIT ?
                    """,
                arguments: [limit]
            )
            .map { row in
                let id: String = row["id"]
                let pages = try Row.fetchAll(
                    db, sql: "SELECT * FROM page WHERE story = ? ORDER BY id", arguments: [id]
                ).map { page in
                    StoryReport.PageLine(
                        file: page["file"], outcome: page["outcome"], doc: page["doc"], score: page["score"],
                        matchedDoc: page["matched_doc"], seenAt: page["seen_at"])
                }
                let topics = try String.fetchAll(
                    db, sql: "SELECT topic FROM story_topic WHERE story = ? ORDER BY topic", arguments: [id])
                let first = try Row.fetchOne(
                    db, sql: "SELECT title, source, published FROM page WHERE story = ? ORDER BY id LIMIT 1",
                    arguments: [id])
                return StoryReport(
                    id: id, title: first?["title"], source: first?["source"], published: first?["published"],
                    firstSeen: row["first_seen"], lastSeen: row["last_seen"], topics: topics, pages: pages)
            }
        }
    }
}
