/// The 64-bit key of a folded word: what matching compares instead of the word's bytes.
///
/// Hashed eight bytes at a time, since every word of every page is keyed. Keys live only
/// in one process (nothing stores them), so the function may change between versions;
/// `StableHash` names what outlives a process.
public enum WordKey {
    /// Marks exact-form keys apart from the other key spaces of matching (stems, prefixes),
    /// which start their hashes with other bytes that never occur in UTF-8.
    static let exactMark: UInt8 = 0xFF

    public static func exact(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return finish(state) }
        var offset = 0
        while offset + 8 <= bytes.count {
            state = (state ^ base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            state ^= state >> 29
            offset += 8
        }
        var tail = UInt64(exactMark)
        while offset < bytes.count {
            tail = (tail << 8) | UInt64(bytes[offset])
            offset += 1
        }
        return finish((state ^ tail) &* 0xC4CE_B9FE_1A85_EC53)
    }

    @inline(__always)
    public static func exact(_ word: String) -> UInt64 {
        // Native and small strings are contiguous; only bridged ones need the copy.
        if let key = word.utf8.withContiguousStorageIfAvailable({ exact($0) }) { return key }
        var word = word
        return word.withUTF8 { exact($0) }
    }

    @inline(__always)
    private static func finish(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        return x
    }
}
