import Foundation
import NewswatchCore
import NewswatchTestSupport
import Testing
import TopicMatching

@testable import NewswatchDaemon

/// The journal catalog (`journalctl -x`) and README list the same fields for each message id,
/// and every field the daemon writes is in both.
@Suite("Journal catalog and README")
struct CatalogFieldTests {
    static let messageIDs = [
        JournalEntry.alertMessageID, JournalEntry.fileOutcomeMessageID, JournalEntry.heldBackMessageID,
    ]

    static func fields(in text: String) -> Set<String> {
        Set(text.matches(of: /NEWSWATCH_[A-Z_]+[A-Z]/).map { String($0.0) })
    }

    /// README's "Journal entries" paragraphs, each holding one message id.
    static func readmeFields() throws -> [String: Set<String>] {
        let readme = try String(contentsOf: SharedData.repositoryRoot.appending(path: "README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "## Journal entries"))
        let section = readme[start.upperBound...].prefix { _ in true }
        let end = section.range(of: "\n## ")?.lowerBound ?? section.endIndex
        var result: [String: Set<String>] = [:]
        for paragraph in section[..<end].components(separatedBy: "\n\n") {
            for id in messageIDs where paragraph.contains(id) { result[id] = fields(in: paragraph) }
        }
        return result
    }

    /// The catalog's entries, by message id.
    static func catalogFields() throws -> [String: Set<String>] {
        let catalog = try String(
            contentsOf: SharedData.repositoryRoot.appending(path: "systemd/newswatch.catalog"), encoding: .utf8)
        var result: [String: Set<String>] = [:]
        for block in catalog.components(separatedBy: "\n-- ").dropFirst() {
            let id = String(block.prefix(32))
            result[id] = fields(in: block)
        }
        return result
    }

    /// The fields the daemon itself writes, from its entry builders.
    static func writtenFields() -> [String: Set<String>] {
        var page = Page(format: .text, title: "t", published: "2016-08-23", source: "TASS", url: "https://x", paragraphs: ["b"])
        page.language = "en"
        let facts = JournalEntry.PageFacts(file: "reuters/f", item: 1, doc: "d", story: "s", page: page)
        let topic = TopicSettings(id: "nato", name: "NATO", query: "NATO")
        let match = TopicMatch(topicID: "nato", matchedTerms: ["NATO"], snippet: "NATO.", hits: 1)
        let entries = [
            JournalEntry.alert(facts, topic: topic, match: match),
            JournalEntry.fileOutcome(facts, outcome: "duplicate", score: 0.97, matchedDoc: "m"),
            JournalEntry.fileFailed(file: "reuters/f", reason: "r"),
            JournalEntry.heldBack(topic: topic, held: 3, limit: 2),
        ]
        var result: [String: Set<String>] = [:]
        for entry in entries {
            let id = entry.fields.first { $0.name == "MESSAGE_ID" }?.value ?? ""
            result[id, default: []].formUnion(entry.fields.map(\.name).filter { $0.hasPrefix("NEWSWATCH_") })
        }
        return result
    }

    @Test("the catalog lists exactly README's fields for each message id", arguments: messageIDs)
    func catalogMatchesReadme(id: String) throws {
        let readme = try #require(try Self.readmeFields()[id], "README has no paragraph with \(id)")
        let catalog = try #require(try Self.catalogFields()[id], "the catalog has no entry \(id)")
        #expect(catalog == readme, "only in README: \(readme.subtracting(catalog)); only in the catalog: \(catalog.subtracting(readme))")
    }

    @Test("every field the daemon writes is documented", arguments: messageIDs)
    func writtenFieldsAreDocumented(id: String) throws {
        let written = try #require(Self.writtenFields()[id])
        let readme = try Self.readmeFields()[id] ?? []
        #expect(written.subtracting(readme).isEmpty, "written but not in README: \(written.subtracting(readme))")
    }
}
