/// How words are compared for one topic or page: exact forms, or Snowball stems.
enum WordForms: Sendable, Hashable {
    case exact
    /// A libstemmer algorithm name, such as `english` or `russian`.
    case stemmed(String)

    private static let algorithms: [String: String] = [
        "en": "english", "ru": "russian", "de": "german", "fr": "french", "es": "spanish", "it": "italian",
        "pt": "portuguese", "nl": "dutch", "sv": "swedish", "no": "norwegian", "nb": "norwegian",
        "nn": "norwegian", "da": "danish", "fi": "finnish", "hu": "hungarian", "ro": "romanian", "tr": "turkish",
        "ar": "arabic", "el": "greek", "hy": "armenian", "eu": "basque", "ca": "catalan", "hi": "hindi",
        "id": "indonesian", "ga": "irish", "lt": "lithuanian", "ne": "nepali", "sr": "serbian", "ta": "tamil",
        "yi": "yiddish",
    ]

    static let supportedCodes = algorithms.keys.sorted()

    /// The forms a topic's `language` asks for; nil when the language is unknown.
    init?(topicLanguage code: String) {
        let folded = code.lowercased()
        if folded == "none" || folded.isEmpty {
            self = .exact
            return
        }
        let base = folded.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? folded
        if let algorithm = Self.algorithms[base] {
            self = .stemmed(algorithm)
        } else if Self.algorithms.values.contains(folded) {
            self = .stemmed(folded)
        } else {
            return nil
        }
    }

    /// The forms for a page's detected language: unknown or missing means exact forms.
    init(pageLanguage code: String?) {
        self = code.flatMap { WordForms(topicLanguage: $0) } ?? .exact
    }
}
