import NewswatchCore
import Testing
import TopicMatching

@Suite("A match tells which words and which sentence")
struct TopicMatchDetailTests {
    let body = """
        MINSK, May 29. Moscow and Minsk agreed to improve relations. NATO’s build-up near the borders \
        worries them, Lavrov said. Nato plans more.
        """

    @Test func reportsWordsAsWrittenAndTheFirstSentence() throws {
        let found = try matches("NATO AND (\"build-up\" OR borders)", body)
        let match = try #require(found.first)
        #expect(match.matchedTerms == ["NATO’s", "build", "up", "borders", "Nato"])
        #expect(match.snippet == "NATO’s build-up near the borders worries them, Lavrov said.")
        #expect(match.hits == 4)
    }

    @Test("min_hits counts word occurrences", arguments: [(1, true), (4, true), (5, false)])
    func minHits(minimum: Int, expected: Bool) throws {
        let matcher = try TopicMatcher(topics: [
            TopicDefinition(id: "t", name: "t", query: "NATO OR Minsk", language: "none", minHits: minimum)
        ])
        let found = matcher.match(MatchDocument(page: Page(format: .text, paragraphs: [body])))
        #expect(!found.isEmpty == expected)
    }

    @Test func titleIsTheSnippetWhenOnlyTheTitleMatches() throws {
        let found = try matches("title:summit", "Nothing about it here.", title: "Summit in Vilnius")
        #expect(found.first?.snippet == "Summit in Vilnius")
    }

    @Test func longSentencesAreClippedAroundTheMatch() throws {
        let filler = Array(repeating: "word", count: 120).joined(separator: " ")
        let found = try matches("target", "\(filler) target \(filler).")
        let snippet = try #require(found.first?.snippet)
        #expect(snippet.count <= 300)
        #expect(snippet.contains("target"))
    }

    @Test func manyTopicsReportOnlyTheMatchingOnesInOrder() throws {
        let topics =
            (0..<500).map { TopicDefinition(id: "w\($0)", name: "", query: "word\($0) OR \"x y\"") }
            + [TopicDefinition(id: "nato", name: "", query: "NATO"), TopicDefinition(id: "neg", name: "", query: "-EU")]
        let matcher = try TopicMatcher(topics: topics)
        let page = Page(format: .text, paragraphs: ["word7 and word300 met NATO"])
        #expect(matcher.match(MatchDocument(page: page)).map(\.topicID) == ["w7", "w300", "nato", "neg"])
    }
}
