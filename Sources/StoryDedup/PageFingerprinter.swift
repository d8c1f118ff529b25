public import NewswatchCore

/// Turns a page body's tokens into a `PageFingerprint`.
///
/// Works on the folded words the tokenizer already produced, so the daemon tokenises a
/// body once for topic matching and deduplication. Case, whitespace and punctuation never
/// reach the terms, so they never change a fingerprint.
public struct PageFingerprinter: Sendable {
    public init() {}

    /// Words per shingle: 4-grams are rare enough that two different articles share few of
    /// them, short enough that a changed word spoils only four.
    static let shingleWidth = 4

    public func fingerprint(body: TokenizedText) -> PageFingerprint {
        var content = StableHash()
        var window = SIMD4<UInt64>(repeating: 0)
        var filled = 0
        var bottom = BottomFour()
        // Each distinct word is hashed once; its repeats reuse the hash. The content hash
        // still reads every token's bytes, since it names the exact text.
        var termHashes = [UInt64](repeating: 0, count: body.words.count)
        var hashedWords = 0
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: PreciseSignature.binCount) { bins in
            bins.initialize(repeating: .max)
            for (index, token) in body.tokens.enumerated() {
                if index > 0 { content.combine(byte: 0x20) }
                let word = Int(token.word)
                body.words.withBytes(of: word) { bytes in
                    for byte in bytes { content.combine(byte: byte) }
                    if word == hashedWords {
                        // Words are numbered in order of first occurrence.
                        var term = StableHash()
                        for byte in bytes { term.combine(byte: byte) }
                        termHashes[word] = term.value
                        hashedWords += 1
                    }
                }
                window = SIMD4(window.y, window.z, window.w, termHashes[word])
                filled += 1
                if filled >= Self.shingleWidth {
                    Self.add(shingle: Self.shingle(window), to: bins, bottom: &bottom)
                }
            }
            if filled > 0 && filled < Self.shingleWidth {
                // A body shorter than one shingle is one shingle of all its words.
                Self.add(shingle: Self.shingle(window), to: bins, bottom: &bottom)
            }
            let contentID = content.value
            return PageFingerprint(
                contentID: contentID,
                signature: Self.signature(fineBins: bins, contentID: contentID),
                keys: bottom.keys(padding: contentID),
                precise: Self.preciseSignature(bins: bins, contentID: contentID)
            )
        }
    }

    @inline(__always)
    static func shingle(_ window: SIMD4<UInt64>) -> UInt64 {
        // Distinct odd multipliers keep the order of the words in the hash.
        mix(
            window.x &* 0x9E37_79B9_7F4A_7C15 &+ window.y &* 0xC2B2_AE3D_27D4_EB4F
                &+ window.z &* 0x1656_67B1_9E37_79F9 &+ window.w
        )
    }

    /// Files a shingle in its precise bin (its top 8 bits) under the other 56 bits. The
    /// coarse signature's 64 bins are groups of four precise bins (the top 6 bits), so both
    /// come from one pass.
    @inline(__always)
    static func add(shingle: UInt64, to bins: UnsafeMutableBufferPointer<UInt64>, bottom: inout BottomFour) {
        let bin = Int(truncatingIfNeeded: shingle >> 56)
        let value = shingle & 0x00FF_FFFF_FFFF_FFFF
        if value < bins[bin] { bins[bin] = value }
        bottom.offer(shingle)
    }

    /// The 64-bin signature: each coarse bin holds the smallest of its shingles below the top
    /// 6 bits (the first filled of its four precise bins, with the two bits that tell them
    /// apart on top), two bits of which are kept.
    static func signature(fineBins: UnsafeMutableBufferPointer<UInt64>, contentID: UInt64) -> SIMD2<UInt64> {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: PageFingerprint.binCount) { bins in
            for bin in 0..<PageFingerprint.binCount {
                bins[bin] = .max
                for quarter in 0..<4 where fineBins[bin * 4 + quarter] != .max {
                    bins[bin] = UInt64(quarter) << 56 | fineBins[bin * 4 + quarter]
                    break
                }
            }
            var words = SIMD2<UInt64>(0, 0)
            densify(bins, contentID: contentID) { bin, value in
                words[bin / 32] |= (mix(value) & 3) << UInt64((bin % 32) * 2)
            }
            return words
        }
    }

    /// The precise signature: one byte of each of the 256 bins.
    static func preciseSignature(bins: UnsafeMutableBufferPointer<UInt64>, contentID: UInt64) -> PreciseSignature {
        var codes = [UInt8](repeating: 0, count: PreciseSignature.binCount)
        densify(bins, contentID: contentID) { bin, value in
            codes[bin] = UInt8(truncatingIfNeeded: mix(value) >> 56)
        }
        return PreciseSignature(codes: codes)!
    }

    /// Calls `code` with each bin's value; empty bins borrow the next filled bin's value,
    /// shifted by the distance, so short bodies still compare bin by bin ("rotation"
    /// densification). A body without shingles gets values from its content id.
    @inline(__always)
    static func densify(_ bins: UnsafeMutableBufferPointer<UInt64>, contentID: UInt64, code: (Int, UInt64) -> Void) {
        let count = bins.count
        guard bins.contains(where: { $0 != .max }) else {
            for bin in 0..<count { code(bin, contentID &+ UInt64(bin)) }
            return
        }
        // Walks twice round the circle backwards, so every empty bin has seen the filled bin
        // after it; bins are coded on the second round.
        var nextFilled = 0
        for position in stride(from: 2 * count - 1, through: 0, by: -1) {
            let bin = position % count
            if bins[bin] != .max {
                nextFilled = position
                if position < count { code(bin, bins[bin]) }
            } else if position < count {
                let distance = nextFilled - position
                code(bin, bins[nextFilled % count] &+ UInt64(distance) &* 0x9E37_79B9_7F4A_7C15)
            }
        }
    }

    /// The murmur3 64-bit finaliser, shared with `StableHash`.
    @inline(__always)
    static func mix(_ input: UInt64) -> UInt64 { StableHash.mix(input) }
}

/// The four smallest distinct shingle hashes seen so far.
struct BottomFour {
    var values = SIMD4<UInt64>(repeating: .max)
    var count = 0

    @inline(__always)
    mutating func offer(_ value: UInt64) {
        guard value < values.w else { return }
        if value == values.x || value == values.y || value == values.z { return }
        // Insertion into a sorted four-element list.
        if value < values.x {
            values = SIMD4(value, values.x, values.y, values.z)
        } else if value < values.y {
            values = SIMD4(values.x, value, values.y, values.z)
        } else if value < values.z {
            values = SIMD4(values.x, values.y, value, values.z)
        } else {
            values.w = value
        }
        count = min(count + 1, 4)
    }

    /// Lookup keys: the smallest hashes re-mixed so their high bits are uniform (the index
    /// buckets by high bits); a body with fewer than four shingles pads with content-id keys.
    func keys(padding contentID: UInt64) -> SIMD4<UInt64> {
        var keys = SIMD4<UInt64>(repeating: 0)
        for lane in 0..<4 {
            let source = lane < count ? values[lane] : contentID &+ UInt64(lane) &* 0xA076_1D64_78BD_642F
            keys[lane] = PageFingerprinter.mix(source ^ 0x2545_F491_4F6C_DD1D)
        }
        return keys
    }
}
