import NewswatchCore
import NewswatchTestSupport
import Testing
import TopicMatching

@Suite("A query and its obvious rewrites agree on every text")
struct RewriteEquivalenceTests {
    static let vocabulary = ["nato", "expansion", "russia", "belarus", "minsk", "border", "troops", "treaty"]

    /// (query, rewrite) pairs that must match exactly the same texts; a, b, c stand for words.
    static let rewrites: [(String, String)] = [
        ("a AND b", "+a +b"),
        ("a && b", "a AND b"),
        ("a OR b", "a b"),
        ("a || b", "a OR b"),
        ("a AND NOT b", "+a -b"),
        ("a NOT b", "a AND !b"),
        ("NOT (NOT a)", "a"),
        ("-(-a)", "a"),
        ("NOT (a OR b)", "NOT a AND NOT b"),
        ("NOT (a AND b)", "(NOT a) OR (NOT b)"),
        ("a AND (b OR c)", "(a AND b) OR (a AND c)"),
        ("a OR (b AND c)", "(a OR b) AND (a OR c)"),
        ("+a b", "a"),
        ("\"a b\"", "\"a b\"~0"),
        ("title:(a OR b)", "title:a OR title:b"),
    ]

    @Test("rewrites agree on random texts", arguments: rewrites)
    func rewritesAgree(query: String, rewrite: String) throws {
        var generator = SeededGenerator(state: 2016)
        for round in 0..<200 {
            var words = Self.vocabulary.shuffled(using: &generator)
            let letters = ["a", "b", "c"]
            let assignment = Dictionary(uniqueKeysWithValues: zip(letters, words.prefix(3)))
            words = (0..<Int.random(in: 0...8, using: &generator)).map { _ in
                Self.vocabulary.randomElement(using: &generator)!
            }
            let title = Bool.random(using: &generator) ? Self.vocabulary.randomElement(using: &generator) : nil
            let page = Page(format: .text, title: title, paragraphs: [words.joined(separator: " ")])
            let left = try matches(Self.substitute(query, assignment), "", page: page).isEmpty
            let right = try matches(Self.substitute(rewrite, assignment), "", page: page).isEmpty
            #expect(left == right, "round \(round): \(words) title \(title ?? "-")")
        }
    }

    static func substitute(_ query: String, _ assignment: [String: String]) -> String {
        var result = ""
        var index = query.startIndex
        while index < query.endIndex {
            let character = query[index]
            let next = query.index(after: index)
            let previousIsLetter = index > query.startIndex && query[query.index(before: index)].isLetter
            let nextIsLetter = next < query.endIndex && query[next].isLetter
            if let word = assignment[String(character)], !previousIsLetter, !nextIsLetter {
                result += word
            } else {
                result.append(character)
            }
            index = next
        }
        return result
    }
}
