/// Where each word key occurs in a page: a chain of positions per key, latest first.
///
/// One dictionary and one array for the whole page, so building it allocates no array
/// per word.
struct Postings: Sendable {
    /// Key → its last position.
    private(set) var heads: [UInt64: Int32]
    /// Position → the previous position with the same key, or -1.
    private(set) var previous: [Int32]

    init(keys: [UInt64]) {
        heads = Dictionary(minimumCapacity: keys.count / 2)
        previous = [Int32](repeating: -1, count: keys.count)
        for (position, key) in keys.enumerated() {
            let position = Int32(position)
            if let last = heads.updateValue(position, forKey: key) {
                previous[Int(position)] = last
            }
        }
    }

    func contains(_ key: UInt64) -> Bool { heads[key] != nil }

    /// Calls `body` with each position of `key`, last first, until it returns false.
    @inline(__always)
    func forEachPosition(of key: UInt64, _ body: (Int) -> Bool) {
        var position = heads[key] ?? -1
        while position >= 0 {
            guard body(Int(position)) else { return }
            position = previous[Int(position)]
        }
    }
}
