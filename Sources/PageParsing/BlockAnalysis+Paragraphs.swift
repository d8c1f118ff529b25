extension BlockAnalysis {
    /// The paragraphs of `container` in document order: each run of text owned by one
    /// block (split at `<br>`), keeping the blocks that read as content or headings.
    /// A linked subhead stays; two or more linked headings in a row are a list of other
    /// stories and go.
    func paragraphs(in container: Int, excluding excluded: [Bool], maximumLinkDensity: Double) -> [String] {
        var paragraphs: [String] = []
        var linkedHeadings: [Bool] = []
        var bytes: [UInt8] = []
        var pendingSpace = false
        var currentBlock = -1
        func flush() {
            if !bytes.isEmpty, keeps(currentBlock) {
                paragraphs.append(String(decoding: bytes, as: UTF8.self))
                linkedHeadings.append(isLinkedHeading(currentBlock))
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
        guard linkedHeadings.contains(true) else { return paragraphs }
        return paragraphs.indices.compactMap { index in
            let inRun = linkedHeadings[index]
                && ((index > 0 && linkedHeadings[index - 1]) || (index + 1 < paragraphs.count && linkedHeadings[index + 1]))
            return inRun ? nil : paragraphs[index]
        }
    }

    private func isLinkedHeading(_ node: Int) -> Bool {
        tree.tag[node].isHeading && Double(linkCharacters[node]) > maximumLinkDensity * Double(characters[node])
    }

    /// Whether block `node`'s text belongs in the body: blocks that are not mostly
    /// links, and inside the article also link-rich ones that are still text — a
    /// paragraph with much unlinked text, a subhead, an item with a linked lead-in.
    private func keeps(_ node: Int) -> Bool {
        guard node >= 0, characters[node] > 0 else { return false }
        let links = linkCharacters[node]
        let total = characters[node]
        // The headline is the title, not the body.
        if tree.tag[node] == .h1 { return false }
        if Double(links) <= maximumLinkDensity * Double(total) { return true }
        let unlinked = total - links
        if tree.tag[node].isHeading { return total <= 150 }
        return unlinked >= 80 || (unlinked >= 25 && 4 * links <= 3 * total)
    }
}
