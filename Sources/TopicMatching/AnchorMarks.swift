/// Which anchor passes each topic has met on one page, and which topics were touched.
struct AnchorMarks {
    /// Per topic: a bit per anchor pass met.
    private(set) var met: [UInt8]
    /// Topics with at least one pass met, in the order first met.
    private(set) var touched: [Int32] = []

    init(topicCount: Int) {
        met = [UInt8](repeating: 0, count: topicCount)
    }

    /// Marks an index entry (topic × 2 + pass) as met.
    @inline(__always)
    mutating func mark(_ entry: Int32) {
        let topic = Int(entry >> 1)
        if met[topic] == 0 { touched.append(Int32(topic)) }
        met[topic] |= 1 << UInt8(entry & 1)
    }
}
