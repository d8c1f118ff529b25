extension TextDumpExtractor {
    /// Kinds of furniture phrase, as bits of `TextDumpPhrases.kinds(in:)`.
    enum PhraseKind {
        /// Marks a line as furniture however long it is: cookie notices, copyright lines.
        static let legal: UInt8 = 1
        /// Marks a short line as furniture: sharing, sign-up prompts, ads, widgets.
        static let furniture: UInt8 = 2
        /// Opens a comments section; what follows is readers', not the article.
        static let comments: UInt8 = 4
        /// Announces a link to another story on the next line ("Read also").
        static let pointer: UInt8 = 8
        /// Words that name sharing and social sites, which prose mentions too: furniture only
        /// on a line that is no sentence ("Twitter", "Share", "12 comments").
        static let social: UInt8 = 16
        /// Credits a photo or video: the line is a caption ("Photo: …", "(AP Photo/…)").
        static let credit: UInt8 = 32
    }

    static let legalWords = [
        "cookie*", "javascript", "all rights reserved", "rights reserved", "privacy policy", "terms of use",
        "terms of service", "copyright", "©", "datenschutz*", "alle rechte vorbehalten",
        "все права защищены", "tous droits réservés", "todos los derechos reservados",
        "tutti i diritti riservati", "todos os direitos reservados",
    ]

    static let furnitureWords = [
        "newsletter*", "read also", "read more", "advertisement", "subscribe", "subscribe to", "sign up",
        "follow us", "click here", "log in", "most read", "most popular", "you may also like", "tag:",
        "show more", "see also", "also read", "don't miss", "don’t miss", "see more", "watch more",
        "читайте также", "подписывайтесь", "реклама", "поделиться", "werbung", "anzeige", "lesen sie auch",
        "publicidad", "leia também", "leggi anche", "voir aussi", "lire aussi", "publicité",
    ]

    static let socialWords = [
        "share", "shares", "sharing", "share this", "reply", "comment*", "related", "advertising", "login",
        "sign in", "trending", "recommended", "tags", "loading", "sponsored", "print", "email", "e-mail",
        "tweet", "facebook", "twitter", "whatsapp", "pinterest", "linkedin", "telegram", "instagram",
        "комментари*", "teilen", "kommentar*", "compartir", "comentario*", "compartilh*", "comentário*",
        "condividi", "commenti", "partager", "commentaire*",
    ]

    static let creditWords = [
        "photo:", "photos:", "photo by", "photograph:", "photographs:", "image:", "images:", "picture:",
        "pictures:", "credit:", "credits:", "video:", "getty images", "getty", "ap photo", "afp photo",
        "file photo", "reuters/", "/reuters", "/afp", "afp/", "/ap", "shutterstock", "istock*", "illustration:",
        "foto:", "fotos:", "bild:", "фото:", "фото", "imagen:", "immagine:", "crédit photo",
        // Labels that screen-reader text puts before a caption and its credit, printed by text
        // browsers: "Image caption The mayor at the vote", "Image copyright Getty".
        "image caption", "media caption", "image copyright", "image source",
    ]

    static let commentWords = [
        "comment*", "kommentar*", "комментари*", "commentaire*", "comentario*", "commenti", "comentário*",
        "leave a reply", "responses", "discussion", "reacties", "yorum*",
    ]

    static let pointerWords = [
        "read also", "read more", "see also", "also read", "related", "more on this", "читайте также",
        "lesen sie auch", "mehr zum thema", "leia também", "leia mais", "leggi anche", "voir aussi",
        "lire aussi", "lea también", "ver también", "más información",
    ]

    /// The phrases looked for at the start of long units: only legal furniture counts there.
    static let legalPhrases = TextDumpPhrases([(PhraseKind.legal, legalWords)])

    /// The phrases looked for at the end of long units: credits end long captions.
    static let creditPhrases = TextDumpPhrases([(PhraseKind.credit, creditWords)])

    /// Every kind of phrase, looked for in short units.
    static let shortLinePhrases = TextDumpPhrases([
        (PhraseKind.legal, legalWords), (PhraseKind.furniture, furnitureWords), (PhraseKind.social, socialWords),
        (PhraseKind.comments, commentWords), (PhraseKind.pointer, pointerWords), (PhraseKind.credit, creditWords),
    ])

    /// What the scorer needs to know about one unit's text.
    struct UnitText: Sendable {
        var words = 0
        /// Holds a full stop, comma, question or exclamation mark (or a CJK one): only whether
        /// it does counts, so a unit's marks are not counted once one is found.
        var hasPunctuation = false
        var endsSentence = false
        var isBracketed = false
        var hasTemplate = false
        /// Ends in an ellipsis that cuts a sentence off: an excerpt of another page.
        var isCutOff = false
        /// Ends in a colon: introduces a list, a table or a quote.
        var endsWithColon = false
    }

    /// Adds one line of a unit to `measured`: its words (CJK characters count half a word each,
    /// as those scripts use no spaces) and sentence punctuation; the unit ends as its last line.
    static func measure(_ text: UnsafeBufferPointer<UInt8>, into measured: inout UnitText) {
        guard !text.isEmpty else { return }
        var inWord = false
        var wordStarts = HighBitTally()
        var ideographs = 0
        var previous: UInt8 = 0
        var index = 0
        let base = UnsafeRawPointer(text.baseAddress!)
        while index < text.count {
            // Eight bytes at a time by bit masks, while none is a brace or starts a CJK or
            // full-width character (0xE3 and up), which are counted one by one.
            if index + 8 <= text.count {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if !ByteScan.hasByte(below: 0x1D, in: ~word), !ByteScan.hasByte(0x7B, in: word) {
                    let letters = ~ByteScan.matches(0x20, in: word) & 0x8080_8080_8080_8080
                    let before = letters << 8 | (inWord ? 0x80 : 0)
                    wordStarts.add(letters & ~before)
                    if !measured.hasPunctuation {
                        // `.` and `,` differ in one bit: one comparison finds both.
                        measured.hasPunctuation =
                            ByteScan.matches(0x2C, in: word & 0xFDFD_FDFD_FDFD_FDFD) | ByteScan.matches(0x21, in: word)
                            | ByteScan.matches(0x3F, in: word) != 0
                    }
                    inWord = letters >> 63 != 0
                    previous = UInt8(word >> 56)
                    index += 8
                    continue
                }
            }
            let byte = text[index]
            defer { index += 1 }
            if byte == 0x20 {
                inWord = false
            } else {
                if !inWord { measured.words += 1 }
                inWord = true
            }
            switch byte {
            case 0x2E, 0x21, 0x3F, 0x2C: measured.hasPunctuation = true
            case 0x7B where previous == 0x7B: measured.hasTemplate = true
            case 0xE3...0xE9:
                ideographs += 1
                if index + 2 < text.count, isWideSentenceMark(byte, text[index + 1], text[index + 2]) {
                    measured.hasPunctuation = true
                }
            case 0xEF:
                if index + 2 < text.count, isWideSentenceMark(byte, text[index + 1], text[index + 2]) {
                    measured.hasPunctuation = true
                }
            default: break
            }
            previous = byte
        }
        measured.words += wordStarts.count() + ideographs / 2
        measured.endsSentence = endsSentence(text)
        measured.isCutOff = isCutOff(text)
        measured.endsWithColon = text[text.count - 1] == 0x3A
    }

    /// Whether `text` ends in `...`, `…`, `[…]` or `[...]` right after a word or a comma.
    private static func isCutOff(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = text.count
        if end >= 1, text[end - 1] == 0x5D { end -= 1 }  // ]
        var dots = end
        if dots >= 3, text[dots - 3] == 0xE2, text[dots - 2] == 0x80, text[dots - 1] == 0xA6 {
            dots -= 3
        } else if dots >= 3, text[dots - 3] == 0x2E, text[dots - 2] == 0x2E, text[dots - 1] == 0x2E {
            dots -= 3
            while dots > 0, text[dots - 1] == 0x2E { dots -= 1 }
        } else {
            return false
        }
        if end < text.count { return dots > 0 && text[dots - 1] == 0x5B }  // [
        while dots > 0, text[dots - 1] == 0x20 { dots -= 1 }
        guard dots > 0 else { return false }
        let before = text[dots - 1]
        return before == 0x2C || before >= 0x80 || (before | 0x20 >= 0x61 && before | 0x20 <= 0x7A)
            || (before >= 0x30 && before <= 0x39)
    }

    private static func endsSentence(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = text.count
        let last = text[count - 1]
        // A colon ends a line that introduces a list, a quote or a table.
        if last == 0x2E || last == 0x21 || last == 0x3F || last == 0x22 || last == 0x27 || last == 0x29 || last == 0x3A {
            return true
        }
        if count >= 2 && text[count - 2] == 0xC2 && last == 0xBB { return true }  // »
        guard count >= 3 else { return false }
        return isWideSentenceMark(text[count - 3], text[count - 2], last)
            || (text[count - 3] == 0xE2 && text[count - 2] == 0x80 && (last == 0xA6 || last == 0x9D))  // … ”
    }

    /// 。、 ！ ， ？ : the sentence marks of Chinese and Japanese.
    static func isWideSentenceMark(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> Bool {
        (first == 0xE3 && second == 0x80 && (third == 0x82 || third == 0x81))
            || (first == 0xEF && second == 0xBC && (third == 0x81 || third == 0x8C || third == 0x9F))
    }

    /// How much a unit looks like article prose, and its role: positive for sentences,
    /// negative for menus, short list items, image markers, captions, teasers, templates and
    /// legal or sharing furniture. `kinds` are the phrases found in the unit.
    static func score(_ measured: UnitText, isBullet: Bool, kinds: UInt8) -> (Double, UnitRole) {
        let words = measured.words
        if measured.isBracketed { return (imageScore, .image) }
        if isBullet && words < 15 { return (-1.5, .listItem) }
        if measured.hasTemplate { return (-5, .furniture) }
        var score: Double
        let isSentence = words >= 12 && measured.hasPunctuation
        if isSentence {
            score = Double(words) / 10 + (measured.endsSentence ? 1 : 0)
        } else if words >= 8 && measured.endsSentence {
            score = 0.5
        } else {
            score = -1
        }
        if kinds & PhraseKind.legal != 0 {
            return (min(score, 0) - 3, .furniture)
        }
        let isSocial = kinds & PhraseKind.social != 0 && !isSentence && !measured.endsSentence
        if words < 25 && (kinds & PhraseKind.furniture != 0 || isSocial) {
            return (score - 3, .furniture)
        }
        if words < 40 && kinds & PhraseKind.credit != 0 { return (min(score, 0) - 1, .caption) }
        return (score, score > 0 ? .prose : .line)
    }
}
