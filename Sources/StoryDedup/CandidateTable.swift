/// A lossy multimap from 64-bit lookup keys to page records, 4 bytes a slot.
///
/// Buckets of `width` 32-bit slots; a key's bucket is its top `bucketBits` bits and each
/// slot keeps the next 7 key bits as a tag beside the record number, so a lookup reads one
/// bucket (one or two cache lines) whatever the number of pages. Keys themselves are not
/// kept: growing widens buckets or splits each bucket in two by the tag's top bit, and
/// pruning renumbers records in place, so neither needs the keys back.
///
/// A full bucket drops its oldest record, and no key keeps more than `perKeyLimit` records
/// in a bucket, so a 4-gram every page of a site shares (left-in furniture, stock phrases)
/// costs a bounded scan and cannot push other keys out.
struct CandidateTable: Sendable {
    private(set) var slots: [UInt32]
    private(set) var bucketBits: Int
    private(set) var width: Int
    /// How many of the 7 tag bits are still known; each split uses one up.
    private(set) var tagBits: Int
    private(set) var entries = 0

    static let recordBits: UInt32 = 25
    static let recordMask: UInt32 = (1 << recordBits) - 1
    /// The largest record number a slot can hold.
    static let maximumRecords = Int(recordMask) - 1
    static let fullTagBits = 7
    static let perKeyLimit = 4
    static let maximumFill = 0.9
    static let widestBucket = 16

    /// A table sized for `expectedEntries` at about 85 % fill.
    init(expectedEntries: Int) {
        var bits = 4
        while (1 << bits) * 12 * 85 / 100 < expectedEntries { bits += 1 }
        let buckets = 1 << bits
        width = max(6, min(12, (expectedEntries * 100 / 85 + buckets - 1) / buckets))
        bucketBits = bits
        tagBits = Self.fullTagBits
        slots = [UInt32](repeating: 0, count: buckets * width)
    }

    var capacity: Int { slots.count }
    var memoryFootprint: Int { slots.capacity * MemoryLayout<UInt32>.stride }

    @inline(__always)
    private func locate(_ key: UInt64) -> (bucket: Int, tag: UInt32) {
        let bucket = Int(truncatingIfNeeded: key >> UInt64(64 - bucketBits))
        let fullTag = UInt32(truncatingIfNeeded: (key >> UInt64(64 - bucketBits - Self.fullTagBits)) & 0x7F)
        return (bucket, fullTag & Self.tagMask(tagBits))
    }

    @inline(__always)
    private static func tagMask(_ bits: Int) -> UInt32 {
        (0x7F << UInt32(Self.fullTagBits - bits)) & 0x7F
    }

    /// Calls `visit` with every record filed under a key with `key`'s bucket and tag.
    @inline(__always)
    func forEachRecord(under key: UInt64, _ visit: (Int) -> Void) {
        let (bucket, tag) = locate(key)
        let start = bucket * width
        for index in start..<(start + width) {
            let slot = slots[index]
            if slot != 0 && slot >> Self.recordBits == tag {
                visit(Int(slot & Self.recordMask) - 1)
            }
        }
    }

    /// Files `record` under `key`, dropping the oldest record of a full bucket.
    mutating func insert(key: UInt64, record: Int) {
        let (bucket, tag) = locate(key)
        let value = (tag << Self.recordBits) | UInt32(record + 1)
        let start = bucket * width
        var empty = -1
        var oldest = -1
        var oldestSameKey = -1
        var sameKey = 0
        for index in start..<(start + width) {
            let slot = slots[index]
            if slot == 0 {
                if empty < 0 { empty = index }
                continue
            }
            if oldest < 0 || slot & Self.recordMask < slots[oldest] & Self.recordMask { oldest = index }
            if slot >> Self.recordBits == tag {
                sameKey += 1
                if oldestSameKey < 0 || slot & Self.recordMask < slots[oldestSameKey] & Self.recordMask {
                    oldestSameKey = index
                }
            }
        }
        if sameKey >= Self.perKeyLimit {
            slots[oldestSameKey] = value
        } else if empty >= 0 {
            slots[empty] = value
            entries += 1
            if Double(entries) > Double(slots.count) * Self.maximumFill { grow() }
        } else {
            slots[oldest] = value
        }
    }

    /// Renumbers records after pruning: `renumber` gives a record's new number or nil if
    /// it is gone. Live slots move to the front of their bucket.
    mutating func renumber(_ renumber: (Int) -> Int?) {
        entries = 0
        for bucket in 0..<(slots.count / width) {
            var write = bucket * width
            for read in (bucket * width)..<((bucket + 1) * width) {
                let slot = slots[read]
                slots[read] = 0
                guard slot != 0, let record = renumber(Int(slot & Self.recordMask) - 1) else { continue }
                slots[write] = (slot & ~Self.recordMask) | UInt32(record + 1)
                write += 1
                entries += 1
            }
        }
    }

    /// Widens every bucket by one slot, or splits every bucket in two once buckets are
    /// wide and tag bits remain to tell the halves apart.
    private mutating func grow() {
        let buckets = slots.count / width
        if width >= Self.widestBucket && tagBits > 0 {
            let newWidth = 10
            var grown = [UInt32](repeating: 0, count: buckets * 2 * newWidth)
            var used = [Int](repeating: 0, count: buckets * 2)
            let newMask = Self.tagMask(tagBits - 1)
            entries = 0
            for bucket in 0..<buckets {
                for index in (bucket * width)..<((bucket + 1) * width) {
                    let slot = slots[index]
                    guard slot != 0 else { continue }
                    let tag = slot >> Self.recordBits
                    let target = bucket * 2 + Int(tag >> 6)
                    // Rare: a half that overflows drops its remaining records.
                    guard used[target] < newWidth else { continue }
                    let newTag = (tag << 1) & newMask
                    grown[target * newWidth + used[target]] = (newTag << Self.recordBits) | (slot & Self.recordMask)
                    used[target] += 1
                    entries += 1
                }
            }
            slots = grown
            width = newWidth
            bucketBits += 1
            tagBits -= 1
        } else {
            let newWidth = width + 1
            var grown = [UInt32](repeating: 0, count: buckets * newWidth)
            for bucket in 0..<buckets {
                for offset in 0..<width {
                    grown[bucket * newWidth + offset] = slots[bucket * width + offset]
                }
            }
            slots = grown
            width = newWidth
        }
    }
}
