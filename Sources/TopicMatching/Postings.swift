import NewswatchCore

/// Where each word key occurs in a page: a chain of positions per key, latest first.
///
/// One table and one array for the whole page, so building it allocates no array per word.
/// Each distinct key is a page word numbered in order of first occurrence, so per-word
/// work (stemming, wildcard prefixes, the anchor look-up) runs once per word, not per position.
struct Postings: Sendable {
    /// Key → its word number.
    private var words: KeyTable
    /// Position → the previous position with the same key, or -1.
    private var previous: [Int32]
    /// Per word number: its key, first and last position.
    private(set) var distinct: [(key: UInt64, first: Int32, last: Int32)]
    /// Per position: its word number.
    private(set) var wordOfPosition: [Int32]

    /// The exact-form postings of texts laid end to end (the document's segments in order).
    ///
    /// The tokenizer already numbered each text's distinct words, so the table is consulted
    /// once per distinct word of a text, not once per position.
    init(texts: [TokenizedText]) {
        let positions = texts.reduce(0) { $0 + $1.count }
        var words = KeyTable(capacity: texts.reduce(0) { $0 + $1.words.count })
        var distinct: [(key: UInt64, first: Int32, last: Int32)] = []
        var previous = [Int32](repeating: -1, count: positions)
        var wordOfPosition = [Int32](repeating: 0, count: positions)
        var position = 0
        // Plain buffers in the per-position loop: a checked array write there costs a
        // uniqueness test each, more than the work itself.
        previous.withUnsafeMutableBufferPointer { previous in
            wordOfPosition.withUnsafeMutableBufferPointer { wordOfPosition in
                for text in texts {
                    // Per word of this text: its number in the document, or -1 before its first use.
                    var numberOfWord = [Int32](repeating: -1, count: text.words.count)
                    numberOfWord.withUnsafeMutableBufferPointer { numberOfWord in
                        text.tokens.withUnsafeBufferPointer { tokens in
                            for token in tokens {
                                var number = numberOfWord[Int(token.word)]
                                if number < 0 {
                                    number = words.insert(Int32(distinct.count), for: token.key) ?? Int32(distinct.count)
                                    numberOfWord[Int(token.word)] = number
                                    if Int(number) == distinct.count {
                                        distinct.append((token.key, Int32(position), -1))
                                    }
                                }
                                wordOfPosition[position] = number
                                position += 1
                            }
                        }
                    }
                }
            }
        }
        Self.chain(&distinct, &previous, wordOfPosition: wordOfPosition)
        self.words = words
        self.distinct = distinct
        self.previous = previous
        self.wordOfPosition = wordOfPosition
    }

    /// Links each position to the previous one of its word and sets each word's last position.
    private static func chain(
        _ distinct: inout [(key: UInt64, first: Int32, last: Int32)], _ previous: inout [Int32],
        wordOfPosition: [Int32]
    ) {
        var last = [Int32](repeating: -1, count: distinct.count)
        last.withUnsafeMutableBufferPointer { last in
            previous.withUnsafeMutableBufferPointer { previous in
                wordOfPosition.withUnsafeBufferPointer { wordOfPosition in
                    for position in 0..<wordOfPosition.count {
                        let word = Int(wordOfPosition[position])
                        previous[position] = last[word]
                        last[word] = Int32(position)
                    }
                }
            }
            distinct.withUnsafeMutableBufferPointer { distinct in
                for word in 0..<distinct.count { distinct[word].last = last[word] }
            }
        }
    }

    /// Postings where each position's key is `keyOfWord[w]` for exact word `w` of `exact`
    /// (word forms of exact words): keyed once per word, not per position.
    init(keyOfWord: [UInt64], exact: Postings) {
        var words = KeyTable(capacity: keyOfWord.count)
        var distinct: [(key: UInt64, first: Int32, last: Int32)] = []
        var numberOfWord = [Int32](repeating: 0, count: keyOfWord.count)
        // Exact words are numbered in order of first occurrence, so the first exact word of
        // a form gives the form's first position.
        for (word, key) in keyOfWord.enumerated() {
            let number = Int32(distinct.count)
            if let known = words.insert(number, for: key) {
                numberOfWord[word] = known
            } else {
                distinct.append((key, exact.distinct[word].first, -1))
                numberOfWord[word] = number
            }
        }
        var wordOfPosition = [Int32](repeating: 0, count: exact.wordOfPosition.count)
        numberOfWord.withUnsafeBufferPointer { numberOfWord in
            wordOfPosition.withUnsafeMutableBufferPointer { wordOfPosition in
                exact.wordOfPosition.withUnsafeBufferPointer { exactWords in
                    for position in 0..<exactWords.count { wordOfPosition[position] = numberOfWord[Int(exactWords[position])] }
                }
            }
        }
        var previous = [Int32](repeating: -1, count: wordOfPosition.count)
        Self.chain(&distinct, &previous, wordOfPosition: wordOfPosition)
        self.words = words
        self.distinct = distinct
        self.previous = previous
        self.wordOfPosition = wordOfPosition
    }

    func contains(_ key: UInt64) -> Bool { words.value(for: key) != nil }

    @inline(__always)
    private func lastPosition(of key: UInt64) -> Int32 {
        guard let number = words.value(for: key) else { return -1 }
        return distinct[Int(number)].last
    }

    /// The last position of `key` whose field is in `scope`, or nil.
    @inline(__always)
    func lastPosition(of key: UInt64, in scope: FieldScope, fields: [FieldScope]) -> Int? {
        var position = Int(lastPosition(of: key))
        while position >= 0 {
            if scope.contains(fields[position]) { return position }
            position = Int(previous[position])
        }
        return nil
    }

    /// Calls `body` with each position of `key`, last first, until it returns false.
    @inline(__always)
    func forEachPosition(of key: UInt64, _ body: (Int) -> Bool) {
        var position = lastPosition(of: key)
        while position >= 0 {
            guard body(Int(position)) else { return }
            position = previous[Int(position)]
        }
    }
}
