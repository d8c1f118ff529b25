import NewswatchCore

/// 64-bit keys for words, so the index and the page compare integers, not strings.
///
/// Exact forms, word forms (stems) and wildcard prefixes live in separate key spaces: each
/// hash starts with a byte that never occurs in UTF-8. Exact keys are `WordKey`'s, made by the
/// tokenizer for page words and by the same function for query words.
enum TermKey {
    private static let formMark: UInt8 = 0xFE
    private static let prefixMark: UInt8 = 0xFD

    static func form(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 { hash(bytes, mark: formMark) }
    static func prefix(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 { hash(bytes, mark: prefixMark) }

    static func prefix(_ word: String) -> UInt64 {
        var word = word
        return word.withUTF8 { prefix($0) }
    }

    /// A 16-bit hash of the first four bytes of `word` (which has at least four): what the
    /// topic set's prefix filter is indexed by.
    @inline(__always)
    static func prefixStart(_ word: UnsafeBufferPointer<UInt8>) -> Int {
        let head = UnsafeRawPointer(word.baseAddress!).loadUnaligned(as: UInt32.self)
        return Int((head &* 0x9E37_79B1) >> 16)
    }

    /// Calls `body` with the prefix key of each leading `length` bytes of `word` whose length
    /// is marked in `lengths` (indexed by byte count), hashing the word once.
    static func forEachPrefix(
        of word: UnsafeBufferPointer<UInt8>, lengths: [Bool], _ body: (UInt64) -> Void
    ) {
        var hash = StableHash()
        hash.combine(byte: prefixMark)
        let limit = min(word.count, lengths.count - 1)
        guard limit > 0 else { return }
        for length in 1...limit {
            hash.combine(byte: word[length - 1])
            if lengths[length] { body(hash.value) }
        }
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>, mark: UInt8) -> UInt64 {
        var hash = StableHash()
        hash.combine(byte: mark)
        for byte in bytes { hash.combine(byte: byte) }
        return hash.value
    }
}
