/// A multimap from 64-bit lookup keys to page records, 4 bytes a slot, that never drops a
/// record to make room.
///
/// Buckets of `width` 32-bit slots. A key may be filed in two buckets: its home bucket (the
/// key's top `bucketBits` bits) or a partner bucket derived from the home and the key's tag
/// (the next `tagBits` bits), whichever holds fewer records. Two choices keep the fullest
/// bucket close to the mean, so the table fills to about 85 % before any key finds both of
/// its buckets full; that overflow grows the table, and so does 90 % overall fill. A lookup
/// reads two buckets whatever the number of pages.
///
/// A slot holds the record number, the tag, and whether it sits in the partner bucket. Keys
/// themselves are not kept: growing widens every bucket, or doubles the buckets and takes
/// each record's new home bit from its tag, and pruning renumbers records in place, so
/// neither needs the keys back. Each doubling uses up a tag bit; a table loaded at start is
/// sized for its pages with every tag bit left.
///
/// One bound is deliberate and does not depend on how full the table is: a key filed under
/// `perKeyLimit` records keeps the newest of them. A 4-gram that many pages share (left-in
/// furniture, a site's sign-off) says nothing about which story a page belongs to, and
/// without the bound every page of a site would scan every other page.
struct CandidateTable: Sendable {
    private(set) var slots: [UInt32]
    private(set) var bucketBits: Int
    private(set) var width: Int
    /// How many of the 7 tag bits are still known; each doubling uses one up.
    private(set) var tagBits: Int
    private(set) var entries = 0

    static let recordBits: UInt32 = 24
    static let recordMask: UInt32 = (1 << recordBits) - 1
    static let tagShift: UInt32 = recordBits
    static let partnerFlag: UInt32 = 1 << 31
    /// The largest number of records a slot can name.
    static let maximumRecords = Int(recordMask) - 1
    static let fullTagBits = 7
    static let perKeyLimit = 8
    static let maximumFill = 0.9
    /// Buckets are widened up to this many slots, then doubled in number.
    static let widestBucket = 24
    /// The width of each bucket right after the buckets are doubled.
    static let splitWidth = 14
    /// An empty table: 4,096 buckets of 8 slots (128 KiB), room for about 7,000 pages'
    /// keys before it first grows.
    static let startBucketBits = 12
    static let startWidth = 8

    /// A table sized for `expectedEntries` at about 80 % fill in buckets as wide as they go,
    /// never smaller than the start size.
    init(expectedEntries: Int) {
        let room = expectedEntries * 10 / 8
        var bits = Self.startBucketBits
        while (1 << bits) * Self.widestBucket < room { bits += 1 }
        let buckets = 1 << bits
        bucketBits = bits
        width = max(Self.startWidth, min(Self.widestBucket, (room + buckets - 1) / buckets))
        tagBits = Self.fullTagBits
        slots = [UInt32](repeating: 0, count: buckets * width)
    }

    var capacity: Int { slots.count }
    var memoryFootprint: Int { slots.capacity * MemoryLayout<UInt32>.stride }

    /// Where a key may be filed: its home bucket, its partner bucket and its tag (left-aligned
    /// in 7 bits, unknown low bits zero).
    @inline(__always)
    private func locate(_ key: UInt64) -> (home: Int, partner: Int, tag: UInt32) {
        let home = Int(truncatingIfNeeded: key >> UInt64(64 - bucketBits))
        let fullTag = UInt32(truncatingIfNeeded: (key >> UInt64(64 - bucketBits - Self.fullTagBits)) & 0x7F)
        let tag = fullTag & Self.tagMask(tagBits)
        return (home, partner(of: home, tag: tag), tag)
    }

    /// The other bucket of a key: its home XOR a non-zero offset drawn from the tag, so
    /// either bucket and the tag give the other.
    @inline(__always)
    private func partner(of bucket: Int, tag: UInt32) -> Int {
        let spread = (UInt64(tag) &+ 1) &* 0x9E37_79B9_7F4A_7C15
        return bucket ^ (Int(truncatingIfNeeded: spread >> UInt64(64 - bucketBits)) | 1)
    }

    @inline(__always)
    private static func tagMask(_ bits: Int) -> UInt32 {
        (0x7F << UInt32(Self.fullTagBits - bits)) & 0x7F
    }

    @inline(__always)
    private static func slotTag(_ slot: UInt32) -> UInt32 { (slot >> tagShift) & 0x7F }

    /// Calls `visit` with every record filed under a key with `key`'s home and tag.
    @inline(__always)
    func forEachRecord(under key: UInt64, _ visit: (Int) -> Void) {
        let (home, partner, tag) = locate(key)
        let wanted = tag << Self.tagShift
        scan(bucket: home, matching: wanted, visit)
        scan(bucket: partner, matching: wanted | Self.partnerFlag, visit)
    }

