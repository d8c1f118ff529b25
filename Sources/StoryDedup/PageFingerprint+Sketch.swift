/// The fingerprint's stored form: everything but the content id in 48 little-endian bytes.
extension PageFingerprint {
    /// Bytes of `sketch`: the signature's two words, then the four keys.
    public static let sketchByteCount = 48

    /// The signature and keys as 48 little-endian bytes, for a database BLOB.
    public var sketch: [UInt8] {
        var bytes = [UInt8](repeating: 0, count: Self.sketchByteCount)
        let words = [signature.x, signature.y, keys.x, keys.y, keys.z, keys.w]
        bytes.withUnsafeMutableBytes { buffer in
            for (index, word) in words.enumerated() {
                buffer.storeBytes(of: word.littleEndian, toByteOffset: index * 8, as: UInt64.self)
            }
        }
        return bytes
    }

    /// A fingerprint from its content id and stored sketch; nil unless `sketch` holds
    /// exactly `sketchByteCount` bytes.
    public init?(contentID: UInt64, sketch: UnsafeRawBufferPointer) {
        guard sketch.count == Self.sketchByteCount else { return nil }
        func word(_ index: Int) -> UInt64 {
            UInt64(littleEndian: sketch.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
        }
        self.init(
            contentID: contentID,
            signature: SIMD2(word(0), word(1)),
            keys: SIMD4(word(2), word(3), word(4), word(5))
        )
    }
}
