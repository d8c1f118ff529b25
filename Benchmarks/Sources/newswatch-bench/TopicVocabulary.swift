import NewswatchCore
import TopicMatching

/// Words and word pairs of the dev corpus, for generating topics a newsroom might watch.
struct TopicVocabulary {
    /// Specific words, as topics name people, places and things: in at least 2 pages but
    /// in no more than a tenth of them (common words would make every page match).
    let words: [String]
    /// Adjacent specific-word pairs seen in some body, for phrases.
    let pairs: [(String, String)]

    /// `maximumPages` caps a word's document frequency: a tenth of the pages by default
    /// (broad topics), 2 for specific ones (names and rare terms).
    init(bodies: [[Token]], pages: [Page], maximumPages: Int? = nil) {
        var documentFrequency: [String: Int] = [:]
        for tokens in bodies {
            for term in Set(tokens.map(\.term)) where term.count >= 4 && term.allSatisfy(\.isLetter) {
                documentFrequency[term, default: 0] += 1
            }
        }
        let ceiling = maximumPages ?? max(2, bodies.count / 10)
        let content = documentFrequency.filter { $0.value >= 2 && $0.value <= ceiling }.map(\.key).sorted()
        words = content
        let contentSet = Set(content)
        var pairs: [(String, String)] = []
        var seen = Set<String>()
        for tokens in bodies {
            for (first, second) in zip(tokens, tokens.dropFirst())
            where first.sentence == second.sentence && contentSet.contains(first.term)
                && contentSet.contains(second.term) && seen.insert(first.term + " " + second.term).inserted
            {
                pairs.append((first.term, second.term))
            }
        }
        self.pairs = pairs
    }

    /// A topic of one of the shapes people write: words, OR groups, AND with groups,
    /// phrases, proximity, wildcards, negation and field scopes.
    func topic(number: Int, using generator: inout TopicSeedGenerator) -> TopicDefinition {
        func word() -> String { words.randomElement(using: &generator)! }
        func phrase() -> String {
            let pair = pairs.randomElement(using: &generator)!
            return "\"\(pair.0) \(pair.1)\""
        }
        let query: String
        switch number % 8 {
        case 0: query = word()
        case 1: query = "\(word()) OR \(word()) OR \(word())"
        case 2: query = "\(word()) AND (\(word()) OR \(word()) OR \(phrase()))"
        case 3: query = phrase()
        case 4: query = "\(phrase())~5 AND NOT \(word())"
        case 5:
            let stem = word()
            query = "\(stem.prefix(max(4, stem.count - 3)))* AND \(word())"
        case 6: query = "+\(word()) +\(word()) -\(word())"
        default: query = "title:\(word()) OR body:\(phrase())"
        }
        return TopicDefinition(id: "t\(number)", name: "topic \(number)", query: query, language: "en")
    }
}

/// A seeded generator so every run builds the same topics.
struct TopicSeedGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
