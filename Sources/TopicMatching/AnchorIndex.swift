import NewswatchCore

/// Anchor key → the entries anchored on it (the topic set stores topic × 2 + anchor pass), as one flat list per key.
struct AnchorIndex: Sendable {
    private var slots: KeyTable
    /// `starts[slot]..<starts[slot + 1]` are the slot's topics in `topics`.
    private var starts: [Int32] = [0]
    private var topics: [Int32] = []
    /// One bit per value of a key's top 18 bits, set for the anchors: most words of a page
    /// anchor no topic, and this 32 KiB filter says so without probing the larger table.
    private var filter = [UInt64](repeating: 0, count: 1 << 12)

    init(_ pairs: [(key: UInt64, topic: Int32)]) {
        slots = KeyTable(capacity: pairs.count)
        let sorted = pairs.sorted { $0.key != $1.key ? $0.key < $1.key : $0.topic < $1.topic }
        var index = 0
        while index < sorted.count {
            let key = sorted[index].key
            slots.update(Int32(starts.count - 1), for: key)
            filter[Int(key >> 52)] |= 1 << ((key >> 46) & 63)
            while index < sorted.count, sorted[index].key == key {
                if topics.last != sorted[index].topic || Int32(topics.count) == starts[starts.count - 1] {
                    topics.append(sorted[index].topic)
                }
                index += 1
            }
            starts.append(Int32(topics.count))
        }
    }

    var isEmpty: Bool { topics.isEmpty }

    /// The places in `entries` of the entries anchored on `key` (empty when none).
    @inline(__always)
    func entries(of key: UInt64) -> Range<Int> {
        guard filter[Int(key >> 52)] & (1 << ((key >> 46) & 63)) != 0, let slot = slots.value(for: key) else {
            return 0..<0
        }
        return Int(starts[Int(slot)])..<Int(starts[Int(slot) + 1])
    }

    @inline(__always)
    func entry(at index: Int) -> Int32 { topics[index] }
}
