import NewswatchCore

/// Evaluates compiled topics against one page's words.
struct TopicEvaluation {
    let program: MatchProgram
    let document: MatchDocument
    let words: PageWords
    /// Prefix key → exact keys of the page words with that prefix (from the candidate scan).
    let prefixHits: [UInt64: [UInt64]]

    /// Whether the query rooted at step `index` matches the page.
    func matches(_ index: Int) -> Bool {
        let step = program.steps[index]
        switch step.kind {
        case .leaf:
            let leaf = program.leaves[Int(step.leaf)]
            if leaf.kind == .term {
                // Called on the stored postings, not a local copy: a copy retains its five arrays.
                let fields = document.fieldOfPosition
                let found =
                    leaf.usesForms
                    ? words.postings.lastPosition(of: leaf.key, in: leaf.fields, fields: fields)
                    : document.exactPostings.lastPosition(of: leaf.key, in: leaf.fields, fields: fields)
                return found != nil
            }
            var found = false
            visit(leaf) { _ in
                found = true
                return false
            }
            return found
        case .and:
            // Plain loops, not `forEachChild`: this runs for every candidate of every page.
            var child = index + 1
            while child < Int(step.end) {
                guard matches(child) else { return false }
                child = Int(program.steps[child].end)
            }
            return true
        case .or:
            var child = index + 1
            while child < Int(step.end) {
                if matches(child) { return true }
                child = Int(program.steps[child].end)
            }
            return false
        case .not:
            return !matches(index + 1)
        }
    }

    /// Positions of the words that made the match (leaves not under a negation) and the
    /// number of occurrences: a phrase occurrence counts once.
    func evidence(_ root: Int) -> (positions: [Int], hits: Int) {
        var positions: [Int] = []
        positions.reserveCapacity(16)
        var hits = 0
        collect(root, positive: true, into: &positions, hits: &hits)
        return (positions, hits)
    }

    /// Adds the evidence under step `index`. A method with inout parameters, not a nested
    /// function: captured variables were boxed on the heap and access-checked on every hit.
    private func collect(_ index: Int, positive: Bool, into positions: inout [Int], hits: inout Int) {
        let step = program.steps[index]
        switch step.kind {
        case .leaf:
            guard positive else { return }
            visit(program.leaves[Int(step.leaf)]) { occurrence in
                hits += 1
                occurrence.append(to: &positions)
                return true
            }
        case .and, .or:
            var child = index + 1
            while child < Int(step.end) {
                collect(child, positive: positive, into: &positions, hits: &hits)
                child = Int(program.steps[child].end)
            }
        case .not:
            collect(index + 1, positive: !positive, into: &positions, hits: &hits)
        }
    }

    /// Calls `body` with the positions of each occurrence of `leaf` until it returns false.
    private func visit(_ leaf: MatchLeaf, _ body: (Occurrence) -> Bool) {
        // Passed on, not copied into a local: a copy retains and releases the postings' five
        // arrays, for every leaf of every candidate.
        if leaf.usesForms {
            visit(leaf, postings: words.postings, pageKeys: words.keys, body)
        } else {
            visit(leaf, postings: document.exactPostings, pageKeys: document.exactKeys, body)
        }
    }

    private func visit(_ leaf: MatchLeaf, postings: Postings, pageKeys: [UInt64], _ body: (Occurrence) -> Bool) {
        switch leaf.kind {
        case .term:
            postings.forEachPosition(of: leaf.key) { position in
                guard leaf.fields.contains(document.field(at: position)) else { return true }
                return body(.run(position, count: 1))
            }
        case .prefix:
            for wordKey in prefixHits[leaf.key] ?? [] {
                var goOn = true
                document.exactPostings.forEachPosition(of: wordKey) { position in
                    guard leaf.fields.contains(document.field(at: position)) else { return true }
                    goOn = body(.run(position, count: 1))
                    return goOn
                }
                if !goOn { return }
            }
        case .phrase:
            let keys = program.words(of: leaf)
            if leaf.slop == 0 {
                visitExactPhrase(keys, leaf: leaf, postings: postings, pageKeys: pageKeys, body)
            } else {
                visitSloppyPhrase(keys, slop: Int(leaf.slop), leaf: leaf, postings: postings, body)
            }
        }
    }

