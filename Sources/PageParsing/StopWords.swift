/// The short common words `LanguageDetector` counts, keyed by a hash of their lower-cased
/// scalars so a word in the text is looked up without building a string.
enum StopWords {
    static let latinLanguages = ["de", "en", "es", "fr", "id", "it", "nl", "pt"]
    static let cyrillicLanguages = ["bg", "ru", "uk"]

    /// Which languages a word is common in, one bit per language of each list.
    struct Hit: Sendable {
        var latin: UInt16 = 0
        var cyrillic: UInt16 = 0
    }

    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x100_0000_01b3

    static func combine(_ scalar: UInt32, into hash: inout UInt64) {
        hash = (hash ^ UInt64(scalar)) &* prime
    }

    static let table = StopWordTable(entries)

    private static let entries: [UInt64: Hit] = {
        var table: [UInt64: Hit] = [:]
        func add(_ lists: [String: String], languages: [String], cyrillic: Bool) {
            for (language, words) in lists {
                let bit = UInt16(1) << UInt16(languages.firstIndex(of: language)!)
                for word in words.split(separator: " ") {
                    var hash = offsetBasis
                    for scalar in word.unicodeScalars { combine(scalar.value, into: &hash) }
                    if cyrillic { table[hash, default: Hit()].cyrillic |= bit } else { table[hash, default: Hit()].latin |= bit }
                }
            }
        }
        add(latin, languages: latinLanguages, cyrillic: false)
        add(cyrillicLists, languages: cyrillicLanguages, cyrillic: true)
        return table
    }()

    private static let latin = [
        "en": "the and of to in is that for it was on with as are be this by at from has have not but which",
        "de": "der die das und ist nicht ein eine zu den mit sich des auf für im dem von auch wird sind",
        "fr": "le la les et des est une du dans que pour pas sur au qui par ce sont avec il elle",
        "es": "el la los las y de que en es por un una para con se del al como su lo más",
        "pt": "o a os as e de que em é um uma para com do da não no na por se dos das",
        "it": "il la le e di che è un una per con del della non sono gli nel alla si da",
        "nl": "de het een en van is dat op te in niet zijn met voor ook",
        "id": "yang dan di ini itu dengan untuk dari tidak dalam akan pada juga ke",
    ]

    private static let cyrillicLists = [
        "ru": "и в не на что с по как это он она они из за от для то но так же был была было уже",
        "uk": "і в не на що з по як це він вона вони із за від для та але так вже був була було їх",
        "bg": "и в не на че с по как това той тя те от за да се са но във",
    ]
}
