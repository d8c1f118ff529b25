/// The few candidates of a lookup worth confirming: the `capacity` best coarse estimates,
/// each record once, kept without allocating.
struct Shortlist {
    static let capacity = 8
    private var records = SIMD8<Int32>(repeating: -1)
    private var estimates = SIMD8<Double>(repeating: -1)
    private(set) var count = 0

    /// Keeps `record` if it is among the best estimates so far (ties: the older record).
    mutating func offer(record: Int, estimate: Double) {
        let record = Int32(record)
        for slot in 0..<count where records[slot] == record { return }
        var slot = count
        if count == Self.capacity {
            guard Self.precedes(record, estimate, records[count - 1], estimates[count - 1]) else { return }
            slot = count - 1
        } else {
            count += 1
        }
        // Insertion keeps the list in order, best first.
        while slot > 0 && Self.precedes(record, estimate, records[slot - 1], estimates[slot - 1]) {
            records[slot] = records[slot - 1]
            estimates[slot] = estimates[slot - 1]
            slot -= 1
        }
        records[slot] = record
        estimates[slot] = estimate
    }

    private static func precedes(_ record: Int32, _ estimate: Double, _ other: Int32, _ otherEstimate: Double) -> Bool {
        estimate > otherEstimate || (estimate == otherEstimate && record < other)
    }

    /// The `position`-th best candidate kept.
    subscript(position: Int) -> (record: Int, estimate: Double) {
        (Int(records[position]), estimates[position])
    }
}
