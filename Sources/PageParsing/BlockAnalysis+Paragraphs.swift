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
            if !bytes.isEmpty, keeps(currentBlock, text: bytes) {
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
            let inRun =
                linkedHeadings[index]
                && ((index > 0 && linkedHeadings[index - 1]) || (index + 1 < paragraphs.count && linkedHeadings[index + 1]))
            return inRun ? nil : paragraphs[index]
        }
    }

    private func isLinkedHeading(_ node: Int) -> Bool {
        tree.tag[node].isHeading && Double(linkCharacters[node]) > maximumLinkDensity * Double(characters[node])
    }

    /// Whether block `node`'s text belongs in the body: blocks that are not mostly
    /// links, and inside the article also link-rich ones that are still text — a
    /// paragraph with much unlinked text, a subhead, an item with a linked lead-in, a
    /// product link with its price (`Get it on Amazon for $39.99`).
    private func keeps(_ node: Int, text: [UInt8]) -> Bool {
        guard node >= 0, characters[node] > 0 else { return false }
        let links = linkCharacters[node]
        let total = characters[node]
        // The headline is the title, not the body.
        if tree.tag[node] == .h1 { return false }
        if Double(links) <= maximumLinkDensity * Double(total) { return true }
        let unlinked = total - links
        if tree.tag[node].isHeading { return total <= 150 }
        return unlinked >= 80 || (unlinked >= 25 && 4 * links <= 3 * total) || (total <= 150 && Self.namesPrice(text))
    }

    /// Whether `text` holds a price: a currency sign before a number that no word
    /// follows (`$39.99`, `£549`; not `$13.4bn` or `$1 trillion`, which are news).
    static func namesPrice(_ text: [UInt8]) -> Bool {
        let signs: [[UInt8]] = [[0x24], [0xE2, 0x82, 0xAC], [0xC2, 0xA3], [0xC2, 0xA5], [0xE2, 0x82, 0xB9]]
        func isDigit(_ index: Int) -> Bool { index < text.count && text[index] >= 0x30 && text[index] <= 0x39 }
        for index in text.indices {
            for sign in signs
            where text[index] == sign[0] && index + sign.count <= text.count
                && Array(text[index..<(index + sign.count)]) == sign
            {
                var end = index + sign.count
                guard isDigit(end) else { continue }
                while isDigit(end) || (end < text.count && (text[end] == 0x2E || text[end] == 0x2C)) { end += 1 }
                if end < text.count, text[end] == 0x20 { end += 1 }
                if end == text.count || !TextDumpPhrases.isWordByte(text[end]) { return true }
            }
        }
        return false
    }
}
