/// Splits text into words the way a reader sees them, on UTF-8 bytes.
///
/// Word characters are Unicode letters, marks and digits, so Cyrillic and accented words
/// are whole words and "ISIS" is never found inside "crisis". An apostrophe (`'` or `’`)
/// between letters stays in the word; a trailing possessive `'s` is dropped, so `NATO’s`,
/// `NATO's` and `NATO` are one term. Hyphens and other punctuation split words, so
/// `build-up` is the two-word phrase `build up`.
public struct Tokenizer: Sendable {
    public init() {}

    /// Longer words (never real ones) take the general folding path.
    private static let scratchSize = 256
    private static let batchSize = 256

    /// The words of `text` in order.
    public func tokenize(_ text: String) -> TokenizedText {
        var text = text
        return text.withUTF8 { tokenize(utf8: $0) }
    }

    /// The words of a UTF-8 buffer in order; offsets are into the buffer.
    ///
    /// ASCII bytes, the bulk of every page, are classed by arithmetic; only other bytes are
    /// decoded to scalars. Each word is folded into a scratch buffer and keyed there; only
    /// a word not seen before in the text is copied out (into `words`).
    public func tokenize(utf8 bytes: UnsafeBufferPointer<UInt8>) -> TokenizedText {
        var tokens: [Token] = []
        tokens.reserveCapacity(bytes.count / 6)
        var words = FoldedWords(expectedWords: min(bytes.count / 20, 16_384), expectedBytes: bytes.count / 3)
        let scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Self.scratchSize)
        defer { scratch.deallocate() }
        // Tokens are gathered here and moved into the array a batch at a time: appending one
        // by one checked the array's uniqueness and capacity for every word.
        let batch = UnsafeMutableBufferPointer<Token>.allocate(capacity: Self.batchSize)
        defer { batch.deallocate() }
        var batched = 0
        // About one distinct word per 20 bytes of a long page; the table grows if there are more.
        var numberOfKey = KeyTable(capacity: min(bytes.count / 20, 16_384))
        var index = 0
        var sentence: Int32 = 0
        var pendingSentenceEnd = false
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
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
            } else if !(lead & 0xFE == 0xD0 && index + 1 < count && bytes[index + 1] & 0xC0 == 0x80) {
                // Anything but Cyrillic U+0400–U+047F (all letters) is decoded and classed.
                let (scalar, scalarWidth) = Self.decode(bytes, at: index)
                guard Self.isWordScalar(scalar) else {
                    if Self.endsSentence(scalar) { pendingSentenceEnd = true }
                    index += scalarWidth
                    continue
                }
            }
            if pendingSentenceEnd {
                sentence += 1
                pendingSentenceEnd = false
            }
            let start = index
            let (end, folded) = Self.scanWord(bytes, from: start, into: scratch)
            index = end
            let key: UInt64
            let word: Int32
            if folded >= 0 {
                guard folded > 0 else { continue }
                let termBytes = UnsafeBufferPointer(rebasing: scratch[..<folded])
                key = WordKey.exact(termBytes)
                word = Self.number(of: termBytes, key: key, in: &numberOfKey, words: &words)
            } else {
                // Other scripts, rare in this news (or a word longer than the scratch buffer):
                // folded by Unicode.
                var term = Self.foldScalars(UnsafeBufferPointer(rebasing: bytes[start..<end]))
                guard !term.isEmpty else { continue }
                (key, word) = term.withUTF8 { termBytes in
                    let key = WordKey.exact(termBytes)
                    return (key, Self.number(of: termBytes, key: key, in: &numberOfKey, words: &words))
                }
            }
            batch[batched] = Token(key: key, start: Int32(start), end: Int32(end), sentence: sentence, word: word)
            batched += 1
            if batched == Self.batchSize {
                tokens.append(contentsOf: batch)
                batched = 0
            }
        }
        tokens.append(contentsOf: UnsafeBufferPointer(rebasing: batch[..<batched]))
        return TokenizedText(tokens: tokens, words: words)
    }

    /// The number of the folded word `term` (keyed `key`) in `words`, added when it is new.
    @inline(__always)
    private static func number(
        of term: UnsafeBufferPointer<UInt8>, key: UInt64, in numberOfKey: inout KeyTable, words: inout FoldedWords
    ) -> Int32 {
        numberOfKey.insert(Int32(words.count), for: key) ?? words.append(term)
    }

    /// Reads the word that starts at `start` (a word character) in one pass: finds where it
    /// ends (over word characters, and apostrophes that stand between word characters) and
    /// folds it into `output` as it goes. `folded` is the folded length, or -1 when the word
    /// needs `foldScalars` (a script other than ASCII, Latin-1 and Cyrillic, or too long).
    ///
    /// One pass matters: a page is mostly words, and scanning then folding read each byte twice.
    @inline(__always)
    private static func scanWord(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, into output: UnsafeMutableBufferPointer<UInt8>
    ) -> (end: Int, folded: Int) {
        var cursor = start
        var end = start
        var written = 0
        var fast = true
        let count = bytes.count
        let room = output.count - 8
        while cursor < count {
            let byte = bytes[cursor]
            let width: Int
            if byte < 0x80 {
                if isASCIIWord(byte) {
                    if cursor + 8 <= count {
                        // Up to eight ASCII letters and digits at a time, lowercased all at once.
                        let chunk = UnsafeRawPointer(bytes.baseAddress! + cursor).loadUnaligned(as: UInt64.self)
                        let run = asciiWordRun(chunk)
                        if fast && written <= room {
                            UnsafeMutableRawPointer(output.baseAddress! + written).storeBytes(
                                of: lowercasedASCII(chunk), as: UInt64.self)
                        } else {
                            fast = false
                        }
                        written += run
                        cursor += run
                    } else {
                        if fast && written <= room { output[written] = byte | ((byte &- 0x41 < 26) ? 0x20 : 0) } else { fast = false }
                        written += 1
                        cursor += 1
                    }
                    end = cursor
                    continue
                }
                guard byte == UInt8(ascii: "'") else { break }
                width = 1
            } else if byte & 0xFE == 0xD0, fast, written <= room, cursor + 8 <= count,
                let lowered = lowercasedCyrillic(
                    UnsafeRawPointer(bytes.baseAddress! + cursor).loadUnaligned(as: UInt64.self))
            {
                // Four Cyrillic letters at a time: most of a Russian page.
                UnsafeMutableRawPointer(output.baseAddress! + written).storeBytes(of: lowered, as: UInt64.self)
                written += 8
                cursor += 8
                end = cursor
                continue
            } else if byte >= 0xC2, byte <= 0xDF, cursor + 1 < count, bytes[cursor + 1] & 0xC0 == 0x80 {
                // Two-byte scalars, where Latin-1 and Cyrillic letters are folded by arithmetic.
                let value = (UInt32(byte & 0x1F) << 6) | UInt32(bytes[cursor + 1] & 0x3F)
                let lower = lowercaseLatin1OrCyrillic(value)
                if lower != 0 {
                    if fast && written <= room {
                        output[written] = UInt8(0xC0 | (lower >> 6))
                        output[written + 1] = UInt8(0x80 | (lower & 0x3F))
                    } else {
                        fast = false
                    }
                    written += 2
                } else {
                    guard isWordScalar(Unicode.Scalar(value)!) else { break }
                    // U+02BC, the modifier letter apostrophe, is a word character folded to `'`.
                    if value == 0x2BC && fast && written <= room {
                        output[written] = UInt8(ascii: "'")
                        written += 1
                    } else {
                        fast = false
                    }
                }
                cursor += 2
                end = cursor
                continue
            } else {
                let (next, nextWidth) = decode(bytes, at: cursor)
                if isWordScalar(next) {
                    fast = false
                    cursor += nextWidth
                    end = cursor
                    continue
                }
                guard isApostrophe(next) else { break }
                width = nextWidth
            }
            // An apostrophe stays only between word characters, as a plain `'`.
            guard cursor + width < count else { break }
            let after = bytes[cursor + width]
            let afterIsWord = after < 0x80 ? isASCIIWord(after) : isWordScalar(decode(bytes, at: cursor + width).0)
            guard afterIsWord else { break }
            if fast && written <= room { output[written] = UInt8(ascii: "'") } else { fast = false }
            written += 1
            cursor += width
        }
        guard fast else { return (end, -1) }
        // A possessive `'s` is dropped: `NATO's` is `NATO`.
        if written >= 2, output[written - 2] == UInt8(ascii: "'"), output[written - 1] == UInt8(ascii: "s") {
            written -= 2
        }
        return (end, written)
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
        case 0xC2...0xDF:
            width = 2
            value = UInt32(lead & 0x1F)
        case 0xE0...0xEF:
            width = 3
            value = UInt32(lead & 0x0F)
        case 0xF0...0xF4:
            width = 4
            value = UInt32(lead & 0x07)
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
