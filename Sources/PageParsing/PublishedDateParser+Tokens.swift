extension PublishedDateParser {
    /// One piece of a date text: a run of ASCII digits, a run of letters, or one other mark.
    struct DateToken: Sendable {
        enum Kind: Sendable { case number, word, symbol }

        var kind: Kind
        /// Lowercased letters for a word, the mark for a symbol, the digits for a number.
        var text: String
        /// The number's value; 0 for words and symbols.
        var value: Int
        /// Whether whitespace came right before it, so `2016-08-23` is told from `2016 - 08`.
        var spaced: Bool

        var digits: Int { kind == .number ? text.utf8.count : 0 }

        func isSymbol(_ mark: String) -> Bool { kind == .symbol && text == mark }
        func isWord(_ word: String) -> Bool { kind == .word && text == word }
    }

    /// Splits a short text into date tokens; whitespace only marks the next token as spaced.
    static func dateTokens(of text: String) -> [DateToken] {
        var text = text
        return text.withUTF8 { dateTokens(ofUTF8: $0) }
    }

    private enum ByteClass { case space, digit, letter, mark }

    /// The class of the scalar starting at `index` and its byte length. Non-ASCII scalars are
    /// letters except the spaces and marks of Latin-1 and General Punctuation (NBSP, «, –, ’).
    private static func classify(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (ByteClass, Int) {
        let byte = bytes[index]
        switch byte {
        case 0x30...0x39: return (.digit, 1)
        case 0x41...0x5A, 0x61...0x7A: return (.letter, 1)
        case 0x20, 0x09, 0x0A, 0x0D, 0x0C: return (.space, 1)
        case 0x00..<0x80: return (.mark, 1)
        default: break
        }
        var length = 1
        while index + length < bytes.count && bytes[index + length] & 0xC0 == 0x80 { length += 1 }
        let next = length > 1 ? bytes[index + 1] : 0
        if byte == 0xC2 { return (next == 0xA0 ? .space : .mark, length) }
        if byte == 0xE2 && (next == 0x80 || next == 0x81) {
            let third = length > 2 ? bytes[index + 2] : 0
            return (next == 0x80 && third <= 0x8A ? .space : .mark, length)
        }
        if byte == 0xE3 && next == 0x80 { return (.mark, length) }  // 、。「」
        return (.letter, length)
    }

    private static func dateTokens(ofUTF8 bytes: UnsafeBufferPointer<UInt8>) -> [DateToken] {
        var tokens: [DateToken] = []
        var folded: [UInt8] = []
        var spaced = true
        var index = 0
        while index < bytes.count {
            let (kind, length) = classify(bytes, at: index)
            switch kind {
            case .space:
                spaced = true
                index += length
            case .mark:
                let mark = UnsafeBufferPointer(rebasing: bytes[index..<(index + length)])
                tokens.append(DateToken(kind: .symbol, text: String(decoding: mark, as: UTF8.self), value: 0, spaced: spaced))
                spaced = false
                index += length
            case .digit:
                let start = index
                var value = 0
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                    if index - start < 9 { value = value * 10 + Int(bytes[index] - 0x30) }
                    index += 1
                }
                let digits = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                let number = DateToken(kind: .number, text: digits, value: index - start <= 9 ? value : 0, spaced: spaced)
                tokens.append(number)
                spaced = false
            case .letter:
                folded.removeAll(keepingCapacity: true)
                var end = index
                while end < bytes.count {
                    let (next, nextLength) = classify(bytes, at: end)
                    guard next == .letter else { break }
                    end += nextLength
                }
                folded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                folded.withUnsafeMutableBufferPointer { TextDumpPhrases.fold($0) }
                var word = String(decoding: folded, as: UTF8.self)
                if folded.contains(where: { $0 >= 0xC0 && $0 != 0xC3 && $0 != 0xD0 && $0 != 0xD1 }) {
                    // Scripts the byte fold does not cover (Greek, "Ä" written decomposed) fold here.
                    word = word.lowercased()
                }
                tokens.append(DateToken(kind: .word, text: word, value: 0, spaced: spaced))
                spaced = false
                index = end
            }
        }
        return tokens
    }
}
