/// Paragraphs inside an extracted HTML body that belong to the page rather than the
/// story: the headline again, date and byline lines, reading times, copyright lines,
/// labels (`Advertisement`, `Comments`, `Share`), newsletter, membership and ad-blocker
/// pitches, cookie notices and author contact lines.
///
/// Judged on short paragraphs only, by phrases in several languages: a long paragraph
/// that mentions a newsletter is news about one.
struct ArticleBoilerplate {
    /// Longest paragraph, in UTF-8 bytes, that can be a pitch or a notice.
    static let longestNotice = 300
    /// Longest paragraph that can be a date or byline line.
    static let longestDateLine = 120
    /// How many paragraphs at either end of the body may be date or byline lines.
    static let dateLineReach = 3

    /// `paragraphs` without the boilerplate; `title` is the page's headline.
    func cleaned(_ paragraphs: [String], title: String?) -> [String] {
        let headline = title.map(Self.folded)
        var kept: [String] = []
        kept.reserveCapacity(paragraphs.count)
        for (index, paragraph) in paragraphs.enumerated() {
            let atEdge = index < Self.dateLineReach || index >= paragraphs.count - Self.dateLineReach
            if index < Self.dateLineReach, let headline, kept.isEmpty,
                abs(paragraph.utf8.count - headline.utf8.count) <= headline.utf8.count / 4 + 4, Self.folded(paragraph) == headline
            {
                continue
            }
            if isBoilerplate(paragraph, atEdge: atEdge) { continue }
            kept.append(paragraph)
        }
        // Everything being boilerplate means the rules misread this page: keep it whole.
        return kept.isEmpty ? paragraphs : kept
    }

    /// Whether one paragraph is boilerplate; date and byline lines count only `atEdge`.
    func isBoilerplate(_ paragraph: String, atEdge: Bool) -> Bool {
        let length = paragraph.utf8.count
        guard length <= Self.longestNotice else { return false }
        var bytes = Array(paragraph.utf8)
        let kinds = bytes.withUnsafeMutableBufferPointer { buffer in
            TextDumpPhrases.fold(buffer)
            return Self.phrases.kinds(in: UnsafeBufferPointer(buffer))
        }
        let needsWords = length <= 40 || (atEdge && length <= Self.longestDateLine && bytes.contains { $0 >= 0x30 && $0 <= 0x39 })
        let words = needsWords ? Self.words(ofFolded: bytes) : []
        if length <= 40, Self.labels.contains(words.joined(separator: " ")) || Self.isCountLabel(words) { return true }
        if kinds & Kind.notice != 0 { return true }
        if kinds & Kind.copyright != 0, length <= 200 || kinds & Kind.rightsReserved != 0 { return true }
        // "Subscribe to our newsletter" anywhere; "sign up and you get …" only around the
        // body, as a deal or a service can be the story itself.
        if kinds & Kind.pitch != 0, kinds & Kind.firstPerson != 0 || (atEdge && kinds & Kind.secondPerson != 0) {
            return true
        }
        if kinds & Kind.readingTime != 0, length <= 60 { return true }
        return atEdge && needsWords && length <= Self.longestDateLine && Self.isDateLine(paragraph, words: words)
    }

    /// The words of a paragraph folded by `TextDumpPhrases.fold`: runs of letters, digits
    /// and other scripts' characters, split at ASCII punctuation and spaces.
    private static func words(ofFolded bytes: [UInt8]) -> [Substring] {
        String(decoding: bytes.map { TextDumpPhrases.isWordByte($0) ? $0 : 0x20 }, as: UTF8.self).split(separator: " ")
    }

    /// Kinds of phrase, as bits of `TextDumpPhrases.kinds(in:)`.
    private enum Kind {
        static let notice: UInt8 = 1
        static let pitch: UInt8 = 2
        static let readingTime: UInt8 = 4
        static let secondPerson: UInt8 = 8
        static let firstPerson: UInt8 = 64
        static let copyright: UInt8 = 16
        static let rightsReserved: UInt8 = 32
    }

    private static let phrases = TextDumpPhrases([
        (Kind.notice, notices), (Kind.pitch, pitches), (Kind.readingTime, readingTimes),
        (Kind.secondPerson, ["you", "your"]), (Kind.firstPerson, ["our", "we", "us"]),
        (Kind.rightsReserved, rightsReserved),
        (Kind.copyright, rightsReserved + ["copyright", "© "]),
    ])

    /// A line that is a date, perhaps with a label, a time, a zone and a short byline
    /// (`Updated 10:01 pm PST, Tuesday, November 19, 2019`, `By Jane Doe - 11/18/19 11:04 PM EST`).
    static func isDateLine(_ paragraph: String, words: [Substring]) -> Bool {
        var other = 0
        var labelled = false
        for word in words {
            if lineLabels.contains(String(word)) {
                labelled = true
            } else if !isDateWord(word) {
                other += 1
            }
        }
        guard other <= 1 || (labelled && other <= 4 && other * 2 <= words.count) else { return false }
        return PublishedDateParser().parse(paragraph) != nil
    }

