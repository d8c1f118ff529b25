import NewswatchCore

/// The topics that share one `WordForms`, indexed by their anchor words.
final class TopicSet: Sendable {
    let forms: WordForms
    let topics: [CompiledTopic]
    let program: MatchProgram
    /// Anchor key (exact or word-form) → topics (indexes into `topics`).
    private let keyIndex: AnchorIndex
    /// Prefix key → topics whose anchor is a wildcard prefix.
    private let prefixIndex: AnchorIndex
    /// Every wildcard prefix of every topic, anchor or not: the page words having one are
    /// collected while scanning, so evaluating a wildcard needs no pass over the page.
    private let watchedPrefixes: KeyTable
    /// One bit per value of a key's top 16 bits, set for the watched prefixes: most prefixes
    /// of page words are not watched, and this 8 KiB filter says so without a table probe.
    private let prefixFilter: [UInt64]
    /// One bit per 16-bit hash of a watched prefix's first four bytes, when every watched
    /// prefix has four (nil otherwise): a page word whose first four bytes are not marked has
    /// no watched prefix, so its prefixes are not hashed at all (most words of a page).
    private let prefixStarts: [UInt64]?
    /// `prefixLengths[n]` tells whether some watched prefix is n bytes long.
    private let prefixLengths: [Bool]
    /// Per topic: the bits of the anchor passes a page must meet (1, or 3 for two passes).
    private let requiredPasses: [UInt8]
    /// Topics no word can rule out, such as pure negations: always evaluated.
    private let unanchored: [Int32]

    /// One parsed topic ready to compile.
    struct Entry: Sendable {
        var definition: Int32
        var query: QueryNode
        var minHits: Int
    }

    init(forms: WordForms, entries: [Entry], pool: StemmerPool) {
        self.forms = forms
        var program = MatchProgram()
        let compile: (((String) -> UInt64)?) -> [CompiledTopic] = { formKey in
            entries.map {
                let root = program.compile($0.query, formKey: formKey)
                return CompiledTopic(
                    definition: $0.definition, root: root, minHits: $0.minHits,
                    hasPositiveLeaf: program.hasPositiveLeaf(Int(root)))
            }
        }
        switch forms {
        case .exact:
            topics = compile(nil)
        case .stemmed(let algorithm):
            topics =
                pool.withStemmer(algorithm) { stemmer in
                    compile { stemmer.formKey(of: $0, exactKey: WordKey.exact($0)) }
                } ?? compile(nil)
        }
        self.program = program
        var keyPairs: [(key: UInt64, topic: Int32)] = []
        var prefixPairs: [(key: UInt64, topic: Int32)] = []
        var prefixLengths: [Bool] = []
        var unanchored: [Int32] = []
        var watchedPrefixes = KeyTable(capacity: 16)
        var prefixFilter = [UInt64](repeating: 0, count: 1 << 10)
        var prefixStarts: [UInt64]? = [UInt64](repeating: 0, count: 1 << 10)
        for leaf in program.leaves where leaf.kind == .prefix {
            if leaf.prefixStart >= 0 {
                prefixStarts?[Int(leaf.prefixStart >> 6)] |= 1 << UInt64(leaf.prefixStart & 63)
            } else {
                prefixStarts = nil
            }
            watchedPrefixes.update(0, for: leaf.key)
            prefixFilter[Int(leaf.key >> 54)] |= 1 << ((leaf.key >> 48) & 63)
            let length = Int(leaf.longestWord)
            if prefixLengths.count <= length {
                prefixLengths += Array(repeating: false, count: length + 1 - prefixLengths.count)
            }
            prefixLengths[length] = true
        }
        // Index entries are topic * 2 + pass.
        var requiredPasses = [UInt8](repeating: 0, count: topics.count)
        for (index, topic) in topics.enumerated() {
            guard let passes = Anchors.passes(program, root: Int(topic.root)) else {
                unanchored.append(Int32(index))
                continue
            }
            for (pass, anchors) in passes.enumerated() {
                let entry = Int32(index * 2 + pass)
                for key in anchors.keys { keyPairs.append((key, entry)) }
                for prefix in anchors.prefixes { prefixPairs.append((prefix, entry)) }
                requiredPasses[index] |= 1 << pass
            }
        }
        self.requiredPasses = requiredPasses
        keyIndex = AnchorIndex(keyPairs)
        prefixIndex = AnchorIndex(prefixPairs)
        self.prefixLengths = prefixLengths
        self.prefixFilter = prefixFilter
        self.prefixStarts = prefixStarts
        self.watchedPrefixes = watchedPrefixes
        self.unanchored = unanchored
    }

    /// Topics that may match the page: those meeting each of their anchor passes with the
    /// page's words, in no particular order (the matcher sorts what matches); and for each watched prefix found, the exact keys of
    /// the page words that have it.
    /// `all` makes every topic a candidate (tests compare it with the pre-filter).
    func candidates(
        in document: MatchDocument, words: PageWords, all: Bool = false
    ) -> (topics: [Int32], prefixHits: [UInt64: [UInt64]]) {
        var prefixHits: [UInt64: [UInt64]] = [:]
        var marks = AnchorMarks(topicCount: topics.count)
        if !keyIndex.isEmpty {
            // Plain loops over the index's entries: a local `mark` function passed as a
            // closure had its captured state access-checked at run time for every anchor hit.
            for word in document.exactPostings.distinct {
                for entry in keyIndex.entries(of: word.key) { marks.mark(keyIndex.entry(at: entry)) }
            }
            if case .stemmed = forms {
                for word in words.postings.distinct {
                    for entry in keyIndex.entries(of: word.key) { marks.mark(keyIndex.entry(at: entry)) }
                }
            }
        }
        if watchedPrefixes.count > 0 {
            let shortest = prefixLengths.firstIndex(of: true) ?? 0
            for word in document.exactPostings.distinct {
                document.withTerm(at: Int(word.first)) { bytes in
                    guard bytes.count >= shortest else { return }
                    if let prefixStarts {
                        let start = TermKey.prefixStart(bytes)
                        guard prefixStarts[start >> 6] & (1 << UInt64(start & 63)) != 0 else { return }
                    }
                    TermKey.forEachPrefix(of: bytes, lengths: prefixLengths) { key in
                        guard prefixFilter[Int(key >> 54)] & (1 << ((key >> 48) & 63)) != 0,
                            watchedPrefixes.value(for: key) != nil
                        else { return }
                        prefixHits[key, default: []].append(word.key)
                        for entry in prefixIndex.entries(of: key) { marks.mark(prefixIndex.entry(at: entry)) }
                    }
                }
            }
        }
        if all { return (Array(0..<Int32(topics.count)).reversed(), prefixHits) }
        var result = unanchored
        for topic in marks.touched where marks.met[Int(topic)] == requiredPasses[Int(topic)] { result.append(topic) }
        return (result, prefixHits)
    }
}
