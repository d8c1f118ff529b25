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

    /// The folded term of a word, or nil when folding leaves nothing.
    @inline(__always)
    static func foldedTerm(_ word: UnsafeBufferPointer<UInt8>) -> String? {
        let folded = fold(word)
        return folded.isEmpty ? nil : folded
    }

    /// Lowercases, makes every apostrophe `'` and drops a final possessive `'s`.
    ///
    /// Words of up to 15 bytes become small strings, stored inline without an allocation.
    static func fold(_ word: UnsafeBufferPointer<UInt8>) -> String {
        var ascii = true
        for byte in word where byte >= 0x80 {
            ascii = false
            break
        }
        if ascii { return foldASCII(word) ?? "" }
        if let fast = foldTwoByte(word) { return fast }
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

    /// The folded term of an all-ASCII word (nil when folding leaves nothing).
    @inline(__always)
    static func foldASCII(_ word: UnsafeBufferPointer<UInt8>) -> String? {
        var count = word.count
        if count >= 2, word[count - 2] == UInt8(ascii: "'"), word[count - 1] | 0x20 == UInt8(ascii: "s") {
            count -= 2
        }
        guard count > 0 else { return nil }
        return String(unsafeUninitializedCapacity: count) { output in
            for offset in 0..<count {
                let byte = word[offset]
                output[offset] = (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
            }
            return count
        }
    }

    /// Lowercases a word of ASCII and two-byte Latin-1/Cyrillic letters by arithmetic, the
    /// common case of European and Russian news; nil when another script needs the full path.
    /// Folding never lengthens such a word, so it is written straight into the string.
    static func foldTwoByte(_ word: UnsafeBufferPointer<UInt8>) -> String? {
        var failed = false
        let folded = String(unsafeUninitializedCapacity: word.count) { output in
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
                guard byte >= 0xC2, byte <= 0xDF, index + 1 < word.count else {
                    failed = true
                    return 0
                }
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
                    failed = true
                    return 0
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
        return failed ? nil : folded
    }
}
