/// Finds the name a person probably meant: the "did you mean" of an unknown key or value.
enum NameSuggestion {
    /// The candidate closest to `name` when it is close enough to be a slip: at most one
    /// edit in short names, two in longer ones, after ignoring case and `-` for `_`.
    static func closest(to name: String, among candidates: [String]) -> String? {
        let written = normalized(name)
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(written, normalized(candidate))
            if distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let allowed = written.count <= 4 ? 1 : written.count <= 8 ? 2 : 3
        return best.distance <= allowed ? best.name : nil
    }

    private static func normalized(_ name: String) -> [Character] {
        Array(name.lowercased().map { $0 == "-" ? "_" : $0 })
    }

    /// Edits (insert, delete, replace, swap two neighbours) from `a` to `b`.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
