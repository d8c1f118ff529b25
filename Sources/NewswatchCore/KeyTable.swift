/// A map from 64-bit word keys to `Int32`, open-addressed.
///
/// The keys are already well-mixed hashes, so the table uses their low bits directly
/// instead of hashing them again as `Dictionary` does; lookups are the hottest operation
/// of matching and tokenising, so the methods are inlinable into both.
public struct KeyTable: Sendable {
    @usableFromInline var keys: [UInt64]
    @usableFromInline var values: [Int32]
    @usableFromInline var mask: Int
    @usableFromInline var filled = 0
    /// How many keys are stored.
    public var count: Int { filled }

    /// 0 marks an empty slot; a real key 0 is stored as this stand-in.
    @usableFromInline static let zeroStandIn: UInt64 = 0x9E37_79B9_7F4A_7C15

    public init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    @inlinable @inline(__always)
    static func stored(_ key: UInt64) -> UInt64 { key == 0 ? zeroStandIn : key }

    @inlinable @inline(__always)
    public func value(for key: UInt64) -> Int32? {
        let key = Self.stored(key)
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let found = keys[slot]
            if found == key { return values[slot] }
            if found == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }

    /// Stores `value` for `key` and returns the value it replaces.
    @inlinable @discardableResult
    public mutating func update(_ value: Int32, for key: UInt64) -> Int32? {
        let (slot, isNew) = claim(key)
        let old = isNew ? nil : values[slot]
        values[slot] = value
        return old
    }

    /// Stores `value` for `key` unless the key is there; returns the value already stored.
    @inlinable @inline(__always)
    public mutating func insert(_ value: Int32, for key: UInt64) -> Int32? {
        let (slot, isNew) = claim(key)
        guard isNew else { return values[slot] }
        values[slot] = value
        return nil
    }

    /// The slot holding `key`, taken for it when it was not there (growing first if needed).
    @inlinable @inline(__always)
    mutating func claim(_ key: UInt64) -> (slot: Int, isNew: Bool) {
        if (filled + 1) * 2 > keys.count { grow() }
        let key = Self.stored(key)
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let found = keys[slot]
            if found == key { return (slot, false) }
            if found == 0 {
                keys[slot] = key
                filled += 1
                return (slot, true)
            }
            slot = (slot + 1) & mask
        }
    }

    @usableFromInline
    mutating func grow() {
        var larger = KeyTable(capacity: keys.count)
        for (slot, key) in keys.enumerated() where key != 0 {
            larger.update(values[slot], for: key == Self.zeroStandIn ? 0 : key)
        }
        self = larger
    }
}
