/// Short phrases of several kinds found in UTF-8 text that `TextDumpPhrases.fold` has
/// lowercased, matched at word starts: `share` is in "Share this" but not in "shareholders".
///
/// A phrase written with a trailing `*` also matches as a word prefix (`comment*` finds
/// "comments"). Phrases are grouped by their first byte so one scan finds every kind at about
/// one table look-up per byte, which keeps furniture detection off the profile.
struct TextDumpPhrases: Sendable {
    private struct Phrase: Sendable {
        /// Where the phrase's bytes are in `TextDumpPhrases.bytes`.
        var start: Int32
        var length: Int32
        var kinds: UInt8
        var needsStartBoundary: Bool
        var needsEndBoundary: Bool
        /// The second byte, compared before anything else.
        var second: UInt8
    }

    /// Phrases sorted by first byte; `starts[b]..<starts[b + 1]` are those beginning with `b`.
    private let phrases: [Phrase]
    /// Every phrase's bytes, end to end, so matching touches no per-phrase array.
    private let bytes: [UInt8]
    private let starts: [Int32]
    /// Per byte value: bit 0 a word byte, bit 1 some phrase starts with it, bit 2 some phrase
    /// starting with it may start inside a word (`©`); one look-up per byte in the scan.
    private let byteClass: [UInt8]
    /// A bit per pair of bytes that opens some phrase, so most word starts are passed over
    /// after one look-up instead of a comparison per phrase.
    private let openingPairs: [UInt64]

    /// `groups` pairs a kind bit with its phrases; a phrase may belong to several kinds.
    init(_ groups: [(kind: UInt8, words: [String])]) {
        var kindsByText: [String: UInt8] = [:]
        for (kind, words) in groups {
            for word in words { kindsByText[word, default: 0] |= kind }
        }
        var texts: [(bytes: [UInt8], kinds: UInt8, start: Bool, end: Bool)] = []
        for (word, kinds) in kindsByText {
            let isPrefix = word.hasSuffix("*")
            let text = isPrefix ? String(word.dropLast()) : word
            guard let first = text.first, let last = text.last else { continue }
            texts.append(
                (Array(text.utf8), kinds, first.isLetter || first.isNumber, !isPrefix && (last.isLetter || last.isNumber)))
        }
        texts.sort { ($0.bytes[0], $0.bytes.count) < ($1.bytes[0], $1.bytes.count) }
        var phrases: [Phrase] = []
        var bytes: [UInt8] = []
        for text in texts {
            phrases.append(
                Phrase(
                    start: Int32(bytes.count), length: Int32(text.bytes.count), kinds: text.kinds,
                    needsStartBoundary: text.start, needsEndBoundary: text.end,
                    second: text.bytes.count > 1 ? text.bytes[1] : 0))
            bytes += text.bytes
        }
        var starts = [Int32](repeating: Int32(phrases.count), count: 257)
        for (index, phrase) in phrases.enumerated().reversed() { starts[Int(bytes[Int(phrase.start)])] = Int32(index) }
        for byte in stride(from: 255, through: 0, by: -1) where starts[byte] > starts[byte + 1] {
            starts[byte] = starts[byte + 1]
        }
        var byteClass = [UInt8](repeating: 0, count: 256)
        for byte in 0..<256 where Self.isWordByte(UInt8(byte)) { byteClass[byte] |= 1 }
        for phrase in phrases {
            byteClass[Int(bytes[Int(phrase.start)])] |= phrase.needsStartBoundary ? 2 : 6
        }
        var openingPairs = [UInt64](repeating: 0, count: 65536 / 64)
        for phrase in phrases {
            let first = Int(bytes[Int(phrase.start)])
            let seconds = phrase.length > 1 ? [Int(bytes[Int(phrase.start) + 1])] : Array(0..<256)
            for second in seconds {
                let pair = first << 8 | second
                openingPairs[pair >> 6] |= 1 << UInt64(pair & 63)
            }
        }
        self.phrases = phrases
        self.bytes = bytes
        self.openingPairs = openingPairs
        self.starts = starts
        self.byteClass = byteClass
    }

