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
    private(set) var distinct: [(key: UInt64, first: Int32, last: Int32)] = []
    /// Per position: its word number.
    private(set) var wordOfPosition: [Int32]

    init(keys: [UInt64]) {
        words = KeyTable(capacity: keys.count)
        previous = [Int32](repeating: -1, count: keys.count)
        wordOfPosition = [Int32](repeating: 0, count: keys.count)
        distinct.reserveCapacity(keys.count / 2)
        for (position, key) in keys.enumerated() {
            let position = Int32(position)
            let number = Int32(distinct.count)
            if let known = words.insert(number, for: key) {
                previous[Int(position)] = distinct[Int(known)].last
                distinct[Int(known)].last = position
                wordOfPosition[Int(position)] = known
            } else {
                distinct.append((key, position, position))
                wordOfPosition[Int(position)] = number
            }
        }
    }

    /// Postings where each position's key is `keyOfWord[w]` for its word number `w` in
    /// `wordOfPosition` (word forms of exact words): keyed once per word, not per position.
    init(keyOfWord: [UInt64], wordOfPosition exactWords: [Int32]) {
        words = KeyTable(capacity: keyOfWord.count)
        var numberOfWord = [Int32](repeating: 0, count: keyOfWord.count)
        for (word, key) in keyOfWord.enumerated() {
            let number = Int32(distinct.count)
            if let known = words.insert(number, for: key) {
                numberOfWord[word] = known
            } else {
                distinct.append((key, -1, -1))
                numberOfWord[word] = number
            }
        }
        previous = [Int32](repeating: -1, count: exactWords.count)
        wordOfPosition = [Int32](repeating: 0, count: exactWords.count)
        for (position, word) in exactWords.enumerated() {
            let number = Int(numberOfWord[Int(word)])
            previous[position] = distinct[number].last
            if distinct[number].first < 0 { distinct[number].first = Int32(position) }
            distinct[number].last = Int32(position)
            wordOfPosition[position] = Int32(number)
        }
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
