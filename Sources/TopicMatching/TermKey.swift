import NewswatchCore

/// 64-bit keys for words, so the index and the page compare integers, not strings.
///
/// Exact forms, word forms (stems) and wildcard prefixes live in separate key spaces: each
/// hash starts with a byte that never occurs in UTF-8.
enum TermKey {
    private static let exactMark: UInt8 = 0xFF
    private static let formMark: UInt8 = 0xFE
    private static let prefixMark: UInt8 = 0xFD

    /// Exact keys are hashed eight bytes at a time: every page word is keyed, and a byte-wise
    /// hash was a tenth of preparing a page. The keys live only in this process.
    static func exact(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return finish(state) }
        var offset = 0
        while offset + 8 <= bytes.count {
            state = (state ^ base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            state ^= state >> 29
            offset += 8
        }
        var tail: UInt64 = UInt64(exactMark)
        while offset < bytes.count {
            tail = (tail << 8) | UInt64(bytes[offset])
            offset += 1
        }
        return finish((state ^ tail) &* 0xC4CE_B9FE_1A85_EC53)
    }

    @inline(__always)
    private static func finish(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        return x
    }
    static func form(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 { hash(bytes, mark: formMark) }
    static func prefix(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 { hash(bytes, mark: prefixMark) }

    @inline(__always)
    static func exact(_ word: String) -> UInt64 {
        // Native and small strings are contiguous; only bridged ones need the copy.
        if let key = word.utf8.withContiguousStorageIfAvailable({ exact($0) }) { return key }
        var word = word
        return word.withUTF8 { exact($0) }
    }

    static func prefix(_ word: String) -> UInt64 {
        var word = word
        return word.withUTF8 { prefix($0) }
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
