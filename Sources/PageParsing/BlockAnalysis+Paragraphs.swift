extension BlockAnalysis {
    /// The paragraphs of `container` in document order: each run of text owned by one
    /// block (split at `<br>`), keeping the blocks that read as content or headings.
    func paragraphs(in container: Int, excluding excluded: [Bool], maximumLinkDensity: Double) -> [String] {
        var paragraphs: [String] = []
        var bytes: [UInt8] = []
        var pendingSpace = false
        var currentBlock = -1
        func flush() {
            if !bytes.isEmpty, keeps(currentBlock) {
                paragraphs.append(String(decoding: bytes, as: UTF8.self))
            }
            bytes.removeAll(keepingCapacity: true)
            pendingSpace = false
        }
        var node = container
        let stop = Int(tree.end[container])
        while node < stop {
            if excluded[node] {
                node = Int(tree.end[node])
                continue
            }
            let tag = tree.tag[node]
            if tag == .br || tag == .hr {
                flush()
            } else if tag == .text {
                let owner = Int(block[node])
                if owner != currentBlock {
                    flush()
                    currentBlock = owner
                }
                tree.appendCollapsed(node, to: &bytes, pendingSpace: &pendingSpace)
            }
            node += 1
        }
        flush()
        return paragraphs
    }

    /// Whether block `node`'s text belongs in the body.
    private func keeps(_ node: Int) -> Bool {
        guard node >= 0, characters[node] > 0 else { return false }
        let links = Double(linkCharacters[node])
        let total = Double(characters[node])
        // The headline is the title, not the body.
        if tree.tag[node] == .h1 { return false }
        return links <= maximumLinkDensity * total
    }
}