    private func visitExactPhrase(
        _ keys: ArraySlice<UInt64>, leaf: MatchLeaf, postings: Postings, pageKeys: [UInt64],
        _ body: (Occurrence) -> Bool
    ) {
        let segments = document.segmentOfPosition
        postings.forEachPosition(of: keys[keys.startIndex]) { start in
            guard start + keys.count <= pageKeys.count, leaf.fields.contains(document.field(at: start)) else {
                return true
            }
            for offset in 1..<keys.count
            where pageKeys[start + offset] != keys[keys.startIndex + offset] || segments[start + offset] != segments[start] {
                return true
            }
            return body(.run(start, count: keys.count))
        }
    }

    /// Lucene's sloppy phrase: with each word's position shifted back by its place in the
    /// phrase, all shifted positions lie within `slop` of each other (a swap costs 2).
    private func visitSloppyPhrase(
        _ keys: ArraySlice<UInt64>, slop: Int, leaf: MatchLeaf, postings: Postings, _ body: (Occurrence) -> Bool
    ) {
        // Most candidate pages lack a word: find out before collecting positions.
        for key in keys where !postings.contains(key) { return }
        var total = 0
        for key in keys {
            postings.forEachPosition(of: key) { _ in
                total += 1
                return true
            }
        }
        // Each word's positions in scope, ascending, end to end in one temporary buffer (on
        // the stack when small), then each word's bounds and the window being tried: an array
        // per word and per window was most of the cost of a page meeting many phrase topics.
        let words = keys.count
        withUnsafeTemporaryAllocation(of: Int.self, capacity: total + 3 * words) { buffer in
            var end = 0
            for (word, key) in keys.enumerated() {
                let start = end
                postings.forEachPosition(of: key) { position in
                    if leaf.fields.contains(document.field(at: position)) {
                        buffer[end] = position
                        end += 1
                    }
                    return true
                }
                guard start < end else { return }
                // The postings give positions latest first.
                var run = UnsafeMutableBufferPointer(rebasing: buffer[start..<end])
                run.reverse()
                buffer[total + 2 * word] = start
                buffer[total + 2 * word + 1] = end
            }
            let chosen = UnsafeMutableBufferPointer(rebasing: buffer[(total + 2 * words)...])
            let segments = document.segmentOfPosition
            let anchors = buffer[buffer[total]..<buffer[total + 1]]
            for anchor in anchors {
                windows: for low in (anchor - slop)...anchor {
                    chosen[0] = anchor
                    for word in 1..<words {
                        let list = UnsafeBufferPointer(rebasing: buffer[buffer[total + 2 * word]..<buffer[total + 2 * word + 1]])
                        // Shifted position q - word must lie in low...low + slop.
                        let found = Self.first(in: list, from: low + word, through: low + slop + word) { candidate in
                            candidate != anchor && !chosen[..<word].contains(candidate)
                                && segments[candidate] == segments[anchor]
                        }
                        guard let found else { continue windows }
                        chosen[word] = found
                    }
                    guard body(.scattered(UnsafeBufferPointer(chosen))) else { return }
                    break
                }
            }
        }
    }

    /// The first element of the ascending `list` in `low...high` that passes `accept`.
    private static func first(
        in list: UnsafeBufferPointer<Int>, from low: Int, through high: Int, where accept: (Int) -> Bool
    ) -> Int? {
        var lower = 0
        var upper = list.count
        while lower < upper {
            let middle = (lower + upper) / 2
            if list[middle] < low { lower = middle + 1 } else { upper = middle }
        }
        while lower < list.count, list[lower] <= high {
            if accept(list[lower]) { return list[lower] }
            lower += 1
        }
        return nil
    }
}

/// Where one occurrence of a leaf lies: adjacent positions, or a sloppy phrase's words.
enum Occurrence {
    case run(Int, count: Int)
    /// Valid only during the call that is given it: it points into the phrase's scratch buffer.
    case scattered(UnsafeBufferPointer<Int>)

    func append(to positions: inout [Int]) {
        switch self {
        case .run(let start, let count):
            for position in start..<(start + count) { positions.append(position) }
        case .scattered(let list): positions.append(contentsOf: list)
        }
    }
}
