/// Counts the high bits of many words without a population count: the baseline x86-64
/// target has no such instruction, so `nonzeroBitCount` costs a dozen instructions a word,
/// more than the rest of a word-at-a-time scan. Each byte lane adds up its own bit instead,
/// and the lanes are summed when the count is read.
struct HighBitTally {
    private var lanes: UInt64 = 0
    private var pending = 0
    private var summed = 0

    /// Adds the high bits of `marks`, which has no other bit set.
    @inline(__always)
    mutating func add(_ marks: UInt64) {
        lanes &+= marks >> 7
        pending += 1
        // A lane holds 255 at most.
        if pending == 255 { sumLanes() }
    }

    /// The high bits added so far.
    @inline(__always)
    mutating func count() -> Int {
        sumLanes()
        return summed
    }

    @inline(__always)
    private mutating func sumLanes() {
        let pairs = (lanes & 0x00FF_00FF_00FF_00FF) &+ (lanes >> 8 & 0x00FF_00FF_00FF_00FF)
        summed += Int(truncatingIfNeeded: (pairs &* 0x0001_0001_0001_0001) >> 48)
        lanes = 0
        pending = 0
    }
}
