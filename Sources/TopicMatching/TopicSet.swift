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
    /// `prefixLengths[n]` tells whether some watched prefix is n bytes long.
    private let prefixLengths: [Bool]
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
                    compile { stemmer.formKey(of: $0, exactKey: TermKey.exact($0)) }
                } ?? compile(nil)
        }
        self.program = program
        var keyPairs: [(key: UInt64, topic: Int32)] = []
        var prefixPairs: [(key: UInt64, topic: Int32)] = []
        var prefixLengths: [Bool] = []
        var unanchored: [Int32] = []
        var watchedPrefixes = KeyTable(capacity: 16)
        var prefixFilter = [UInt64](repeating: 0, count: 1 << 10)
        for leaf in program.leaves where leaf.kind == .prefix {
            watchedPrefixes.update(0, for: leaf.key)
            prefixFilter[Int(leaf.key >> 54)] |= 1 << ((leaf.key >> 48) & 63)
            let length = Int(leaf.longestWord)
            if prefixLengths.count <= length {
                prefixLengths += Array(repeating: false, count: length + 1 - prefixLengths.count)
            }
            prefixLengths[length] = true
        }
        for (index, topic) in topics.enumerated() {
            let index = Int32(index)
            guard let anchors = Anchors(program, at: Int(topic.root)) else {
                unanchored.append(index)
                continue
            }
            for key in anchors.keys { keyPairs.append((key, index)) }
            for prefix in anchors.prefixes { prefixPairs.append((prefix, index)) }
        }
        keyIndex = AnchorIndex(keyPairs)
        prefixIndex = AnchorIndex(prefixPairs)
        self.prefixLengths = prefixLengths
        self.prefixFilter = prefixFilter
        self.watchedPrefixes = watchedPrefixes
        self.unanchored = unanchored
    }

    /// Topics that may match the page: those with an anchor among its words, in topic order;
    /// and for each anchor prefix found, the exact keys of the page words that have it.
    func candidates(in document: MatchDocument, words: PageWords) -> (topics: [Int32], prefixHits: [UInt64: [UInt64]]) {
        var prefixHits: [UInt64: [UInt64]] = [:]
        var marked = [Bool](repeating: false, count: topics.count)
        var result: [Int32] = unanchored
        for index in unanchored { marked[Int(index)] = true }
        func mark(_ index: Int32) {
            guard !marked[Int(index)] else { return }
            marked[Int(index)] = true
            result.append(index)
        }
        if !keyIndex.isEmpty {
            for word in document.exactPostings.distinct { keyIndex.forEachTopic(of: word.key, mark) }
            if case .stemmed = forms {
                for word in words.postings.distinct { keyIndex.forEachTopic(of: word.key, mark) }
            }
        }
        if watchedPrefixes.count > 0 {
            let shortest = prefixLengths.firstIndex(of: true) ?? 0
            for word in document.exactPostings.distinct {
                var term = document.token(at: Int(word.first)).term
                guard term.utf8.count >= shortest else { continue }
                term.withUTF8 { bytes in
                    TermKey.forEachPrefix(of: bytes, lengths: prefixLengths) { key in
                        guard prefixFilter[Int(key >> 54)] & (1 << ((key >> 48) & 63)) != 0,
                            watchedPrefixes.value(for: key) != nil
                        else { return }
                        prefixHits[key, default: []].append(word.key)
                        prefixIndex.forEachTopic(of: key, mark)
                    }
                }
            }
        }
        result.sort()
        return (result, prefixHits)
    }
}
