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
    }

    static let legalWords = [
        "cookie*", "javascript", "all rights reserved", "rights reserved", "privacy policy", "terms of use",
        "terms of service", "copyright", "©", "datenschutz*", "alle rechte vorbehalten",
        "все права защищены", "tous droits réservés", "todos los derechos reservados",
        "tutti i diritti riservati", "todos os direitos reservados",
    ]

    static let furnitureWords = [
        "share*", "newsletter*", "reply", "comment*", "read also", "read more", "related", "advertisement",
        "advertising", "subscribe*", "sign up", "follow us", "click here", "log in", "login", "sign in",
        "most read", "most popular", "trending", "recommended", "you may also like", "tags", "tag:", "photo:",
        "image:", "getty images", "loading", "show more", "see also", "also read", "sponsored", "print",
        "email", "e-mail", "tweet", "facebook", "twitter", "whatsapp", "pinterest", "linkedin",
        "читайте также", "подписывайтесь", "реклама", "поделиться", "комментари*", "werbung", "anzeige",
        "lesen sie auch", "teilen", "kommentar*", "publicidad", "compartir", "comentario*", "leia também",
        "compartilh*", "comentário*", "leggi anche", "condividi", "commenti", "voir aussi", "lire aussi",
        "partager", "commentaire*", "publicité",
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

    /// The phrases looked for in long units: only legal furniture counts there.
    static let legalPhrases = TextDumpPhrases([(PhraseKind.legal, legalWords)])

    /// Every kind of phrase, looked for in short units.
    static let shortLinePhrases = TextDumpPhrases([
        (PhraseKind.legal, legalWords), (PhraseKind.furniture, furnitureWords),
        (PhraseKind.comments, commentWords), (PhraseKind.pointer, pointerWords),
    ])

    /// What the scorer needs to know about one unit's text.
    struct UnitText: Sendable {
        var words = 0
        var punctuation = 0
        var endsSentence = false
        var isBracketed = false
        var hasTemplate = false
    }

    /// Adds one line of a unit to `measured`: its words (CJK characters count half a word each,
    /// as those scripts use no spaces) and sentence punctuation; the unit ends as its last line.
    static func measure(_ text: UnsafeBufferPointer<UInt8>, into measured: inout UnitText) {
        guard !text.isEmpty else { return }
        var inWord = false
        var ideographs = 0
        var previous: UInt8 = 0
        var index = 0
        let base = UnsafeRawPointer(text.baseAddress!)
        while index < text.count {
            // Eight ASCII bytes without braces at a time: words and punctuation by bit masks.
            if index + 8 <= text.count {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if ByteScan.isASCII(word), !ByteScan.hasByte(0x7B, in: word) {
                    let letters = ~ByteScan.matches(0x20, in: word) & 0x8080_8080_8080_8080
                    let before = letters << 8 | (inWord ? 0x80 : 0)
                    measured.words += (letters & ~before).nonzeroBitCount
                    measured.punctuation +=
                        (ByteScan.matches(0x2E, in: word) | ByteScan.matches(0x21, in: word)
                        | ByteScan.matches(0x3F, in: word) | ByteScan.matches(0x2C, in: word)).nonzeroBitCount
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
            case 0x2E, 0x21, 0x3F, 0x2C: measured.punctuation += 1
            case 0x7B where previous == 0x7B: measured.hasTemplate = true
            case 0xE3...0xE9:
                ideographs += 1
                if index + 2 < text.count, isWideSentenceMark(byte, text[index + 1], text[index + 2]) {
                    measured.punctuation += 1
                }
            case 0xEF:
                if index + 2 < text.count, isWideSentenceMark(byte, text[index + 1], text[index + 2]) {
                    measured.punctuation += 1
                }
            default: break
            }
            previous = byte
        }
        measured.words += ideographs / 2
        measured.endsSentence = endsSentence(text)
    }

    private static func endsSentence(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = text.count
        let last = text[count - 1]
        if last == 0x2E || last == 0x21 || last == 0x3F || last == 0x22 || last == 0x27 || last == 0x29 {
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

    /// How much a unit looks like article prose: positive for sentences, negative for
    /// menus, short list items, image markers, templates and legal or sharing furniture.
    static func score(_ measured: UnitText, isBullet: Bool, isLegal: Bool, isFurniture: Bool) -> Double {
        let words = measured.words
        if measured.isBracketed { return -1.5 }
        if isBullet && words < 15 { return -1.5 }
        if measured.hasTemplate { return -5 }
        var score: Double
        if words >= 12 && measured.punctuation >= 1 {
            score = Double(words) / 10 + (measured.endsSentence ? 1 : 0)
        } else if words >= 8 && measured.endsSentence {
            score = 0.5
        } else {
            score = -1
        }
        if isLegal {
            score = min(score, 0) - 3
        } else if isFurniture && words < 25 {
            score -= 3
        }
        return score
    }
}
