extension PublishedDateParser {
    /// Month names and their usual abbreviations, lowercased, in the languages news sites
    /// are most often written in; Russian has both the nominative and the genitive form.
    static let monthNumbers: [String: Int] = {
        let names: [[String]] = [
            [
                "january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio", "gen",
                "janeiro", "январь", "января", "янв", "januari", "styczeń", "stycznia",
            ],
            [
                "february", "feb", "febr", "februar", "février", "fevrier", "févr", "fév", "fev", "febrero",
                "febbraio", "fevereiro", "февраль", "февраля", "фев", "февр", "februari",
            ],
            ["march", "mar", "märz", "mrz", "mars", "marzo", "março", "marco", "март", "марта", "maart", "maret"],
            ["april", "apr", "avril", "avr", "abril", "abr", "aprile", "апрель", "апреля", "апр"],
            ["may", "mai", "mayo", "maggio", "mag", "maio", "май", "мая", "mei"],
            ["june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho", "июнь", "июня", "июн"],
            ["july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho", "июль", "июля", "июл"],
            [
                "august", "aug", "août", "aout", "agosto", "ago", "август", "августа", "авг", "augustus",
                "agustus",
            ],
            [
                "september", "sep", "sept", "septembre", "septiembre", "setiembre", "settembre", "setembro",
                "сентябрь", "сентября", "сен", "сент",
            ],
            [
                "october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro", "out",
                "октябрь", "октября", "окт",
            ],
            [
                "november", "nov", "novembre", "noviembre", "novembro", "ноябрь", "ноября", "ноя", "нояб",
                "nopember",
            ],
            [
                "december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic",
                "dicembre", "dezembro", "декабрь", "декабря", "дек", "desember",
            ],
        ]
        var table: [String: Int] = [:]
        for (index, words) in names.enumerated() {
            for word in words { table[word] = index + 1 }
        }
        return table
    }()

    /// The month a lower-cased word names, or nil. Most words a date line holds are no month:
    /// their first byte or their length rules them out before the table is hashed. (A name
    /// written decomposed, "ma\u{308}rz", is longer in bytes and opens with the same letter.)
    static func monthNumber(_ word: String) -> Int? {
        let utf8 = word.utf8
        guard let first = utf8.first, monthFirstBytes[Int(first >> 6)] & (1 << UInt64(first & 63)) != 0,
            utf8.count >= shortestMonthName
        else { return nil }
        return monthNumbers[word]
    }

    /// A bit per byte value that starts some month name.
    private static let monthFirstBytes: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 4)
        for name in monthNumbers.keys {
            let first = name.utf8.first!
            bits[Int(first >> 6)] |= 1 << UInt64(first & 63)
        }
        return bits
    }()

    /// The byte length of the shortest month name.
    private static let shortestMonthName = monthNumbers.keys.map(\.utf8.count).min()!

    /// Words that may stand between a date and its time ("at", "à", "um", "в", …).
    static let dateTimeJoiners: Set<String> = [
        "at", "à", "a", "um", "às", "as", "alle", "ore", "в", "t", "de", "kl", "klo", "h", "o",
    ]

    /// Marks that may stand between a date and its time ("May 29, 13:10", "2016-08-23 | 11:04").
    static let dateTimeSeparators: Set<String> = [",", "-", "–", "—", "|", "·", "/", "(", "•", "@"]

    /// Marks that may follow a month or a day ("Aug. 23", "23. August", "May 29, 2016"); built
    /// once, as the parser runs on every short line of a text dump that has a digit.
    static let dateMarks: Set<String> = [".", ","]
    static let fullStop: Set<String> = ["."]

    /// Words that may stand between the parts of a date ("23 de agosto de 2016", "1er mars").
    static let datePartJoiners: Set<String> = ["de", "del", "of", "the", "st", "nd", "rd", "th", "er", "го"]

    /// Named zones whose offset does not depend on the season they are quoted in.
    static let zoneOffsets: [String: Int] = [
        "utc": 0, "gmt": 0, "z": 0, "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420,
        "mdt": -360, "pst": -480, "pdt": -420, "msk": 180, "cet": 60, "cest": 120, "bst": 60, "wet": 0,
        "west": 60, "eet": 120, "eest": 180, "jst": 540, "kst": 540, "aest": 600, "мск": 180,
    ]
}
