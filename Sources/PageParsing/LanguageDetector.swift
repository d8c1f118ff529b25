/// Guesses a text's language cheaply: the script first (Cyrillic, Greek, Arabic, CJK…),
/// then, among languages sharing a script, which one's common short words occur most.
///
/// Works on UTF-8 bytes and reads at most `sampleWords` words or about `sampleBytes`
/// bytes: the opening of an article says as much about its language as the whole of it.
public struct LanguageDetector: Sendable {
    /// How many words are read at most.
    static let sampleWords = 400
    /// How many bytes of text are read, give or take the paragraph that crosses it.
    static let sampleBytes = 2048

    public init() {}

    /// An ISO 639-1 code such as `en` or `ru`, or nil when the text gives too little to go on.
    public func detect(_ paragraphs: [String]) -> String? {
        var sample = Sample()
        var bytesRead = 0
        for paragraph in paragraphs where sample.words < Self.sampleWords && bytesRead < Self.sampleBytes {
            var paragraph = paragraph
            paragraph.withUTF8 { bytes in
                let room = min(bytes.count, Self.sampleBytes - bytesRead + 64)
                sample.read(UnsafeBufferPointer(rebasing: bytes[0..<room]), upTo: Self.sampleWords)
                bytesRead += room
            }
        }
        if let other = sample.scripts.dominantNonLatin { return other }
        let isCyrillic = sample.scripts.cyrillic > sample.scripts.latin
        let counts = isCyrillic ? sample.cyrillicHits : sample.latinHits
        let languages = isCyrillic ? StopWords.cyrillicLanguages : StopWords.latinLanguages
        var best = -1
        for index in languages.indices where counts[index] > (best < 0 ? 0 : counts[best]) { best = index }
        guard best >= 0, counts[best] >= 2 else {
            return isCyrillic && sample.scripts.cyrillic >= 20 ? "ru" : nil
        }
        return languages[best]
    }

    /// Detects the language of one text.
    public func detect(_ text: String) -> String? { detect([text]) }

    /// The letters and short words read so far.
    struct Sample {
        var words = 0
        var scripts = ScriptCounts()
        /// Stop-word hits per language, in `StopWords` order.
        var latinHits = [Int](repeating: 0, count: StopWords.latinLanguages.count)
        var cyrillicHits = [Int](repeating: 0, count: StopWords.cyrillicLanguages.count)
        /// The current word: its length in letters and the hash of its lower-cased bytes.
        private var length = 0
        private var hash = StopWords.offsetBasis

        /// Reads words from UTF-8 `bytes` until `limit` words have been read.
        mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, upTo limit: Int) {
            var index = 0
            let count = bytes.count
            // The current word and the ASCII letters are kept in locals, which stay in
            // registers, and written back when a word ends.
            var length = self.length
            var hash = self.hash
            var asciiLetters = 0
            while index < count, words < limit {
                var scalar = UInt32(bytes[index])
                // ASCII, most bytes of most pages, without the general letter and script tables.
                if scalar < 0x80 {
                    index += 1
                    let lower = scalar | 0x20
                    guard lower >= 0x61 && lower <= 0x7A else {
                        endWord(length: &length, hash: &hash)
                        continue
                    }
                    asciiLetters &+= 1
                    length &+= 1
                    StopWords.combine(lower, into: &hash)
                    continue
                }
                let width: Int
                (scalar, width) = Self.decode(bytes, at: index)
                index += width
                guard let lower = Letters.lowercased(scalar) else {
                    endWord(length: &length, hash: &hash)
                    continue
                }
                scripts.add(scalar)
                length &+= 1
                StopWords.combine(lower, into: &hash)
            }
            scripts.latin += asciiLetters
            endWord(length: &length, hash: &hash)
            self.length = length
            self.hash = hash
        }

        private mutating func endWord(length: inout Int, hash: inout UInt64) {
            guard length > 0 else { return }
            self.length = length
            self.hash = hash
            endWord()
            length = 0
            hash = StopWords.offsetBasis
        }

        private mutating func endWord() {
            guard length > 0 else { return }
            words += 1
            if length <= 5, let hit = StopWords.table[hash] {
                for bit in 0..<StopWords.latinLanguages.count where hit.latin & (1 << bit) != 0 { latinHits[bit] += 1 }
                for bit in 0..<StopWords.cyrillicLanguages.count where hit.cyrillic & (1 << bit) != 0 {
                    cyrillicHits[bit] += 1
                }
            }
            length = 0
            hash = StopWords.offsetBasis
        }

        /// The scalar starting at `index` of valid UTF-8 and its width in bytes.
        private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
            let lead = UInt32(bytes[index])
            let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            guard index + width <= bytes.count else { return (0xFFFD, 1) }
            var scalar = lead & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
            for offset in 1..<width { scalar = scalar << 6 | UInt32(bytes[index + offset] & 0x3F) }
            return (scalar, width)
        }
    }
}
