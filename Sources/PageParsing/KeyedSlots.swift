/// A fixed open-addressing table from non-zero 64-bit keys (packed names, word hashes)
/// to small values: one multiply and a probe or two per look-up, where a `Dictionary`
/// runs SipHash over every key in the parser's hottest loops.
struct KeyedSlots<Value: Sendable>: Sendable {
    private var keys: [UInt64]
    private var values: [Value]
    private let shift: UInt64
    private let mask: Int
    private let missing: Value

    /// A table for up to `capacity / 2` keys; `capacity` is rounded up to a power of two.
    init(capacity: Int, missing: Value) {
        var size = 16
        var bits: UInt64 = 4
        while size < capacity {
            size *= 2
            bits += 1
        }
        keys = [UInt64](repeating: 0, count: size)
        values = [Value](repeating: missing, count: size)
        shift = 64 - bits
        mask = size - 1
        self.missing = missing
    }

    private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    /// Sets the value of `key`, replacing any earlier one.
    mutating func set(_ value: Value, for key: UInt64) {
        var slot = slot(key)
        while keys[slot] != 0, keys[slot] != key { slot = (slot + 1) & mask }
        keys[slot] = key
        values[slot] = value
    }

    func value(for key: UInt64) -> Value {
        var slot = slot(key)
        while keys[slot] != 0 {
            if keys[slot] == key { return values[slot] }
            slot = (slot + 1) & mask
        }
        return missing
    }
}
