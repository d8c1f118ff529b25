import NewswatchCore
import NewswatchTestSupport
import Testing

@testable import TopicMatching

/// The anchor pre-filter (one or two anchor passes per topic) must only skip topics that
/// cannot match: matching with it and evaluating every topic give the same matches.
@Suite("The anchor pre-filter never drops a match")
struct PrefilterEquivalenceTests {
    static let vocabulary = ["nato", "expansion", "expanding", "russia", "minsk", "border", "borders", "troops"]

    /// A random query over the vocabulary: terms, phrases, proximity, wildcards, fields,
    /// and AND / OR / NOT groups nested up to `depth`.
    static func query(depth: Int, using generator: inout SeededGenerator) -> String {
        func word() -> String { vocabulary.randomElement(using: &generator)! }
        let leafOnly = depth == 0
        switch Int.random(in: 0..<(leafOnly ? 5 : 9), using: &generator) {
        case 0, 1: return word()
        case 2: return "\"\(word()) \(word())\""
        case 3: return "\"\(word()) \(word())\"~\(Int.random(in: 1...4, using: &generator))"
        case 4: return Bool.random(using: &generator) ? "\(word().prefix(4))*" : "title:\(word())"
        case 5, 6:
            let parts = (0..<Int.random(in: 2...3, using: &generator)).map { _ in
                query(depth: depth - 1, using: &generator)
            }
            return "(" + parts.joined(separator: " AND ") + ")"
        case 7:
            return "(\(query(depth: depth - 1, using: &generator)) OR \(query(depth: depth - 1, using: &generator)))"
        default:
            return "(\(query(depth: depth - 1, using: &generator)) AND NOT \(word()))"
        }
    }

    @Test("pre-filtered and exhaustive matching agree", arguments: ["en", "none"])
    func prefilterAgreesWithEvaluatingEveryTopic(language: String) throws {
        var generator = SeededGenerator(state: 4242)
        let topics = (0..<300).map { number in
            TopicDefinition(
                id: "q\(number)", name: "", query: Self.query(depth: 2, using: &generator), language: language)
        }
        let matcher = try TopicMatcher(topics: topics)
        var matchedSomewhere = 0
        for round in 0..<150 {
            let words = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                Self.vocabulary.randomElement(using: &generator)!.uppercased()
            }
            let title = Bool.random(using: &generator) ? Self.vocabulary.randomElement(using: &generator) : nil
            let page = Page(format: .text, title: title, language: "en", paragraphs: [words.joined(separator: " ")])
            let document = MatchDocument(page: page)
            let filtered = matcher.match(document)
            let exhaustive = matcher.match(document, prefilter: false)
            let agree = filtered == exhaustive
            let differing = Set(filtered.map(\.topicID)).symmetricDifference(exhaustive.map(\.topicID))
            #expect(agree, "round \(round): \(words), title \(title ?? "-"): topics \(differing.sorted())")
            matchedSomewhere += filtered.count
        }
        // The generated topics must really match pages, or the comparison proves nothing.
        #expect(matchedSomewhere > 1_000)
    }
}
