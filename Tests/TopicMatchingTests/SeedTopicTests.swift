import Foundation
import NewswatchCore
import NewswatchTestSupport
import PageParsing
import Testing
import TopicMatching

@Suite("The seed pages meet the topics they are about")
struct SeedTopicTests {
    static let seeds = [SharedData.seed000, SharedData.seed001]

    func pages() throws -> [Page] {
        try Self.seeds.map { url in
            let pages = try PageReader().read(SharedData.bytes(of: url), fileName: url.lastPathComponent)
            return try #require(pages.first)
        }
    }

    @Test func natoExpansionTopicMatchesBothSeeds() throws {
        let matcher = try TopicMatcher(topics: [
            TopicDefinition(
                id: "nato-expansion", name: "NATO expansion",
                query: "NATO AND (expansion OR enlargement OR \"build-up\" OR buildup)", language: "en")
        ])
        for page in try pages() {
            let found = matcher.match(MatchDocument(page: page))
            #expect(found.map(\.topicID) == ["nato-expansion"])
            #expect(found.first?.matchedTerms.contains { $0.hasPrefix("NATO") } == true)
        }
    }

    /// Angara and Monson appear only in the "Most read" and infographic lists around seed
    /// 000's article, so once the reader strips page furniture neither seed matches.
    @Test func furnitureOnlyWordsMatchNeitherSeed() throws {
        let matcher = try TopicMatcher(topics: [
            TopicDefinition(id: "furniture", name: "furniture", query: "Angara OR Monson", language: "en")
        ])
        for page in try pages() {
            #expect(matcher.match(MatchDocument(page: page)).isEmpty, "\(page.title ?? "")")
        }
    }
}