    private static func isDateWord(_ word: Substring) -> Bool {
        // A dash or a bullet between the parts of the line.
        guard let first = word.utf8.first, first < 0x80 || word.contains(where: \.isLetter) else { return true }
        if first >= 0x30 && first <= 0x39 { return true }
        let text = String(word)
        return PublishedDateParser.monthNumbers[text] != nil || PublishedDateParser.zoneOffsets[text] != nil
            || dateLabels.contains(text)
    }

    /// `12 comments`, `Comments (4)`.
    private static func isCountLabel(_ words: [Substring]) -> Bool {
        guard words.count == 2 else { return false }
        let (first, second) = (words[0], words[1])
        let countLabels: Set<Substring> = ["comments", "comment", "replies", "shares", "комментариев", "kommentare"]
        return (first.allSatisfy(\.isNumber) && countLabels.contains(second))
            || (second.allSatisfy(\.isNumber) && countLabels.contains(first))
    }

    /// The lowercase words of `text`, split at anything but letters and digits.
    static func words(of text: String) -> [Substring] {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
    }

    /// A paragraph as compared with the headline: lowercase words only.
    static func folded(_ text: String) -> String {
        words(of: text).joined(separator: " ")
    }

    /// Whole paragraphs (as lowercase words) that are labels, never story text.
    static let labels: Set<String> = [
        "advertisement", "advert", "ad", "ads", "sponsored", "sponsored content", "comments", "comment",
        "leave a comment", "leave a reply", "post a comment", "show comments", "view comments", "add a comment",
        "tell us what you think", "join the conversation", "share", "share this", "share this article",
        "share this story", "share on facebook", "share on twitter", "print", "email", "related",
        "related stories", "related articles", "read more", "more", "more stories", "see also", "read also", "recommended",
        "you may also like",
        "you might also like", "most read", "most popular", "more on this story", "read next", "up next",
        "werbung", "anzeige", "kommentare", "publicité", "commentaires", "publicidad", "comentarios",
        "реклама", "комментарии", "pubblicità", "commenti", "publicidade", "comentários",
    ]

    /// Phrases that make a short paragraph page furniture on their own.
    static let notices = [
        "in your inbox", "to your inbox", "ad blocker", "ad-blocker", "adblock", "whitelist",
        "support our journalism", "support independent journalism", "become a member", "become a subscriber",
        "we use cookies", "uses cookies", "use of cookies", "cookie policy", "have a tip", "news tip",
        "may be reached at", "can be reached at", "can be contacted at", "follow him on", "follow her on",
        "follow them on", "follow us on", "like us on facebook", "want more stories like this",
        "this post may contain affiliate", "affiliate links", "подписывайтесь на", "подпишитесь на",
        "abonnez-vous", "inscrivez-vous", "jetzt abonnieren", "suscríbete", "assine a newsletter",
    ]

    /// Phrases of a pitch, which count in a paragraph where the site speaks of itself or,
    /// at the ends of the body, to the reader.
    static let pitches = [
        "newsletter", "subscribe", "subscription", "sign up", "signup", "sign-up", "donate", "free trial",
        "download our app", "get the app", "click here",
    ]

    /// A copyright line's words; `©` or `copyright` alone counts only in a short paragraph.
    static let rightsReserved = [
        "all rights reserved", "tous droits réservés", "alle rechte vorbehalten", "все права защищены",
        "todos los derechos reservados", "tutti i diritti riservati", "todos os direitos reservados",
    ]

    static let readingTimes = [
        "min read", "minute read", "minutes read", "reading time", "read time", "tempo de leitura",
        "tiempo de lectura", "temps de lecture", "lesezeit", "время чтения", "tempo di lettura",
    ]

    /// Words that make a line with a date in it a date or byline line.
    static let lineLabels: Set<String> = [
        "by", "updated", "update", "published", "posted", "modified", "source", "von", "par", "por", "di",
        "обновлено", "опубликовано", "aktualisiert", "veröffentlicht", "publiziert", "publié", "mis", "jour",
        "publicado", "actualizado", "atualizado", "pubblicato", "aggiornato",
    ]

    /// Words that stand beside a date: clock words, weekdays, joiners.
    static let dateLabels: Set<String> = [
        "last", "first", "on", "at", "am", "pm", "a", "m", "p", "ago", "hours", "hour", "minutes", "min", "days",
        "day", "et", "ist", "hrs", "the", "of", "de", "le", "du", "um", "à", "às", "às", "от", "в",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "wed",
        "thu", "fri", "sat", "sun", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag",
        "sonntag", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "lunes", "martes",
        "miércoles", "jueves", "viernes", "sábado", "domingo", "segunda", "terça", "quarta", "quinta", "sexta",
        "feira", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "понедельник", "вторник",
        "среда", "четверг", "пятница", "суббота", "воскресенье",
    ]
}
