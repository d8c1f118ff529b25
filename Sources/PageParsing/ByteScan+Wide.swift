/// East Asian wide scalars in UTF-8, which take two terminal columns and need no space
/// between them: CJK ideographs, kana, Hangul, full-width forms.
extension ByteScan {
    private static let lowBits: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Whether `bytes` hold a byte of 0xE3 or more, which every wide scalar starts with:
    /// a page without one (Latin, Cyrillic, Greek text) needs no wide count.
    static func mayHoldWide(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return false }
        var index = 0
        while index + 8 <= bytes.count {
            // A byte of 0xE3 or more is one whose complement is below 0x1D.
            let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if (~word &- lowBits &* 0x1D) & word & highBits != 0 { return true }
            index += 8
        }
        return bytes[index...].contains(where: { $0 >= 0xE3 })
    }

    /// How many scalars start in `bytes[range]`, and how many of them are wide when
    /// `countingWide`, counted eight bytes at a time; only the lead bytes of long scalars are
    /// looked at one by one.
    static func scalarCount(
        in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, countingWide: Bool
    ) -> (scalars: Int, wide: Int) {
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return (0, 0) }
        var index = range.lowerBound
        var tally = HighBitTally()
        var wide = 0
        while index + 8 <= range.upperBound {
            let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            // A continuation byte is 10xxxxxx; a long scalar's lead byte is 111xxxxx.
            tally.add(word & ~(word << 1) & highBits)
            var leads = countingWide ? word & (word << 1) & (word << 2) & highBits : 0
            while leads != 0 {
                if isWide(bytes, at: index + leads.trailingZeroBitCount >> 3, end: range.upperBound) { wide += 1 }
                leads &= leads &- 1
            }
            index += 8
        }
        var continuations = tally.count()
        while index < range.upperBound {
            let byte = bytes[index]
            if byte & 0xC0 == 0x80 { continuations += 1 }
            if countingWide, byte >= 0xE3, isWide(bytes, at: index, end: range.upperBound) { wide += 1 }
            index += 1
        }
        return (range.count - continuations, wide)
    }

    /// Whether a wide scalar starts at `index` (its bytes end before `end`).
    @inline(__always)
    static func isWide(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> Bool {
        let lead = bytes[index]
        guard lead >= 0xE1, index + 2 < end else { return false }
        let second = bytes[index + 1]
        let third = bytes[index + 2]
        switch lead {
        case 0xE1: return second == 0x84 || (second == 0x85 && third <= 0x9F)  // Hangul Jamo
        case 0xE2: return second >= 0xBA  // CJK radicals from U+2E80
        case 0xE3: return !(second == 0x80 && third == 0xBF)  // all but U+303F
        case 0xE4...0xE9, 0xEB, 0xEC: return true  // ideographs, Hangul syllables
        case 0xEA: return second <= 0x92 || second >= 0xB0  // Yi; Hangul from U+AC00
        case 0xED: return second <= 0x9E  // Hangul to U+D7A3
        case 0xEF:
            // Compatibility ideographs, vertical and small forms, full-width forms.
            return (second >= 0xA4 && second <= 0xAB) || (second == 0xB8 && third >= 0xB0)
                || (second == 0xB9 && third <= 0xAF) || second == 0xBC || (second == 0xBD && third <= 0xA0)
                || (second == 0xBF && third >= 0xA0 && third <= 0xA6)
        case 0xF0: return second >= 0xA0 && second <= 0xBF  // ideograph extensions
        default: return false
        }
    }

    /// Whether a Hangul syllable starts at `index`: Korean puts spaces between words.
    @inline(__always)
    static func isHangul(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let lead = bytes[index]
        guard lead >= 0xEA, lead <= 0xED, index + 1 < bytes.count else { return false }
        let second = bytes[index + 1]
        return (lead == 0xEA && second >= 0xB0) || lead == 0xEB || lead == 0xEC || (lead == 0xED && second <= 0x9E)
    }

    /// The index where the scalar ending just before `end` starts.
    @inline(__always)
    static func lastScalarStart(_ bytes: UnsafeBufferPointer<UInt8>, before end: Int) -> Int {
        var index = end - 1
        while index > 0 && bytes[index] & 0xC0 == 0x80 { index -= 1 }
        return index
    }
}
