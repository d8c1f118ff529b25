import NewswatchCore
import Testing
import TopicMatching

/// One query against one text: does the topic match?
struct MatchCase: Sendable, CustomTestStringConvertible {
    var query: String
    var text: String
    var matches: Bool
    var language: String? = "none"
    var title: String? = nil

    var testDescription: String { "\(query) \(matches ? "matches" : "misses") \"\(text.prefix(40))\"" }
}

/// Runs `query` against a page with `text` as body.
func matches(_ query: String, _ text: String, language: String? = "none", title: String? = nil, page: Page? = nil)
    throws -> [TopicMatch]
{
    let matcher = try TopicMatcher(topics: [TopicDefinition(id: "t", name: "t", query: query, language: language)])
    let page = page ?? Page(format: .text, title: title, paragraphs: [text])
    return matcher.match(MatchDocument(page: page))
}

@Suite("Topic queries match the pages a reader expects")
struct MatchingTests {
    static let operators: [MatchCase] = [
        MatchCase(query: "NATO", text: "NATO met today.", matches: true),
        MatchCase(query: "nato", text: "NATO met today.", matches: true),
        MatchCase(query: "NATO", text: "Nothing here.", matches: false),
        MatchCase(query: "NATO expansion", text: "expansion only", matches: true),
        MatchCase(query: "NATO OR expansion", text: "nothing", matches: false),
        MatchCase(query: "NATO || expansion", text: "NATO", matches: true),
        MatchCase(query: "NATO AND expansion", text: "NATO expansion", matches: true),
        MatchCase(query: "NATO AND expansion", text: "NATO alone", matches: false),
        MatchCase(query: "NATO && expansion", text: "expansion alone", matches: false),
        MatchCase(query: "NATO AND NOT Ukraine", text: "NATO and Ukraine", matches: false),
        MatchCase(query: "NATO AND NOT Ukraine", text: "NATO and Poland", matches: true),
        MatchCase(query: "NATO NOT Ukraine", text: "NATO and Ukraine", matches: false),
        MatchCase(query: "NATO NOT Ukraine", text: "NATO and Poland", matches: true),
        MatchCase(query: "NATO !Ukraine", text: "NATO and Ukraine", matches: false),
        MatchCase(query: "NATO -Ukraine", text: "NATO and Ukraine", matches: false),
        MatchCase(query: "NATO -Ukraine", text: "NATO and Poland", matches: true),
        MatchCase(query: "+NATO +Poland", text: "NATO and Poland", matches: true),
        MatchCase(query: "+NATO +Poland", text: "NATO and Ukraine", matches: false),
        MatchCase(query: "+NATO Poland", text: "NATO and Ukraine", matches: true),
        MatchCase(query: "+NATO Poland", text: "Poland and Ukraine", matches: false),
        MatchCase(query: "-Ukraine", text: "Poland only", matches: true),
        MatchCase(query: "NOT Ukraine", text: "Ukraine only", matches: false),
        MatchCase(query: "NATO AND (expansion OR enlargement)", text: "NATO enlargement", matches: true),
        MatchCase(query: "NATO AND (expansion OR enlargement)", text: "NATO summit", matches: false),
        MatchCase(query: "(a OR b) AND (c OR d)", text: "b d", matches: true),
        MatchCase(query: "(a OR b) AND (c OR d)", text: "a b", matches: false),
        MatchCase(query: "a b AND c", text: "a", matches: true),
        MatchCase(query: "a b AND c", text: "b", matches: false),
        MatchCase(query: "and", text: "salt and pepper", matches: true),
        MatchCase(query: "NOT (NOT NATO)", text: "NATO", matches: true),
        MatchCase(query: "NOT (NOT NATO)", text: "EU", matches: false),
        MatchCase(query: "-(-NATO)", text: "EU", matches: false),
    ]

    @Test("boolean operators follow Lucene classic", arguments: operators)
    func booleanOperators(test: MatchCase) throws {
        #expect(try !matches(test.query, test.text, language: test.language).isEmpty == test.matches)
    }

