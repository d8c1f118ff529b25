/// The stop-word hits keyed by the FNV-1a hash `StopWords` gives a word, in an open-addressed
/// table: the key is a hash already, so a lookup is a mask and a compare, where a Dictionary
/// would hash it again (SipHash) for each of the hundreds of short words on a page.
struct StopWordTable: Sendable {
    private let keys: [UInt64]
    private let hits: [StopWords.Hit]
    private let mask: Int

    /// - Precondition: no key is 0, which marks an empty slot (a word hashing to 0 is
    ///   astronomically unlikely, and the lists are fixed in the code).
    init(_ entries: [UInt64: StopWords.Hit]) {
        var capacity = 16
        while capacity < entries.count * 4 { capacity <<= 1 }
        var keys = [UInt64](repeating: 0, count: capacity)
        var hits = [StopWords.Hit](repeating: StopWords.Hit(), count: capacity)
        for (key, hit) in entries {
            precondition(key != 0, "a stop word hashes to 0: a bug in newswatch's stop-word lists")
            var slot = Self.slot(of: key, mask: capacity - 1)
            while keys[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            keys[slot] = key
            hits[slot] = hit
        }
        self.keys = keys
        self.hits = hits
        mask = capacity - 1
    }

    subscript(key: UInt64) -> StopWords.Hit? {
        var slot = Self.slot(of: key, mask: mask)
        while true {
            let stored = keys[slot]
            if stored == key && key != 0 { return hits[slot] }
            if stored == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }

    private static func slot(of key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: key ^ (key >> 29)) & mask
    }
}