    /// The kinds of all phrases that occur in `text` (already folded), as one bit set.
    func kinds(in text: UnsafeBufferPointer<UInt8>) -> UInt8 {
        starts.withUnsafeBufferPointer { starts in
            byteClass.withUnsafeBufferPointer { byteClass in
                phrases.withUnsafeBufferPointer { phrases in
                    bytes.withUnsafeBufferPointer { bytes in
                        openingPairs.withUnsafeBufferPointer { pairs in
                            Self.kinds(
                                in: text, starts: starts, byteClass: byteClass, phrases: phrases, bytes: bytes,
                                openingPairs: pairs)
                        }
                    }
                }
            }
        }
    }

    private static func kinds(
        in text: UnsafeBufferPointer<UInt8>, starts: UnsafeBufferPointer<Int32>, byteClass: UnsafeBufferPointer<UInt8>,
        phrases: UnsafeBufferPointer<Phrase>, bytes: UnsafeBufferPointer<UInt8>, openingPairs: UnsafeBufferPointer<UInt64>
    ) -> UInt8 {
        var found: UInt8 = 0
        var previousIsWord = false
        for index in 0..<text.count {
            let byte = Int(text[index])
            let kind = byteClass[byte]
            let atWordStart = !previousIsWord
            previousIsWord = kind & 1 != 0
            guard kind & 2 != 0, atWordStart || kind & 4 != 0 else { continue }
            let pair = byte << 8 | (index + 1 < text.count ? Int(text[index + 1]) : 0)
            guard openingPairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0 else { continue }
            let second = index + 1 < text.count ? text[index + 1] : 0
            for candidate in Int(starts[byte])..<Int(starts[byte + 1])
            where phrases[candidate].length == 1 || phrases[candidate].second == second {
                if matches(phrases[candidate], bytes, in: text, at: index) { found |= phrases[candidate].kinds }
            }
        }
        return found
    }

    @inline(__always)
    private static func matches(
        _ phrase: Phrase, _ bytes: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>, at index: Int
    ) -> Bool {
        let length = Int(phrase.length)
        let start = Int(phrase.start)
        guard index + length <= text.count else { return false }
        if phrase.needsStartBoundary, index > 0, isWordByte(text[index - 1]) { return false }
        for offset in 1..<max(1, length) where text[index + offset] != bytes[start + offset] { return false }
        if phrase.needsEndBoundary, index + length < text.count, isWordByte(text[index + length]) {
            return false
        }
        return true
    }

    /// ASCII letters and digits, and any byte of a multi-byte scalar (letters of other scripts).
    static func isWordByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
    }

    /// Lowercases `text` in place: ASCII, Latin-1 letters and Cyrillic, the scripts whose
    /// furniture phrases the extractor knows; every mapping keeps the byte length.
    static func fold(_ text: UnsafeMutableBufferPointer<UInt8>) {
        var index = 0
        let count = text.count
        let base = UnsafeMutableRawPointer(text.baseAddress!)
        while index < count {
            // Eight ASCII bytes at a time: each capital gets its 0x20 bit from a mask.
            if index + 8 <= count {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if ByteScan.isASCII(word) {
                    base.storeBytes(of: word | ByteScan.capitals(in: word) >> 2, toByteOffset: index, as: UInt64.self)
                    index += 8
                    continue
                }
            }
            let byte = text[index]
            if byte < 0x80 {
                if byte >= 0x41 && byte <= 0x5A { text[index] = byte | 0x20 }
            } else if index + 1 < count {
                let next = text[index + 1]
                if byte == 0xC3, next >= 0x80, next <= 0x9E, next != 0x97 {
                    text[index + 1] = next + 0x20
                } else if byte == 0xD0, next >= 0x90, next <= 0x9F {
                    text[index + 1] = next + 0x20
                } else if byte == 0xD0, next >= 0xA0, next <= 0xAF {
                    text[index] = 0xD1
                    text[index + 1] = next - 0x20
                }
            }
            index += 1
        }
    }
}
