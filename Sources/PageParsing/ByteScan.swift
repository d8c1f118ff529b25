/// Word-at-a-time byte searches for the scans that run over whole pages (prefilter,
/// charset and binary checks), where a byte-by-byte loop is most of their cost.
enum ByteScan {
    private static let lowBits: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Whether any byte of `word` is below `limit` (at most 0x80).
    @inline(__always)
    static func hasByte(below limit: UInt8, in word: UInt64) -> Bool {
        (word &- lowBits &* UInt64(limit)) & ~word & highBits != 0
    }

    /// Whether any byte of `word` equals `byte`.
    @inline(__always)
    static func hasByte(_ byte: UInt8, in word: UInt64) -> Bool {
        hasByte(below: 1, in: word ^ (lowBits &* UInt64(byte)))
    }

    /// The high bit of each byte of `word` that equals `byte`, exactly (no carries between bytes).
    @inline(__always)
    static func matches(_ byte: UInt8, in word: UInt64) -> UInt64 {
        let zeroed = word ^ (lowBits &* UInt64(byte))
        let low = (zeroed & ~highBits) &+ ~highBits
        return ~(low | zeroed | ~highBits)
    }

    /// The high bit of each byte of `word` below 0x20 other than tab, line feed, form
    /// feed, carriage return and escape: the control bytes that text does not hold.
    @inline(__always)
    static func controls(in word: UInt64) -> UInt64 {
        // Setting each byte's high bit first keeps the subtraction from borrowing across bytes.
        let below = ~((word | highBits) &- lowBits &* 0x20) & highBits & ~word
        guard below != 0 else { return 0 }
        return below
            & ~(matches(0x09, in: word) | matches(0x0A, in: word) | matches(0x0C, in: word)
            | matches(0x0D, in: word) | matches(0x1B, in: word))
    }

    /// The high bit of each byte of ASCII `word` that is a capital letter (0x41–0x5A).
    @inline(__always)
    static func capitals(in word: UInt64) -> UInt64 {
        // No byte below 0x80 carries into the next when 0x3F or 0x25 is added.
        (word &+ lowBits &* 0x3F) & ~(word &+ lowBits &* 0x25) & highBits
    }

    /// Whether every byte of `word` is ASCII.
    @inline(__always)
    static func isASCII(_ word: UInt64) -> Bool {
        word & highBits == 0
    }

    /// The index of the first `byte` in `bytes[start...]`, or `bytes.count`.
    static func index(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let count = bytes.count
        var index = start
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return count }
        while index + 8 <= count {
            if hasByte(byte, in: base.loadUnaligned(fromByteOffset: index, as: UInt64.self)) { break }
            index += 8
        }
        while index < count, bytes[index] != byte { index += 1 }
        return index
    }

    /// How many scalars in `bytes[range]` are neither ASCII white space nor controls
    /// (bytes up to 0x20), counted eight bytes at a time.
    static func visibleCount(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        let hidden = count(
            in: bytes, range,
            marking: { word in (word & ~(word << 1) & highBits) | (~((word | highBits) &- lowBits &* 0x21) & highBits & ~word) },
            { $0 & 0xC0 == 0x80 || $0 <= 0x20 })
        return range.count - hidden
    }

    /// How many bytes of `bytes[range]` pass `test`, given `marking`, which sets the high
    /// bit of exactly those bytes in a word of eight.
    @inline(__always)
    private static func count(
        in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, marking: (UInt64) -> UInt64, _ test: (UInt8) -> Bool
    ) -> Int {
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return 0 }
        var index = range.lowerBound
        var found = 0
        while index + 8 <= range.upperBound {
            found += marking(base.loadUnaligned(fromByteOffset: index, as: UInt64.self)).nonzeroBitCount
            index += 8
        }
        while index < range.upperBound {
            if test(bytes[index]) { found += 1 }
            index += 1
        }
        return found
    }

    /// The index where `needle` (lower-case ASCII) starts in `bytes[start..<end]`,
    /// ignoring ASCII case, or nil.
    static func firstIndex(
        ofCaseless needle: StaticString, in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int
    ) -> Int? {
        let length = needle.utf8CodeUnitCount
        let pattern = needle.utf8Start
        var index = start
        while index + length <= end {
            if bytes[index] | 0x20 == pattern[0] {
                var offset = 1
                while offset < length, bytes[index + offset] | 0x20 == pattern[offset] { offset += 1 }
                if offset == length { return index }
            }
            index += 1
        }
        return nil
    }
}
