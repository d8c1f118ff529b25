import NewswatchCore
import TopicMatching

/// The journal entries newswatch writes, with their fixed `MESSAGE_ID`s (made once with
/// `journalctl --new-id128`; `systemd/newswatch.catalog` explains each).
extension JournalEntry {
    /// A topic matched a story.
    public static let alertMessageID = "46fb645ad9fe41fcbd2a627191c6e277"
    /// One page's fate: new, duplicate, update or failed.
    public static let fileOutcomeMessageID = "2c3af0a5f1164829a718d4060be97177"
    /// A topic's alerts were held back by `max_per_hour`.
    public static let heldBackMessageID = "a5481cfb8d6348789ce45d94d7d4688f"

    /// The stable id of an outbox entry (`STATE-BATCH-INDEX`: the state database's id, the
    /// outbox row, the entry's place in it), the same each time the entry is sent, so that
    /// after a crash newswatch sends only the entries the journal does not have yet.
    public static let entryIDField = "NEWSWATCH_ENTRY"

    /// The facts of one page that its entries carry.
    struct PageFacts: Sendable {
        /// The file's path inside the inbox: `page.html`, or `reuters/page.html` in a sub-folder.
        var file: String
        /// Item number within a JSON Lines file; nil for single-page files.
        var item: Int?
        var doc: String
        var story: String
        var page: Page
    }

    static func fileOutcome(
        _ facts: PageFacts, outcome: String, score: Double?, matchedDoc: String?
    ) -> JournalEntry {
        let title = facts.page.title.map { " \"\($0)\"" } ?? ""
        var message = "\(outcome): \(facts.file)\(facts.item.map { " item \($0)" } ?? "")\(title) story \(facts.story)"
        if let matchedDoc, let score {
            message += " (matches \(matchedDoc), similarity \(Self.format(score)))"
        }
        var entry = JournalEntry(message: message, priority: .info, messageID: fileOutcomeMessageID)
        entry.append("NEWSWATCH_FILE", facts.file)
        entry.append("NEWSWATCH_FOLDER", folder(of: facts.file))
        entry.append("NEWSWATCH_ITEM", facts.item.map(String.init))
        entry.append("NEWSWATCH_OUTCOME", outcome)
        entry.append("NEWSWATCH_DOC", facts.doc)
        entry.append("NEWSWATCH_STORY", facts.story)
        entry.append("NEWSWATCH_TITLE", facts.page.title)
        entry.append("NEWSWATCH_SCORE", score.map(Self.format))
        entry.append("NEWSWATCH_MATCHED_DOC", matchedDoc)
        return entry
    }

    static func fileFailed(file: String, item: Int? = nil, reason: String) -> JournalEntry {
        let place = item.map { " item \($0)" } ?? ""
        var entry = JournalEntry(message: "failed: \(file)\(place): \(reason)", priority: .info, messageID: fileOutcomeMessageID)
        entry.append("NEWSWATCH_FILE", file)
        entry.append("NEWSWATCH_FOLDER", folder(of: file))
        entry.append("NEWSWATCH_ITEM", item.map(String.init))
        entry.append("NEWSWATCH_OUTCOME", "failed")
        entry.append("NEWSWATCH_REASON", reason)
        return entry
    }

    static func alert(_ facts: PageFacts, topic: TopicSettings, match: TopicMatch) -> JournalEntry {
        let page = facts.page
        let title = page.title ?? facts.file
        let date = page.published.map { String($0.prefix(10)) }
        let citation = [page.source, date].compactMap { $0 }.joined(separator: ", ")
        let message = "\(topic.name): \"\(title)\"" + (citation.isEmpty ? "" : " (\(citation))")
        var entry = JournalEntry(message: message, priority: topic.priority, messageID: alertMessageID)
        entry.append("NEWSWATCH_TOPIC", topic.id)
        entry.append("NEWSWATCH_TOPIC_NAME", topic.name)
        entry.append("NEWSWATCH_TITLE", title)
        entry.append("NEWSWATCH_PUBLISHED", page.published ?? "")
        entry.append("NEWSWATCH_SOURCE", page.source ?? "")
        entry.append("NEWSWATCH_AUTHOR", page.author)
        entry.append("NEWSWATCH_FILE", facts.file)
        entry.append("NEWSWATCH_FOLDER", folder(of: facts.file))
        entry.append("NEWSWATCH_ITEM", facts.item.map(String.init))
        entry.append("NEWSWATCH_DOC", facts.doc)
        entry.append("NEWSWATCH_STORY", facts.story)
        entry.append("NEWSWATCH_MATCHED", match.matchedTerms.joined(separator: ", "))
        entry.append("NEWSWATCH_SNIPPET", match.snippet)
        entry.append("NEWSWATCH_HITS", String(match.hits))
        entry.append("NEWSWATCH_URL", page.url)
        return entry
    }

    static func heldBack(topic: TopicSettings, held: Int, limit: Int) -> JournalEntry {
        var entry = JournalEntry(
            message: "\(topic.name): \(held) alert\(held == 1 ? "" : "s") held back in the last hour (max_per_hour = \(limit))",
            priority: topic.priority, messageID: heldBackMessageID)
        entry.append("NEWSWATCH_TOPIC", topic.id)
        entry.append("NEWSWATCH_TOPIC_NAME", topic.name)
        entry.append("NEWSWATCH_HELD_BACK", String(held))
        return entry
    }

    /// `NEWSWATCH_FOLDER`: the sub-folder of the inbox a file was dropped in (`reuters`,
    /// `reuters/world`); nil (no field) for a file at the top of the inbox.
    static func folder(of file: String) -> String? {
        guard let slash = file.utf8.lastIndex(of: UInt8(ascii: "/")) else { return nil }
        return String(file[..<slash])
    }

    private static func format(_ score: Double) -> String {
        String(Double(Int((score * 1000).rounded())) / 1000)
    }
}

/// The journal side of the pipeline's values: only here do outcomes and alerts become
/// `NEWSWATCH_*` fields.
extension JournalEntry {
    /// The outcome entry of a page or of a failed file or item.
    init(outcome: PageOutcome) {
        guard outcome.verdict != .failed, let page = outcome.page else {
            self = .fileFailed(file: outcome.file, item: outcome.item, reason: outcome.reason ?? "")
            return
        }
        self = .fileOutcome(
            PageFacts(outcome, page: page), outcome: outcome.verdict.rawValue, score: outcome.score,
            matchedDoc: outcome.matchedDoc)
    }

    /// The alert entry.
    init(alert: Alert) {
        let page = alert.outcome.page ?? Page(format: .text, title: nil, paragraphs: [])
        self = .alert(PageFacts(alert.outcome, page: page), topic: alert.topic, match: alert.match)
    }
}

extension JournalEntry.PageFacts {
    init(_ outcome: PageOutcome, page: Page) {
        self.init(file: outcome.file, item: outcome.item, doc: outcome.doc ?? "", story: outcome.story ?? "", page: page)
    }
}