    static let phrases: [MatchCase] = [
        MatchCase(query: "\"NATO expansion\"", text: "NATO expansion east", matches: true),
        MatchCase(query: "\"NATO expansion\"", text: "expansion of NATO", matches: false),
        MatchCase(query: "\"NATO expansion\"", text: "NATO. Expansion", matches: true),
        MatchCase(query: "\"NATO expansion\"~5", text: "NATO plans a rapid eastward expansion", matches: true),
        MatchCase(query: "\"NATO expansion\"~2", text: "NATO plans a rapid eastward expansion", matches: false),
        MatchCase(query: "\"NATO expansion\"~2", text: "expansion NATO", matches: true),
        MatchCase(query: "\"NATO expansion\"~3", text: "expansion of NATO", matches: true),
        MatchCase(query: "\"NATO expansion\"~2", text: "expansion of NATO", matches: false),
        MatchCase(query: "\"NATO expansion\"~1", text: "expansion NATO", matches: false),
        MatchCase(query: "build-up", text: "a military build-up near borders", matches: true),
        MatchCase(query: "\"build-up\"", text: "a military build up near borders", matches: true),
        MatchCase(query: "build-up", text: "build the road up", matches: false),
        MatchCase(query: "expan*", text: "the expanding alliance", matches: true),
        MatchCase(query: "expan*", text: "an expense", matches: false),
        MatchCase(query: "расшир*", text: "Расширение НАТО", matches: true),
        MatchCase(query: "alliance AND expan*", text: "the expanding alliance", matches: true),
        MatchCase(query: "alliance AND expan*", text: "the alliance", matches: false),
        MatchCase(query: "alliance -expan*", text: "the expanding alliance", matches: false),
        MatchCase(query: "alliance -expan*", text: "the alliance", matches: true),
        MatchCase(query: "expan* OR enlarg*", text: "enlargement talks", matches: true),
    ]

    @Test("phrases, proximity and wildcards", arguments: phrases)
    func phrasesAndWildcards(test: MatchCase) throws {
        #expect(try !matches(test.query, test.text, language: test.language).isEmpty == test.matches)
    }

    static let words: [MatchCase] = [
        MatchCase(query: "ISIS", text: "The crisis deepened.", matches: false),
        MatchCase(query: "ISIS", text: "ISIS claimed it.", matches: true),
        MatchCase(query: "NATO", text: "NATO’s plans", matches: true),
        MatchCase(query: "NATO's", text: "NATO plans", matches: true),
        MatchCase(query: "NATO’s", text: "NATO's plans", matches: true),
        MatchCase(query: "НАТО", text: "Расширение НАТО на восток", matches: true),
        MatchCase(query: "нато", text: "Расширение НАТО на восток", matches: true),
        MatchCase(query: "НАТО", text: "МЕНАТОР", matches: false),
        MatchCase(query: "Émile", text: "émile zola", matches: true),
        MatchCase(query: "Zürich", text: "in Zürich today", matches: true),
        MatchCase(query: "Zürich", text: "in Zurich today", matches: false),
    ]

    @Test("words are whole Unicode words, case-folded", arguments: words)
    func unicodeWords(test: MatchCase) throws {
        #expect(try !matches(test.query, test.text, language: test.language).isEmpty == test.matches)
    }

    static let forms: [MatchCase] = [
        MatchCase(query: "expansion", text: "The alliance is expanding.", matches: true, language: "en"),
        MatchCase(query: "expansion", text: "NATO expanded east.", matches: true, language: "en"),
        MatchCase(query: "expanding", text: "Further expansions are due.", matches: true, language: "en"),
        MatchCase(query: "decision", text: "They decided.", matches: true, language: "en"),
        MatchCase(query: "pension", text: "The vote is pending.", matches: false, language: "en"),
        MatchCase(query: "expansion", text: "The alliance is expanding.", matches: false, language: "none"),
        MatchCase(query: "=expansion", text: "The alliance is expanding.", matches: false, language: "en"),
        MatchCase(query: "=expansion", text: "NATO expansion", matches: true, language: "en"),
        MatchCase(query: "\"NATO expansion\"", text: "NATO expanding fast", matches: true, language: "en"),
        MatchCase(query: "=\"NATO expansion\"", text: "NATO expanding fast", matches: false, language: "en"),
        MatchCase(query: "расширение", text: "угроза расширения НАТО", matches: true, language: "ru"),
        MatchCase(query: "расширение", text: "при расширении альянса", matches: true, language: "ru"),
        MatchCase(query: "расширение", text: "угроза расширения НАТО", matches: false, language: "none"),
        MatchCase(query: "\"расширение НАТО\"", text: "против расширения НАТО", matches: true, language: "ru"),
        MatchCase(query: "expansion", text: "The alliance is expanding.", matches: true, language: nil),
    ]

    @Test("word forms follow the topic language", arguments: forms)
    func wordForms(test: MatchCase) throws {
        let page = Page(format: .text, language: "en", paragraphs: [test.text])
        #expect(try !matches(test.query, test.text, language: test.language, page: page).isEmpty == test.matches)
    }

    @Test func pageLanguageDecidesWhenTheTopicHasNone() throws {
        let russian = Page(format: .text, language: "ru", paragraphs: ["угроза расширения НАТО"])
        let unknown = Page(format: .text, language: nil, paragraphs: ["угроза расширения НАТО"])
        #expect(try !matches("расширение", "", language: nil, page: russian).isEmpty)
        #expect(try matches("расширение", "", language: nil, page: unknown).isEmpty)
    }
}
