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

    /// Lowercases, makes every apostrophe `'` and drops a final possessive `'s`.
    static func fold(_ word: UnsafeBufferPointer<UInt8>) -> String {
        if word.count <= 64 {
            let folded = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { output in
                foldFast(word, into: output).map { String(decoding: UnsafeBufferPointer(rebasing: output[..<$0]), as: UTF8.self) }
            }
            if let folded { return folded }
        }
        return foldScalars(word)
    }

    /// Folds a word of ASCII and two-byte Latin-1/Cyrillic letters into `output` (at least
    /// `word.count` bytes: folding these never lengthens a word) and returns the length;
    /// nil when another script needs `foldScalars`.
    @inline(__always)
    static func foldFast(_ word: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        var ascii = true
        for byte in word where byte >= 0x80 {
            ascii = false
            break
        }
        return ascii ? foldASCII(word, into: output) : foldTwoByte(word, into: output)
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

    /// Folds an all-ASCII word into `output` and returns the length (0 when folding leaves nothing).
    @inline(__always)
    static func foldASCII(_ word: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var count = word.count
        if count >= 2, word[count - 2] == UInt8(ascii: "'"), word[count - 1] | 0x20 == UInt8(ascii: "s") {
            count -= 2
        }
        for offset in 0..<count {
            let byte = word[offset]
            output[offset] = (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
        }
        return count
    }

    /// Lowercases a word of ASCII and two-byte Latin-1/Cyrillic letters by arithmetic, the
    /// common case of European and Russian news, into `output`; nil when another script
    /// needs the full path.
    static func foldTwoByte(_ word: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        var written = 0
        var index = 0
        while index < word.count {
            let byte = word[index]
            if byte < 0x80 {
                output[written] = (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
                written += 1
                index += 1
                continue
            }
            if byte == 0xE2, index + 2 < word.count, word[index + 1] == 0x80, word[index + 2] == 0x99 {
                output[written] = UInt8(ascii: "'")  // U+2019, the typographic apostrophe
                written += 1
                index += 3
                continue
            }
            guard byte >= 0xC2, byte <= 0xDF, index + 1 < word.count else { return nil }
            let value = (UInt32(byte & 0x1F) << 6) | UInt32(word[index + 1] & 0x3F)
            let lower: UInt32
            switch value {
            case 0xC0...0xDE where value != 0xD7: lower = value + 0x20
            case 0xDF...0xFF: lower = value
            case 0x410...0x42F: lower = value + 0x20
            case 0x400...0x40F: lower = value + 0x50
            case 0x430...0x45F: lower = value
            case 0x2BC:
                output[written] = UInt8(ascii: "'")
                written += 1
                index += 2
                continue
            default:
                return nil
            }
            output[written] = UInt8(0xC0 | (lower >> 6))
            output[written + 1] = UInt8(0x80 | (lower & 0x3F))
            written += 2
            index += 2
        }
        if written >= 2, output[written - 2] == UInt8(ascii: "'"), output[written - 1] == UInt8(ascii: "s") {
            written -= 2
        }
        return written
    }
}
