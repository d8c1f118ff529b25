/// Splits text into words the way a reader sees them, on UTF-8 bytes.
///
/// Word characters are Unicode letters, marks and digits, so Cyrillic and accented words
/// are whole words and "ISIS" is never found inside "crisis". An apostrophe (`'` or `’`)
/// between letters stays in the word; a trailing possessive `'s` is dropped, so `NATO’s`,
/// `NATO's` and `NATO` are one term. Hyphens and other punctuation split words, so
/// `build-up` is the two-word phrase `build up`.
public struct Tokenizer: Sendable {
    public init() {}

    /// The words of `text` in order.
    public func tokens(of text: String) -> [Token] {
        var text = text
        return text.withUTF8 { tokens(ofUTF8: $0) }
    }

    /// The words of a UTF-8 buffer in order; offsets are into the buffer.
    public func tokens(ofUTF8 bytes: UnsafeBufferPointer<UInt8>) -> [Token] {
        var result: [Token] = []
        result.reserveCapacity(bytes.count / 6)
        var index = 0
        var sentence: Int32 = 0
        var pendingSentenceEnd = false
        let count = bytes.count
        while index < count {
            let (scalar, width) = Self.decode(bytes, at: index)
            if Self.isWordScalar(scalar) {
                if pendingSentenceEnd {
                    sentence += 1
                    pendingSentenceEnd = false
                }
                let start = index
                var end = index + width
                var cursor = end
                // Extend over word characters and inner apostrophes.
                while cursor < count {
                    let (next, nextWidth) = Self.decode(bytes, at: cursor)
                    if Self.isWordScalar(next) {
                        cursor += nextWidth
                        end = cursor
                    } else if Self.isApostrophe(next), cursor + nextWidth < count {
                        let (after, _) = Self.decode(bytes, at: cursor + nextWidth)
                        guard Self.isWordScalar(after) else { break }
                        cursor += nextWidth
                    } else {
                        break
                    }
                }
                let term = Self.fold(UnsafeBufferPointer(rebasing: bytes[start..<end]))
                if !term.isEmpty {
                    result.append(Token(term: term, start: Int32(start), end: Int32(end), sentence: sentence))
                }
                index = end
                continue
            }
            if Self.endsSentence(scalar) {
                pendingSentenceEnd = true
            } else if scalar == "\n", index + 1 < count, bytes[index + 1] == UInt8(ascii: "\n") {
                // A blank line ends a paragraph, and so a sentence, even without a full stop.
                pendingSentenceEnd = true
            }
            index += width
        }
        return result
    }

    /// The folded form of one word, for terms written in queries.
    public func fold(_ word: String) -> String {
        var word = word
        return word.withUTF8 { Self.fold($0) }
    }

    // MARK: - Bytes

    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let count = bytes.count
        var width = 1
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: width = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: width = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: width = 4; value = UInt32(lead & 0x07)
        default: return ("\u{FFFD}", 1)
        }
        guard index + width <= count else { return ("\u{FFFD}", 1) }
        for offset in 1..<width {
            let byte = bytes[index + offset]
            guard byte & 0xC0 == 0x80 else { return ("\u{FFFD}", 1) }
            value = (value << 6) | UInt32(byte & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", width)
    }

    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A)
                || (value >= 0x30 && value <= 0x39)
        }
        if value < 0x1_0000 { return WordScalarTable.shared.contains(value) }
        return WordScalarTable.computeIsWord(scalar)
    }

    @inline(__always)
    static func isApostrophe(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "'" || scalar == "\u{2019}" || scalar == "\u{02BC}"
    }

    @inline(__always)
    static func endsSentence(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "." || scalar == "!" || scalar == "?" || scalar == "\u{2026}" || scalar == "\u{3002}"
    }

    /// Lowercases a word of ASCII and two-byte Latin-1/Cyrillic letters by arithmetic, the
    /// common case of European and Russian news; nil when another script needs the full path.
    static func foldTwoByte(_ word: UnsafeBufferPointer<UInt8>) -> String? {
        var output: [UInt8] = []
        output.reserveCapacity(word.count)
        var index = 0
        while index < word.count {
            let byte = word[index]
            if byte < 0x80 {
                output.append((byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte)
                index += 1
                continue
            }
            if byte == 0xE2, index + 2 < word.count, word[index + 1] == 0x80, word[index + 2] == 0x99 {
                output.append(UInt8(ascii: "'"))  // U+2019, the typographic apostrophe
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
                output.append(UInt8(ascii: "'"))
                index += 2
                continue
            default: return nil
            }
            output.append(UInt8(0xC0 | (lower >> 6)))
            output.append(UInt8(0x80 | (lower & 0x3F)))
            index += 2
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Lowercases, makes every apostrophe `'` and drops a final possessive `'s`.
    static func fold(_ word: UnsafeBufferPointer<UInt8>) -> String {
        var ascii = true
        for byte in word where byte >= 0x80 {
            ascii = false
            break
        }
        var folded: String
        if ascii {
            folded = String(unsafeUninitializedCapacity: word.count) { output in
                for (offset, byte) in word.enumerated() {
                    output[offset] = (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
                }
                return word.count
            }
        } else if let fast = foldTwoByte(word) {
            folded = fast
        } else {
            var scalars = String.UnicodeScalarView()
            for scalar in String(decoding: word, as: UTF8.self).lowercased().unicodeScalars {
                scalars.append(isApostrophe(scalar) ? "'" : scalar)
            }
            folded = String(scalars)
        }
        if folded.hasSuffix("'s") {
            folded.removeLast(2)
        }
        return folded
    }
}
