/// Letters counted by writing system, for `LanguageDetector`.
struct ScriptCounts {
    var latin = 0
    var cyrillic = 0
    var greek = 0
    var arabic = 0
    var hebrew = 0
    var han = 0
    var kana = 0
    var hangul = 0

    mutating func add(_ scalar: UInt32) {
        switch scalar {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F: latin += 1
        case 0x400...0x4FF: cyrillic += 1
        case 0x370...0x3FF: greek += 1
        case 0x590...0x5FF: hebrew += 1
        case 0x600...0x6FF: arabic += 1
        case 0x3040...0x30FF: kana += 1
        case 0x4E00...0x9FFF: han += 1
        case 0xAC00...0xD7AF: hangul += 1
        default: break
        }
    }

    /// The language a non-Latin, non-Cyrillic script all but names, when it dominates.
    var dominantNonLatin: String? {
        let total = latin + cyrillic + greek + arabic + hebrew + han + kana + hangul
        guard total > 0 else { return nil }
        let candidates: [(String, Int)] = [
            ("ja", kana > 0 && kana * 10 >= han ? kana + han : 0), ("zh", kana * 10 < han ? han : 0),
            ("ko", hangul), ("el", greek), ("ar", arabic), ("he", hebrew),
        ]
        guard let best = candidates.max(by: { $0.1 < $1.1 }), best.1 * 2 > total else { return nil }
        return best.0
    }
}
