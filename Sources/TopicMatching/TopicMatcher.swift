import NewswatchCore
import Synchronization

/// Matches pages against many topic queries at once.
///
/// Each topic is indexed by anchor words, one of which any matching page must contain
/// (as Lucene Monitor and the Elasticsearch percolator pre-filter), so a page evaluates
/// only the topics whose anchors it holds plus those no word can rule out (pure negations).
/// Topics with a fixed `language` are compiled once; topics that follow the page language
/// are compiled per language on first use.
public struct TopicMatcher: Sendable {
    public let topics: [TopicDefinition]
    private let fixedSets: [TopicSet]
    private let followers: [TopicSet.Entry]
    private let followerSets: FollowerSets
    private let pool: StemmerPool

    /// - Throws: `TopicQueryError` for the first topic whose query, language or
    ///   `minHits` is wrong, carrying its id and the column in its query.
    public init(topics: [TopicDefinition]) throws(TopicQueryError) {
        self.topics = topics
        let parser = QueryParser()
        var fixed: [WordForms: [TopicSet.Entry]] = [:]
        var followers: [TopicSet.Entry] = []
        for (index, topic) in topics.enumerated() {
            let (query, forms, _) = try topic.compile(parser: parser)
            let entry = TopicSet.Entry(definition: Int32(index), query: query, minHits: topic.minHits)
            if let forms {
                fixed[forms, default: []].append(entry)
            } else {
                followers.append(entry)
            }
        }
        let pool = StemmerPool()
        fixedSets = fixed.map { TopicSet(forms: $0.key, entries: $0.value, pool: pool) }
        self.followers = followers
        followerSets = FollowerSets()
        self.pool = pool
    }

    /// The topics the page matches, in topic order.
    public func match(_ document: MatchDocument) -> [TopicMatch] {
        match(document, prefilter: true)
    }

    /// `prefilter: false` evaluates every topic, for tests that the pre-filter drops no match.
    func match(_ document: MatchDocument, prefilter: Bool) -> [TopicMatch] {
        var found: [(definition: Int32, positions: [Int], hits: Int)] = []
        forEachSet(of: document) { set, pageWords in
            let (candidates, prefixHits) = set.candidates(in: document, words: pageWords, all: !prefilter)
            let evaluation = TopicEvaluation(
                program: set.program, document: document, words: pageWords, prefixHits: prefixHits)
            for candidate in candidates {
                let topic = set.topics[Int(candidate)]
                guard evaluation.matches(Int(topic.root)) else { continue }
                let (positions, hits) = evaluation.evidence(Int(topic.root))
                // A pure negation has no words to count; min_hits applies to topics with words.
                guard hits >= topic.minHits || positions.isEmpty && hits == 0 && !topic.hasPositiveLeaf
                else { continue }
                found.append((topic.definition, positions, hits))
            }
        }
        guard !found.isEmpty else { return [] }
        found.sort { $0.definition < $1.definition }
        // Reports are built with the page's texts held in place, read without copies.
        return document.withSegmentTexts { texts in
            var reporter = MatchReporter(document: document, texts: texts)
            return found.map {
                reporter.match(topicID: topics[Int($0.definition)].id, positions: $0.positions, hits: $0.hits)
            }
        }
    }

    /// How many topics the anchor pre-filter leaves to evaluate for the page: a figure for
    /// benchmarks and diagnostics (the rest of the topics cannot match).
    public func candidateCount(in document: MatchDocument) -> Int {
        var count = 0
        forEachSet(of: document) { set, pageWords in
            count += set.candidates(in: document, words: pageWords, all: false).topics.count
        }
        return count
    }

    /// Calls `body` with each topic set that applies to the page and the page's words in
    /// that set's word forms (computed once per form).
    private func forEachSet(of document: MatchDocument, _ body: (TopicSet, PageWords) -> Void) {
        var sets = fixedSets
        if !followers.isEmpty {
            let forms = WordForms(pageLanguage: document.page.language)
            sets.append(followerSets.set(for: forms) { TopicSet(forms: forms, entries: followers, pool: pool) })
        }
        var words: [WordForms: PageWords] = [:]
        for set in sets {
            let pageWords = words[set.forms] ?? self.words(of: document, as: set.forms)
            words[set.forms] = pageWords
            body(set, pageWords)
        }
    }

    private func words(of document: MatchDocument, as forms: WordForms) -> PageWords {
        guard case .stemmed(let algorithm) = forms,
            let words = pool.withStemmer(algorithm, { PageWords(document: document, stemmer: $0) })
        else { return PageWords(exactOf: document) }
        return words
    }
}

/// Topic sets for topics that follow the page language, compiled on first use per language.
private final class FollowerSets: Sendable {
    private let sets = Mutex<[WordForms: TopicSet]>([:])

    func set(for forms: WordForms, build: () -> TopicSet) -> TopicSet {
        if let known = sets.withLock({ $0[forms] }) { return known }
        let built = build()
        return sets.withLock { sets in
            if let raced = sets[forms] { return raced }
            sets[forms] = built
            return built
        }
    }
}
