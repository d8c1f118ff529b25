import NewswatchCore

/// Remembers the article text taken so far by its word 4-grams, to find paragraphs that
/// repeat it: a hidden copy of the body that text browsers render (a `noscript` or
/// `display: none` block, a print version), whole or with its paragraphs run together.
///
/// The 4-grams go into a bit set, so a paragraph costs one pass over its bytes; a new
/// paragraph's 4-grams are rarely all present by chance.
struct BodyEcho {
    /// 16,384 bits: a body of 1,000 words fills about 6 % of them.
    private var bits = [UInt64](repeating: 0, count: 256)
    /// Hashes of the whole paragraphs taken.
    private var paragraphs: Set<UInt64> = []

    /// Share of a paragraph's 4-grams the body must hold already for it to be a repeat.
    static let repeatShare = 0.97

    /// What a paragraph is to the body taken so far.
    enum Verdict {
        case new
        /// A paragraph taken before, byte for byte.
        case duplicate
        /// Text the body already holds, in other paragraphs or with other words around it.
        case repeated
    }

    /// Judges `text` (words separated by spaces) and takes it into the body unless repeated.
    mutating func take(_ text: UnsafeBufferPointer<UInt8>) -> Verdict {
        var shingles: [Int] = []
        shingles.reserveCapacity(text.count / 5)
        var window: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var words = 0
        var word = StableHash()
        var whole = StableHash()
        var inWord = false
        for index in 0...text.count {
            let byte = index < text.count ? text[index] : 0x20
            whole.combine(byte: byte)
            if byte != 0x20 {
                word.combine(byte: byte)
                inWord = true
                continue
            }
            guard inWord else { continue }
            let hash = word.value
            words += 1
            if words >= 4 {
                let shingle = window.0 ^ (window.1 << 1 | window.1 >> 63) ^ (window.2 << 2 | window.2 >> 62)
                    ^ (hash << 3 | hash >> 61)
                shingles.append(Int(truncatingIfNeeded: StableHash.mix(shingle) >> 50))
            }
            window = (window.1, window.2, hash)
            word = StableHash()
            inWord = false
        }
        let paragraph = whole.value
        var present = 0
        for bit in shingles where bits[bit >> 6] & (1 << UInt64(bit & 63)) != 0 { present += 1 }
        if paragraphs.contains(paragraph) { return .duplicate }
        if shingles.count >= 4 && Double(present) >= Self.repeatShare * Double(shingles.count) { return .repeated }
        for bit in shingles { bits[bit >> 6] |= 1 << UInt64(bit & 63) }
        paragraphs.insert(paragraph)
        return .new
    }
}