    @inline(__always)
    private func scan(bucket: Int, matching wanted: UInt32, _ visit: (Int) -> Void) {
        let start = bucket * width
        for index in start..<(start + width) {
            let slot = slots[index]
            if slot == 0 { break }
            if slot & ~Self.recordMask == wanted {
                visit(Int(slot & Self.recordMask) - 1)
            }
        }
    }

    /// Files `record` under `key`, growing the table when both of the key's buckets are full.
    mutating func insert(key: UInt64, record: Int) {
        precondition(record < Self.maximumRecords, "CandidateTable holds at most \(Self.maximumRecords) records")
        while true {
            let (home, partner, tag) = locate(key)
            let value = (tag << Self.tagShift) | UInt32(record + 1)
            let homeCount = occupancy(of: home, filing: value, flag: 0)
            let partnerCount = occupancy(of: partner, filing: value, flag: Self.partnerFlag)
            if homeCount.sameKey + partnerCount.sameKey >= Self.perKeyLimit {
                // The key is furniture: its newest records stay findable, in the same place.
                var oldest = homeCount.oldestSameKey
                let other = partnerCount.oldestSameKey
                if oldest < 0 || (other >= 0 && slots[other] & Self.recordMask < slots[oldest] & Self.recordMask) {
                    oldest = other
                }
                slots[oldest] = (slots[oldest] & ~Self.recordMask) | UInt32(record + 1)
                return
            }
            let target = homeCount.used <= partnerCount.used ? (home, 0) : (partner, Self.partnerFlag)
            if min(homeCount.used, partnerCount.used) < width {
                slots[target.0 * width + min(homeCount.used, partnerCount.used)] = value | target.1
                entries += 1
                if Double(entries) > Double(slots.count) * Self.maximumFill { grow() }
                return
            }
            grow()
        }
    }

    /// How many slots of `bucket` are used (live slots sit at the front of a bucket), how
    /// many of them hold `value`'s key filed with `flag`, and the oldest of those.
    @inline(__always)
    private func occupancy(of bucket: Int, filing value: UInt32, flag: UInt32)
        -> (used: Int, sameKey: Int, oldestSameKey: Int)
    {
        let wanted = (value & ~Self.recordMask) | flag
        let start = bucket * width
        var used = 0
        var sameKey = 0
        var oldest = -1
        for index in start..<(start + width) {
            let slot = slots[index]
            if slot == 0 { break }
            used += 1
            if slot & ~Self.recordMask == wanted {
                sameKey += 1
                if oldest < 0 || slot & Self.recordMask < slots[oldest] & Self.recordMask { oldest = index }
            }
        }
        return (used, sameKey, oldest)
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

    /// Widens every bucket by two slots, or doubles the buckets once they are wide and tag
    /// bits remain to tell the halves apart.
    private mutating func grow() {
        if width >= Self.widestBucket && tagBits > 0 {
            var newWidth = Self.splitWidth
            while !split(into: newWidth) { newWidth += 1 }
        } else {
            let newWidth = width + 2
            let buckets = slots.count / width
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

    /// Refiles every record into twice the buckets of `newWidth` slots; false (and nothing
    /// changed) if some key would find both its new buckets full.
    private mutating func split(into newWidth: Int) -> Bool {
        var grown = CandidateTable(slots: [], bucketBits: bucketBits + 1, width: newWidth, tagBits: tagBits - 1)
        grown.slots = [UInt32](repeating: 0, count: (1 << grown.bucketBits) * newWidth)
        var used = [UInt8](repeating: 0, count: 1 << grown.bucketBits)
        for bucket in 0..<(slots.count / width) {
            for index in (bucket * width)..<((bucket + 1) * width) {
                let slot = slots[index]
                if slot == 0 { break }
                let tag = Self.slotTag(slot)
                let home = slot & Self.partnerFlag == 0 ? bucket : partner(of: bucket, tag: tag)
                // The tag's top bit becomes the home's new low bit.
                let newHome = home * 2 + Int(tag >> 6)
                let newTag = (tag << 1) & Self.tagMask(grown.tagBits)
                let newPartner = grown.partner(of: newHome, tag: newTag)
                let (target, flag) = used[newHome] <= used[newPartner] ? (newHome, 0) : (newPartner, Self.partnerFlag)
                guard Int(used[target]) < newWidth else { return false }
                let moved = (newTag << Self.tagShift) | flag | (slot & Self.recordMask)
                grown.slots[target * newWidth + Int(used[target])] = moved
                used[target] += 1
            }
        }
        grown.entries = entries
        self = grown
        return true
    }

    private init(slots: [UInt32], bucketBits: Int, width: Int, tagBits: Int) {
        self.slots = slots
        self.bucketBits = bucketBits
        self.width = width
        self.tagBits = tagBits
    }
}
