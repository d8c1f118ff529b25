/// Where each word key occurs in a page: a chain of positions per key, latest first.
///
/// One table and one array for the whole page, so building it allocates no array per word.
struct Postings: Sendable {
    /// Key → its last position.
    private var heads: KeyTable
    /// Position → the previous position with the same key, or -1.
    private var previous: [Int32]
    /// Each distinct key once, in order of first occurrence, with its last position.
    private(set) var distinct: [(key: UInt64, last: Int32)] = []

    init(keys: [UInt64]) {
        heads = KeyTable(capacity: keys.count / 2)
        previous = [Int32](repeating: -1, count: keys.count)
        var firstSeen: [Int32] = []
        for (position, key) in keys.enumerated() {
            let position = Int32(position)
            if let last = heads.update(position, for: key) {
                previous[Int(position)] = last
            } else {
                firstSeen.append(position)
            }
        }
        distinct = firstSeen.map { first in
            let key = keys[Int(first)]
            return (key, heads.value(for: key) ?? first)
        }
    }

    func contains(_ key: UInt64) -> Bool { heads.value(for: key) != nil }

    /// The last position of `key` whose field is in `scope`, or nil.
    @inline(__always)
    func lastPosition(of key: UInt64, in scope: FieldScope, fields: [FieldScope]) -> Int? {
        var position = Int(heads.value(for: key) ?? -1)
        while position >= 0 {
            if scope.contains(fields[position]) { return position }
            position = Int(previous[position])
        }
        return nil
    }

    /// Calls `body` with each position of `key`, last first, until it returns false.
    @inline(__always)
    func forEachPosition(of key: UInt64, _ body: (Int) -> Bool) {
        var position = heads.value(for: key) ?? -1
        while position >= 0 {
            guard body(Int(position)) else { return }
            position = previous[Int(position)]
        }
    }
}
