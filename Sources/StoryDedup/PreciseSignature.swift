/// A finer sketch of a body's word 4-grams, for confirming a candidate near a threshold.
///
/// 256 one-permutation MinHash bins of one byte each. The 64 two-bit bins a page keeps in
/// RAM estimate a similarity with a standard error of about 0.08 near the update threshold,
/// so among the many candidates a site's shared sign-off brings, some unrelated page (true
/// similarity 0.03) now and then estimates above 0.3. Here the error is about 0.03 near 0.3
/// and 0.01 near 0.03, and bytes agree by chance once in 256, so a verdict decided on this
/// signature is never one such noise makes. It is stored beside each page (256 bytes) and
/// read back only for the few candidates a verdict hangs on.
public struct PreciseSignature: Sendable, Hashable {
    /// One code per bin; bin `i` holds a byte of the smallest 4-gram hash in the `i`-th 256th
    /// of the hash range.
    public let codes: [UInt8]

    /// Number of bins (and bytes).
    public static let binCount = 256

    /// A signature from its stored bytes; nil unless there are exactly `binCount` of them.
    public init?(codes: [UInt8]) {
        guard codes.count == Self.binCount else { return nil }
        self.codes = codes
    }

    /// Estimated Jaccard similarity of two bodies' 4-gram sets: the share of equal bins,
    /// corrected for the one in 256 that agree by chance.
    public func similarity(to other: PreciseSignature) -> Double {
        var agreeing = 0
        codes.withUnsafeBufferPointer { mine in
            other.codes.withUnsafeBufferPointer { theirs in
                for bin in 0..<Self.binCount where mine[bin] == theirs[bin] { agreeing += 1 }
            }
        }
        let chance = 1 / Double(Self.binCount)
        return max(0, (Double(agreeing) / Double(Self.binCount) - chance) / (1 - chance))
    }
}
