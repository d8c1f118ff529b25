/// A 64-bit hash that is the same in every process and on every run.
///
/// Swift's `Hasher` is seeded per process, so it cannot name content in a database that
/// outlives the process. This is FNV-1a over the bytes followed by a murmur-style
/// finaliser so that short inputs still spread over all 64 bits.
public struct StableHash: Sendable {
    @usableFromInline var state: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    @inlinable
    public mutating func combine(byte: UInt8) {
        state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    public mutating func combine<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes { combine(byte: byte) }
    }

    public mutating func combine(_ string: String) {
        var copy = string
        copy.withUTF8 { buffer in
            for byte in buffer { combine(byte: byte) }
        }
    }

    /// The finished hash; `combine` may go on after it.
    public var value: UInt64 { Self.mix(state) }

    /// The murmur3 64-bit finaliser: spreads every input bit over the output.
    @inlinable
    public static func mix(_ input: UInt64) -> UInt64 {
        var x = input
        x ^= x >> 33
        x &*= 0xff51_afd7_ed55_8ccd
        x ^= x >> 33
        x &*= 0xc4ce_b9fe_1a85_ec53
        x ^= x >> 33
        return x
    }

    public static func of(_ string: String) -> UInt64 {
        var hash = StableHash()
        hash.combine(string)
        return hash.value
    }

    /// Sixteen lowercase hex digits, the form ids take in the journal and the database.
    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
