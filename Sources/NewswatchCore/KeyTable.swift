/// A map from 64-bit word keys to `Int32`, open-addressed.
///
/// The keys are already well-mixed hashes, so the table uses their low bits directly
/// instead of hashing them again as `Dictionary` does; lookups are the hottest operation
/// of matching and tokenising, so the methods are inlinable into both. A slot's key and
/// value sit side by side, so a look-up that finds its key touches one cache line (a
/// large page's table does not fit the first-level cache).
public struct KeyTable: Sendable {
    /// Slot `s` is `slots[2s]` (the key) and `slots[2s + 1]` (the value).
    @usableFromInline var slots: [UInt64]
    @usableFromInline var mask: Int
    @usableFromInline var filled = 0
    /// How many keys are stored.
    public var count: Int { filled }

    /// 0 marks an empty slot; a real key 0 is stored as this stand-in.
    @usableFromInline static let zeroStandIn: UInt64 = 0x9E37_79B9_7F4A_7C15

    public init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size * 2)
        mask = size - 1
    }

    @inlinable @inline(__always)
    static func stored(_ key: UInt64) -> UInt64 { key == 0 ? zeroStandIn : key }

    @inlinable @inline(__always)
    public func value(for key: UInt64) -> Int32? {
        let key = Self.stored(key)
        var slot = Int(truncatingIfNeeded: key) & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let found = slots[2 &* slot]
                if found == key { return Int32(truncatingIfNeeded: slots[2 &* slot &+ 1]) }
                if found == 0 { return nil }
                slot = (slot &+ 1) & mask
            }
        }
    }

    /// Stores `value` for `key` and returns the value it replaces.
    @inlinable @discardableResult
    public mutating func update(_ value: Int32, for key: UInt64) -> Int32? {
        let (slot, isNew) = claim(key, valueIfNew: value)
        let old = isNew ? nil : Int32(truncatingIfNeeded: slots[2 * slot + 1])
        slots[2 * slot + 1] = UInt64(truncatingIfNeeded: value)
        return old
    }

    /// Stores `value` for `key` unless the key is there; returns the value already stored.
    @inlinable @inline(__always)
    public mutating func insert(_ value: Int32, for key: UInt64) -> Int32? {
        let (slot, isNew) = claim(key, valueIfNew: value)
        return isNew ? nil : Int32(truncatingIfNeeded: slots[2 &* slot &+ 1])
    }

    /// The slot holding `key`, taken for it with `valueIfNew` when it was not there (growing
    /// first if needed).
    @inlinable @inline(__always)
    mutating func claim(_ key: UInt64, valueIfNew: Int32) -> (slot: Int, isNew: Bool) {
        if (filled + 1) * 4 > slots.count { grow() }
        let key = Self.stored(key)
        let mask = mask
        let claimed: (slot: Int, isNew: Bool) = slots.withUnsafeMutableBufferPointer { slots in
            var slot = Int(truncatingIfNeeded: key) & mask
            while true {
                let found = slots[2 &* slot]
                if found == key { return (slot, false) }
                if found == 0 {
                    slots[2 &* slot] = key
                    slots[2 &* slot &+ 1] = UInt64(truncatingIfNeeded: valueIfNew)
                    return (slot, true)
                }
                slot = (slot &+ 1) & mask
            }
        }
        if claimed.isNew { filled += 1 }
        return claimed
    }

    @usableFromInline
    mutating func grow() {
        var larger = KeyTable(capacity: slots.count / 2)
        for slot in 0...mask where slots[2 * slot] != 0 {
            let key = slots[2 * slot]
            larger.update(Int32(truncatingIfNeeded: slots[2 * slot + 1]), for: key == Self.zeroStandIn ? 0 : key)
        }
        self = larger
    }
}
