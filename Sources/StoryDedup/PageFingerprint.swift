/// A compact sketch of one page's body: what the story index stores and compares.
///
/// 56 bytes the index keeps in RAM: the content id, a 128-bit similarity signature (64
/// one-permutation MinHash bins of 2 bits each) and four lookup keys (the page's four
/// smallest word 4-gram hashes, re-mixed). Two bodies with Jaccard similarity J share a
/// lookup key with probability of about 1 − (1 − J)⁴ and agree on a signature bin with
/// probability J + (1 − J)/4. A freshly made fingerprint also carries the page's
/// `PreciseSignature`, which is stored, not kept in RAM.
public struct PageFingerprint: Sendable, Hashable {
    /// Stable hash of the normalised body: the tokens' folded terms joined by single spaces.
    public let contentID: UInt64
    /// 64 two-bit MinHash codes, bin `i` in bits `2(i % 32)` of word `i / 32`.
    public let signature: SIMD2<UInt64>
    /// Hashes of the body's four smallest 4-grams, used to find candidate pages.
    public let keys: SIMD4<UInt64>
    /// The finer signature that confirms a candidate near a threshold; nil for a fingerprint
    /// rebuilt from the index's stored sketch.
    public let precise: PreciseSignature?

    public init(contentID: UInt64, signature: SIMD2<UInt64>, keys: SIMD4<UInt64>, precise: PreciseSignature? = nil) {
        self.contentID = contentID
        self.signature = signature
        self.keys = keys
        self.precise = precise
    }

    /// Number of signature bins.
    public static let binCount = 64

    /// Estimated Jaccard similarity of two bodies' 4-gram sets, from their signatures.
    @inlinable
    public func similarity(to other: PageFingerprint) -> Double {
        Self.similarity(signature, other.signature)
    }

    /// Estimated Jaccard similarity from two signatures: the share of equal 2-bit codes,
    /// corrected for the quarter that agree by chance.
    @inlinable
    public static func similarity(_ a: SIMD2<UInt64>, _ b: SIMD2<UInt64>) -> Double {
        let lowBits: UInt64 = 0x5555_5555_5555_5555
        let x0 = a.x ^ b.x
        let x1 = a.y ^ b.y
        let differing = ((x0 | (x0 >> 1)) & lowBits).nonzeroBitCount + ((x1 | (x1 >> 1)) & lowBits).nonzeroBitCount
        let agreeing = Double(binCount - differing) / Double(binCount)
        return max(0, (agreeing - 0.25) / 0.75)
    }
}
