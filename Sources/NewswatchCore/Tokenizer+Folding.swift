extension Tokenizer {
    /// ASCII letters and digits, without a table: `| 0x20` makes capitals lowercase.
    @inline(__always)
    static func isASCIIWord(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10
    }

    /// How many of the eight bytes of `word` (little-endian, first byte lowest) are ASCII
    /// letters or digits before the first that is not, tested all at once: each byte is
    /// below 0x80 before the additions, so no sum carries into the next byte.
    @inline(__always)
    static func asciiWordRun(_ word: UInt64) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let ascii = ~word & high
        let seven = word & ~high
        let folded = seven | (0x20 &* ones)
        let letter = (folded &+ (0x80 - 0x61) &* ones) & ~(folded &+ (0x80 - 0x7B) &* ones)
        let digit = (seven &+ (0x80 - 0x30) &* ones) & ~(seven &+ (0x80 - 0x3A) &* ones)
        let isWord = (letter | digit) & ascii & high
        let notWord = ~isWord & high
        return notWord.trailingZeroBitCount >> 3
    }

    /// The word's eight bytes with ASCII capitals made lowercase, all at once; every byte of
    /// a run of ASCII letters and digits is below 0x80, so no addition carries into the next.
    @inline(__always)
    static func lowercasedASCII(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let seven = word & ~high
        let upper = (seven &+ (0x80 - 0x41) &* ones) & ~(seven &+ (0x80 - 0x5B) &* ones) & ~word & high
        return word | (upper >> 2)
    }

    /// Eight bytes that are four letters U+0400–U+045F (two bytes each, the first lowest),
    /// lowercased all at once; nil when any of the four is something else.
    ///
    /// Each 16-bit lane holds one letter: lead byte `D0`/`D1` low, continuation byte high.
    /// The lane is turned into the letter's offset from U+0400 (0–127), capitals are moved
    /// to their lowercase (U+0410–U+042F by 0x20, U+0400–U+040F by 0x50) and the result is
    /// encoded back. No sum reaches bit 15 of a lane, so none carries into the next.
    @inline(__always)
    static func lowercasedCyrillic(_ chunk: UInt64) -> UInt64? {
        let lanes: UInt64 = 0x0001_0001_0001_0001
        let top: UInt64 = 0x8000_8000_8000_8000
        // Every lane a lead byte D0/D1 followed by a continuation byte.
        guard chunk & 0xC0FE_C0FE_C0FE_C0FE == 0x80D0_80D0_80D0_80D0 else { return nil }
        let offset = ((chunk & lanes) << 6) | ((chunk >> 8) & (0x3F &* lanes))
        // U+0460 and above (historic letters) take the general path.
        guard (offset &+ (0x8000 - 0x60) &* lanes) & top == 0 else { return nil }
        let atLeast10 = (offset &+ (0x8000 - 0x10) &* lanes) & top
        let atLeast30 = (offset &+ (0x8000 - 0x30) &* lanes) & top
        let basicCapital = (atLeast10 & ~atLeast30) >> 15
        let extraCapital = (~atLeast10 & top) >> 15
        let lower = offset &+ basicCapital &* 0x20 &+ extraCapital &* 0x50
        return (0x80D0 &* lanes) | ((lower >> 6) & lanes) | ((lower & (0x3F &* lanes)) << 8)
    }

    /// The lowercase of a Latin-1 or Cyrillic (U+0400–U+045F) letter; 0 for any other scalar.
    @inline(__always)
    static func lowercaseLatin1OrCyrillic(_ value: UInt32) -> UInt32 {
        switch value {
        case 0x410...0x42F: value + 0x20
        case 0x430...0x45F: value
        case 0x400...0x40F: value + 0x50
        case 0xC0...0xDE where value != 0xD7: value + 0x20
        case 0xDF...0xFF where value != 0xF7: value
        default: 0
        }
    }

    /// The general path: Unicode lowercasing, for scripts beyond Latin-1 and Cyrillic.
    static func foldScalars(_ word: UnsafeBufferPointer<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in String(decoding: word, as: UTF8.self).lowercased().unicodeScalars {
            scalars.append(isApostrophe(scalar) ? "'" : scalar)
        }
        var folded = String(scalars)
        if folded.utf8.count >= 2, folded.utf8.suffix(2).elementsEqual("'s".utf8) {
            folded = String(decoding: folded.utf8.dropLast(2), as: UTF8.self)
        }
        return folded
    }
}
