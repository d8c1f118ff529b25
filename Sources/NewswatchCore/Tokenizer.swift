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
    ///
    /// ASCII bytes, the bulk of every page, are classed by arithmetic; only other bytes are
    /// decoded to scalars.
    public func tokens(ofUTF8 bytes: UnsafeBufferPointer<UInt8>) -> [Token] {
        var result: [Token] = []
        result.reserveCapacity(bytes.count / 6)
        var index = 0
        var sentence: Int32 = 0
        var pendingSentenceEnd = false
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            var width = 1
            if lead < 0x80 {
                if !Self.isASCIIWord(lead) {
                    if lead == UInt8(ascii: ".") || lead == UInt8(ascii: "!") || lead == UInt8(ascii: "?") {
                        pendingSentenceEnd = true
                    } else if lead == 0x0A, index + 1 < count, bytes[index + 1] == 0x0A {
                        // A blank line ends a paragraph, and so a sentence, even without a full stop.
                        pendingSentenceEnd = true
                    }
                    index += 1
                    continue
                }
            } else {
                let (scalar, scalarWidth) = Self.decode(bytes, at: index)
                guard Self.isWordScalar(scalar) else {
                    if Self.endsSentence(scalar) { pendingSentenceEnd = true }
                    index += scalarWidth
                    continue
                }
                width = scalarWidth
            }
            if pendingSentenceEnd {
                sentence += 1
                pendingSentenceEnd = false
            }
            let start = index
            let (end, ascii) = Self.wordEnd(bytes, from: index + width, ascii: lead < 0x80)
            let word = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if let term = ascii ? Self.foldASCII(word) : Self.foldedTerm(word) {
                result.append(Token(term: term, start: Int32(start), end: Int32(end), sentence: sentence))
            }
            index = end
        }
        return result
    }

    /// Where the word whose first character ends before `cursor` ends: over word characters
    /// and apostrophes that stand between word characters; and whether it is all ASCII
    /// (`ascii` tells whether its first character was).
    @inline(__always)
    private static func wordEnd(
        _ bytes: UnsafeBufferPointer<UInt8>, from cursor: Int, ascii: Bool
    ) -> (end: Int, ascii: Bool) {
        var cursor = cursor
        var end = cursor
        var ascii = ascii
        let count = bytes.count
        while cursor < count {
            let byte = bytes[cursor]
            let width: Int
            if byte < 0x80 {
                if isASCIIWord(byte) {
                    // Up to eight bytes at a time while they are ASCII letters and digits.
                    cursor +=
                        cursor + 8 <= count
                        ? asciiWordRun(UnsafeRawPointer(bytes.baseAddress! + cursor).loadUnaligned(as: UInt64.self))
                        : 1
                    end = cursor
                    continue
                }
                guard byte == UInt8(ascii: "'") else { break }
                width = 1
            } else {
                // Cyrillic U+0400–U+047F (lead byte D0 or D1) is all letters: no decoding.
                if byte & 0xFE == 0xD0, cursor + 1 < count, bytes[cursor + 1] & 0xC0 == 0x80 {
                    cursor += 2
                    end = cursor
                    ascii = false
                    continue
                }
                let (next, nextWidth) = decode(bytes, at: cursor)
                if isWordScalar(next) {
                    cursor += nextWidth
                    end = cursor
                    ascii = false
                    continue
                }
                guard isApostrophe(next) else { break }
                width = nextWidth
                ascii = false
            }
            // An apostrophe stays only between word characters.
            guard cursor + width < count else { break }
            let after = bytes[cursor + width]
            let afterIsWord = after < 0x80 ? isASCIIWord(after) : isWordScalar(decode(bytes, at: cursor + width).0)
            guard afterIsWord else { break }
            cursor += width
        }
        return (end, ascii)
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
}
