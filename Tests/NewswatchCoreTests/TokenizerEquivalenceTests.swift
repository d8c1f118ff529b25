import NewswatchCore
import Testing

/// The byte tokenizer against a plain reading of its rules on Unicode scalars.
@Suite("The byte tokenizer agrees with the scalar rules on random text")
struct TokenizerEquivalenceTests {
    /// Pieces random texts are made of: ASCII, Latin-1, Cyrillic, Greek, CJK, apostrophes,
    /// possessives, sentence ends, blank lines, digits and marks.
    static let pieces = [
        "NATO", "nato", "Minsk", "don't", "NATO's", "NATO’s", "Lavrov'S", "it'", "'s", "’", "ʼ", "'", "Émile",
        "ZÜRICH", "straße", "Расширение", "НАТО", "Ёлка", "ΑΘΗΝΑ", "東京", "2016", "e\u{301}", " ", " ", "\n",
        "\n\n", ".", "!", "?", "…", "。", "-", "—", "«", "»", "\u{A0}", "x", "Ⅻ", "İstanbul", "ǅ", "ǈ", "𝔸𝔹", "🙂",
        "×", "÷", "µ", "ª", "Ѣѣ", "ÀÿÞ", "NATOʼS", "ПРИВЕТ'S", "Ё", "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJ0123",
        "ЀЁЂЃЄЅІЇЈЉЊЋЌЍЎЏ", "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ", "абвгдежзийклмнопрстуфхцчшщъыьэюяѐёђѓєѕіїјљњћќѝўџ", "ѠѡѢ",
    ]

    @Test("tokens match the reference", arguments: 0..<20)
    func tokensMatchTheReference(seed: Int) {
        // A linear congruential sequence: the same texts on every run.
        var state = UInt64(seed) &* 7919 &+ 1
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        for _ in 0..<100 {
            let text = (0..<next(31)).map { _ in Self.pieces[next(Self.pieces.count)] }.joined()
            let tokenized = Tokenizer().tokenize(text)
            let tokens = tokenized.tokens.map {
                ReferenceToken(term: tokenized.term(of: $0), start: $0.start, end: $0.end, sentence: $0.sentence)
            }
            let expected = ReferenceTokenizer.tokens(of: text)
            #expect(tokens == expected, "\(text.debugDescription)")
            #expect(tokenized.tokens.allSatisfy { $0.key == WordKey.exact(tokenized.term(of: $0)) })
        }
    }
}

/// The tokenizer's rules read directly: word scalars by Unicode properties, apostrophes
/// between word scalars kept, `String.lowercased()`, a final `'s` dropped.
enum ReferenceTokenizer {
    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value == 0xFFFD { return false }
        if scalar.value < 0x80 {
            return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
        }
        let properties = scalar.properties
        if properties.isAlphabetic { return true }
        switch properties.generalCategory {
        case .decimalNumber, .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    static func isApostrophe(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "'" || scalar == "\u{2019}" || scalar == "\u{02BC}"
    }

    static func tokens(of text: String) -> [ReferenceToken] {
        let scalars = Array(text.unicodeScalars)
        var offsets: [Int] = [0]
        for scalar in scalars { offsets.append(offsets.last! + String(scalar).utf8.count) }
        var result: [ReferenceToken] = []
        var sentence: Int32 = 0
        var pending = false
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            guard isWord(scalar) else {
                if ".!?\u{2026}\u{3002}".unicodeScalars.contains(scalar) {
                    pending = true
                } else if scalar == "\n", index + 1 < scalars.count, scalars[index + 1] == "\n" {
                    pending = true
                }
                index += 1
                continue
            }
            if pending {
                sentence += 1
                pending = false
            }
            var end = index + 1
            var cursor = end
            while cursor < scalars.count {
                if isWord(scalars[cursor]) {
                    cursor += 1
                    end = cursor
                } else if isApostrophe(scalars[cursor]), cursor + 1 < scalars.count, isWord(scalars[cursor + 1]) {
                    cursor += 1
                } else {
                    break
                }
            }
            var word = String.UnicodeScalarView()
            for scalar in String(String.UnicodeScalarView(scalars[index..<end])).lowercased().unicodeScalars {
                word.append(isApostrophe(scalar) ? "'" : scalar)
            }
            var term = String(word)
            if term.hasSuffix("'s") { term.removeLast(2) }
            if !term.isEmpty {
                result.append(ReferenceToken(term: term, start: Int32(offsets[index]), end: Int32(offsets[end]), sentence: sentence))
            }
            index = end
        }
        return result
    }
}

/// What the reference reads from a word: its folded form, offsets and sentence.
struct ReferenceToken: Equatable {
    var term: String
    var start: Int32
    var end: Int32
    var sentence: Int32
}
