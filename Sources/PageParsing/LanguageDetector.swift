/// Guesses a text's language cheaply: the script first (Cyrillic, Greek, Arabic, CJK…),
/// then, among languages sharing a script, which one's common short words occur most.
public struct LanguageDetector: Sendable {
    public init() {}

    /// An ISO 639-1 code such as `en` or `ru`, or nil when the text gives too little to go on.
    public func detect(_ paragraphs: [String]) -> String? {
        var words: [Substring] = []
        var scripts = ScriptCounts()
        outer: for paragraph in paragraphs {
            for word in paragraph.split(whereSeparator: { !$0.isLetter }) {
                words.append(word)
                if words.count >= 400 { break outer }
            }
        }
        for word in words {
            for scalar in word.unicodeScalars { scripts.add(scalar) }
        }
        if let other = scripts.dominantNonLatin { return other }
        let table = scripts.cyrillic > scripts.latin ? Self.cyrillicStopWords : Self.latinStopWords
        var counts: [String: Int] = [:]
        for word in words where word.count <= 5 {
            let lower = word.lowercased()
            for language in table[lower] ?? [] { counts[language, default: 0] += 1 }
        }
        guard let best = counts.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }),
            best.value >= 2
        else {
            return scripts.cyrillic > scripts.latin && scripts.cyrillic >= 20 ? "ru" : nil
        }
        return best.key
    }

    /// Detects the language of one text.
    public func detect(_ text: String) -> String? { detect([text]) }

    private static func table(_ lists: [String: String]) -> [String: [String]] {
        var table: [String: [String]] = [:]
        for (language, words) in lists {
            for word in words.split(separator: " ") { table[String(word), default: []].append(language) }
        }
        return table
    }

    private static let latinStopWords = table([
        "en": "the and of to in is that for it was on with as are be this by at from has have not but which",
        "de": "der die das und ist nicht ein eine zu den mit sich des auf für im dem von auch wird sind",
        "fr": "le la les et des est une du dans que pour pas sur au qui par ce sont avec il elle",
        "es": "el la los las y de que en es por un una para con se del al como su lo más",
        "pt": "o a os as e de que em é um uma para com do da não no na por se dos das",
        "it": "il la le e di che è un una per con del della non sono gli nel alla si da",
        "nl": "de het een en van is dat op te in niet zijn met voor ook",
        "id": "yang dan di ini itu dengan untuk dari tidak dalam akan pada juga ke",
    ])

    private static let cyrillicStopWords = table([
        "ru": "и в не на что с по как это он она они из за от для то но так же был была было уже",
        "uk": "і в не на що з по як це він вона вони із за від для та але так вже був була було їх",
        "bg": "и в не на че с по как това той тя те от за да се са но във",
    ])
}
