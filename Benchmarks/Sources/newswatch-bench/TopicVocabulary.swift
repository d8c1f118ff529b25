import NewswatchCore
import NewswatchTestSupport
import TopicMatching

/// Words, names and word pairs of the dev corpus, for generating topics a newsroom might watch.
struct TopicVocabulary {
    /// Broad-series words: in at least 2 pages and at most a tenth of them.
    let words: [String]
    /// Adjacent broad-series word pairs seen in some body, for phrases.
    let pairs: [(String, String)]
    /// Names: words written with a capital inside a sentence most of the time, in at most
    /// a twentieth of the pages (people, places, firms, agencies).
    let names: [String]
    /// Adjacent names in one sentence ("Federal Reserve", "Boris Johnson").
    let namePairs: [(String, String)]
    /// Lowercase context words (`inflation`, `sanctions`) in 3 pages up to an eighth of them.
    let context: [String]
    /// Two specific words (in at most a twentieth of the pages) seen within 4 words of each
    /// other in a sentence, for proximity phrases.
    let nearPairs: [(String, String)]

    init(bodies tokenized: [TokenizedText], pages: [Page]) {
        let bodies = tokenized.map { body in
            body.tokens.map { (term: body.term(of: $0), start: $0.start, sentence: $0.sentence) }
        }
        let pageCount = bodies.count
        var documentFrequency: [String: Int] = [:]
        // Occurrences inside a sentence (not its first word), and how many were capitalised.
        var inner: [String: (all: Int, capital: Int)] = [:]
        for (tokens, page) in zip(bodies, pages) {
            var seen = Set<String>()
            let body = Array(page.body.utf8)
            for (index, token) in tokens.enumerated() where token.term.count >= 3 && token.term.allSatisfy(\.isLetter) {
                if seen.insert(token.term).inserted { documentFrequency[token.term, default: 0] += 1 }
                guard index > 0, tokens[index - 1].sentence == token.sentence else { continue }
                let first = body[Int(token.start)]
                inner[token.term, default: (0, 0)].all += 1
                if first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z") { inner[token.term]!.capital += 1 }
            }
        }
        func frequency(_ term: String) -> Int { documentFrequency[term] ?? 0 }
        func isName(_ term: String) -> Bool {
            guard let counts = inner[term] else { return false }
            return counts.capital * 10 >= counts.all * 8
        }
        let broadCeiling = max(2, pageCount / 10)
        let specificCeiling = max(2, pageCount / 20)
        words = documentFrequency.filter { $0.key.count >= 4 && $0.value >= 2 && $0.value <= broadCeiling }
            .map(\.key).sorted()
        names = documentFrequency.filter { $0.value <= specificCeiling && isName($0.key) }.map(\.key).sorted()
        context = documentFrequency.filter {
            $0.key.count >= 5 && $0.value >= 3 && $0.value <= max(3, pageCount / 8) && (inner[$0.key]?.capital ?? 0) == 0
        }.map(\.key).sorted()

        let wordSet = Set(words)
        var pairs: [(String, String)] = []
        var namePairs: [(String, String)] = []
        var nearPairs: [(String, String)] = []
        var seen = Set<String>()
        for tokens in bodies {
            for (index, first) in tokens.enumerated() {
                for distance in 1...4 where index + distance < tokens.count {
                    let second = tokens[index + distance]
                    guard first.sentence == second.sentence, first.term != second.term,
                        seen.insert("\(distance) \(first.term) \(second.term)").inserted
                    else { continue }
                    if distance == 1, wordSet.contains(first.term), wordSet.contains(second.term) {
                        pairs.append((first.term, second.term))
                    }
                    if distance == 1, isName(first.term), isName(second.term),
                        frequency(first.term) <= specificCeiling || frequency(second.term) <= specificCeiling
                    {
                        namePairs.append((first.term, second.term))
                    }
                    if distance >= 2, first.term.count >= 5, second.term.count >= 5,
                        (1...specificCeiling).contains(frequency(first.term)),
                        (1...specificCeiling).contains(frequency(second.term))
                    {
                        nearPairs.append((first.term, second.term))
                    }
                }
            }
        }
        self.pairs = pairs
        self.namePairs = namePairs
        self.nearPairs = nearPairs
    }

    /// A broad topic of one of the shapes people write, from words in up to a tenth of the
    /// pages: each matches a few percent of pages, so 10,000 of them give hundreds per page.
    func broadTopic(number: Int, using generator: inout SeededGenerator) -> TopicDefinition {
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
