/// Remembers the article text taken so far by its word 4-grams, to find paragraphs that
/// repeat it: a hidden copy of the body that text browsers render (a `noscript` or
/// `display: none` block, a print version), whole or with its paragraphs run together.
///
/// The 4-grams go into a bit set, so a paragraph costs one pass over its bytes; a new
/// paragraph's 4-grams are rarely all present by chance. Paragraphs repeated word for word
/// are found by `fingerprint`, more cheaply.
struct BodyEcho {
    /// 16,384 bits: a body of 1,000 words fills about 6 % of them.
    private var bits = [UInt64](repeating: 0, count: 256)
    /// The bit of each 4-gram of the paragraph being judged, kept between calls.
    private var shingles: [Int] = []

    /// Share of a paragraph's 4-grams the body must hold already for it to be a repeat: a copy
    /// run together misses the 4-grams across the joins of its paragraphs.
    static let repeatShare = 0.9

    /// A hash of all of `text`, to find paragraphs repeated byte for byte.
    static func fingerprint(_ text: UnsafeBufferPointer<UInt8>) -> UInt64 {
        hash(text, 0..<text.count)
    }

    /// Whether `text` (words separated by spaces) repeats what the body holds already, in
    /// other paragraphs or with other words around it; if not, the body takes it.
    mutating func repeats(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        shingles.removeAll(keepingCapacity: true)
        var window: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var words = 0
        var index = 0
        let count = text.count
        while index < count {
            if text[index] == 0x20 {
                index += 1
                continue
            }
            let start = index
            while index < count && text[index] != 0x20 { index += 1 }
            let hash = Self.hash(text, start..<index)
            words += 1
            if words >= 4 {
                var shingle = window.0 ^ (window.1 << 1 | window.1 >> 63) ^ (window.2 << 2 | window.2 >> 62)
                shingle ^= hash << 3 | hash >> 61
                shingles.append(Int(truncatingIfNeeded: (shingle &* Self.golden) >> 50))
            }
            window = (window.1, window.2, hash)
        }
        var present = 0
        for bit in shingles where bits[bit >> 6] & (1 << UInt64(bit & 63)) != 0 { present += 1 }
        if shingles.count >= 4 && Double(present) >= Self.repeatShare * Double(shingles.count) { return true }
        for bit in shingles { bits[bit >> 6] |= 1 << UInt64(bit & 63) }
        return false
    }

    private static let golden: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// A hash of the bytes of `text[word]`, taken eight at a time.
    @inline(__always)
    private static func hash(_ text: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> UInt64 {
        let base = UnsafeRawPointer(text.baseAddress!)
        var hash = UInt64(word.count) &* golden
        var offset = word.lowerBound
        while offset + 8 <= word.upperBound {
            hash = (hash ^ base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* golden
            offset += 8
        }
        let rest = word.upperBound - offset
        if rest > 0 {
            var tail: UInt64
            if offset + 8 <= text.count {
                tail = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & (UInt64.max >> (64 - 8 * rest))
            } else {
                tail = 0
                for position in stride(from: word.upperBound - 1, through: offset, by: -1) {
                    tail = tail << 8 | UInt64(text[position])
                }
            }
            hash = (hash ^ tail) &* golden
        }
        return hash ^ hash >> 29
    }
}

extension BodyEcho {
    /// A set of fingerprints (hashes already) by open addressing: no hashing again, and no
    /// search through every paragraph taken.
    struct Fingerprints {
        private var slots: [UInt64]
        private let mask: Int

        /// A set for up to `capacity` fingerprints.
        init(capacity: Int) {
            var size = 16
            while size < 2 * capacity { size <<= 1 }
            slots = [UInt64](repeating: 0, count: size)
            mask = size - 1
        }

        /// Adds `fingerprint`; false when it was there already.
        mutating func insert(_ fingerprint: UInt64) -> Bool {
            let value = fingerprint == 0 ? 1 : fingerprint
            var slot = Int(truncatingIfNeeded: value >> 32) & mask
            while slots[slot] != 0 {
                if slots[slot] == value { return false }
                slot = (slot + 1) & mask
            }
            slots[slot] = value
            return true
        }
    }
}
