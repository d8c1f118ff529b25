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
    /// A bit per hash of the three bytes that open some phrase (any byte after a shorter
    /// one), so most word starts are passed over after one look-up: many common words share
    /// their first two letters with a phrase ("co" of "comment", "re" of "read more").
    private let openingTriples: [UInt64]
    /// The bytes of `byteClass` bit 2 (phrases that may start inside a word), looked for
    /// everywhere; the scan otherwise stops only where a word starts.
    private let insideWordStarts: [UInt8]

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
        var openingTriples = [UInt64](repeating: 0, count: (1 << Self.tripleBits) / 64)
        for phrase in phrases {
            let start = Int(phrase.start)
            let seconds = phrase.length > 1 ? [bytes[start + 1]] : Array(0...255)
            let thirds = phrase.length > 2 ? [bytes[start + 2]] : Array(0...255)
            for second in seconds {
                for third in thirds {
                    let slot = Self.tripleSlot(bytes[start], second, third)
                    openingTriples[slot >> 6] |= 1 << UInt64(slot & 63)
                }
            }
        }
        self.phrases = phrases
        self.bytes = bytes
        self.openingTriples = openingTriples
        self.starts = starts
        self.byteClass = byteClass
        insideWordStarts = (0..<256).filter { byteClass[$0] & 4 != 0 }.map { UInt8($0) }
    }

    /// The kinds of all phrases that occur in `text` (already folded), as one bit set.
    func kinds(in text: UnsafeBufferPointer<UInt8>) -> UInt8 {
        starts.withUnsafeBufferPointer { starts in
            byteClass.withUnsafeBufferPointer { byteClass in
                phrases.withUnsafeBufferPointer { phrases in
                    bytes.withUnsafeBufferPointer { bytes in
                        openingTriples.withUnsafeBufferPointer { triples in
                            Self.kinds(
                                in: text, starts: starts, byteClass: byteClass, phrases: phrases, bytes: bytes,
                                openingTriples: triples, insideWordStarts: insideWordStarts)
                        }
                    }
                }
            }
        }
    }

    private static func kinds(
        in text: UnsafeBufferPointer<UInt8>, starts: UnsafeBufferPointer<Int32>, byteClass: UnsafeBufferPointer<UInt8>,
        phrases: UnsafeBufferPointer<Phrase>, bytes: UnsafeBufferPointer<UInt8>, openingTriples: UnsafeBufferPointer<UInt64>,
        insideWordStarts: [UInt8]
    ) -> UInt8 {
        var found: UInt8 = 0
        /// Tries the phrases that may start at `index`, which is a word start or one of
        /// `insideWordStarts`.
        @inline(__always)
        func tryPhrases(at index: Int) {
            let byte = Int(text[index])
            guard byteClass[byte] & 2 != 0 else { return }
            let second = index + 1 < text.count ? text[index + 1] : 0
            let slot = tripleSlot(UInt8(byte), second, index + 2 < text.count ? text[index + 2] : 0)
            guard openingTriples[slot >> 6] & (1 << UInt64(slot & 63)) != 0 else { return }
            for candidate in Int(starts[byte])..<Int(starts[byte + 1])
            where phrases[candidate].length == 1 || phrases[candidate].second == second {
                if matches(phrases[candidate], bytes, in: text, at: index) { found |= phrases[candidate].kinds }
            }
        }
        var previousIsWord = false
        var index = 0
        // Eight bytes at a time: word bytes by bit masks, and only the bytes after a non-word
        // byte (and those phrases may start inside a word with) are looked at one by one.
        if let base = UnsafeRawPointer(text.baseAddress) {
            while index + 8 <= text.count {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let wordBytes = wordByteMask(word)
                var looks = ~(wordBytes << 8 | (previousIsWord ? 0x80 : 0)) & 0x8080_8080_8080_8080
                for byte in insideWordStarts { looks |= ByteScan.matches(byte, in: word) }
                previousIsWord = wordBytes >> 63 != 0
                while looks != 0 {
                    tryPhrases(at: index + looks.trailingZeroBitCount >> 3)
                    looks &= looks &- 1
                }
                index += 8
            }
        }
        while index < text.count {
            let kind = byteClass[Int(text[index])]
            if !previousIsWord || kind & 4 != 0 { tryPhrases(at: index) }
            previousIsWord = kind & 1 != 0
            index += 1
        }
        return found
    }

    /// How many bits `openingTriples` has, as a power of two.
    private static let tripleBits = 16

    /// Where three opening bytes fall in `openingTriples`.
    @inline(__always)
    private static func tripleSlot(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> Int {
        let key = UInt32(first) << 16 | UInt32(second) << 8 | UInt32(third)
        return Int((key &* 0x9E37_79B1) >> (32 - UInt32(tripleBits)))
    }

    /// The high bit of each byte of `word` that `isWordByte` holds a word byte.
    @inline(__always)
    private static func wordByteMask(_ word: UInt64) -> UInt64 {
        let high: UInt64 = 0x8080_8080_8080_8080
        let low: UInt64 = 0x0101_0101_0101_0101
        // Seven-bit values, so adding up to 0x50 never carries into the next byte.
        let ascii = word & ~high
        let folded = ascii | low &* 0x20
        let letters = (folded &+ low &* (0x80 - 0x61)) & ~(folded &+ low &* (0x7F - 0x7A))
        let digits = (ascii &+ low &* (0x80 - 0x30)) & ~(ascii &+ low &* (0x7F - 0x39))
        return (word | letters | digits) & high
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
