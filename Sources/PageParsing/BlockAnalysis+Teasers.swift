/// Furniture that looks like content to a per-block measure: teaser cards for other
/// stories (a linked headline over a short excerpt, repeated down the page) and link
/// clusters hidden inside paragraphs (pop-up cards a script shows on hover).
extension BlockAnalysis {
    /// What every subtree holds, all text counted whatever block owns it.
    struct SubtreeText {
        var characters: [Int32]
        var linkCharacters: [Int32]
        var links: [Int32]
        /// Whether the subtree holds a heading that is mostly a link.
        var hasLinkedHeading: [Bool]
        /// The first and last text nodes with visible text, or -1.
        var firstText: [Int32]
        var lastText: [Int32]
    }

    /// Longest teaser card, in visible characters.
    static let teaserLength: Int32 = 700
    /// Fewest cards of one element kind on a page for them to read as a list of teasers.
    static let teaserRepeats = 3

    func subtreeText() -> SubtreeText {
        let count = tree.count
        var sums = SubtreeText(
            characters: [Int32](repeating: 0, count: count), linkCharacters: [Int32](repeating: 0, count: count),
            links: [Int32](repeating: 0, count: count), hasLinkedHeading: [Bool](repeating: false, count: count),
            firstText: [Int32](repeating: -1, count: count), lastText: [Int32](repeating: -1, count: count))
        for node in stride(from: count - 1, through: 0, by: -1) {
            let tag = tree.tag[node]
            if tag == .text, textCharacters[node] > 0 {
                sums.characters[node] = textCharacters[node]
                if inLink[node] { sums.linkCharacters[node] = textCharacters[node] }
                sums.firstText[node] = Int32(node)
                sums.lastText[node] = Int32(node)
            }
            if tag == .a, sums.characters[node] > 0 { sums.links[node] += 1 }
            if tag.isHeading, sums.characters[node] >= 10,
                Double(sums.linkCharacters[node]) >= 0.6 * Double(sums.characters[node])
            {
                sums.hasLinkedHeading[node] = true
            }
            let parent = Int(tree.parent[node])
            guard parent >= 0 else { continue }
            sums.characters[parent] += sums.characters[node]
            sums.linkCharacters[parent] += sums.linkCharacters[node]
            sums.links[parent] += sums.links[node]
            sums.hasLinkedHeading[parent] = sums.hasLinkedHeading[parent] || sums.hasLinkedHeading[node]
            // Children are visited last to first, so the first child's text ends up first.
            if sums.firstText[node] >= 0 { sums.firstText[parent] = sums.firstText[node] }
            if sums.lastText[parent] < 0 { sums.lastText[parent] = sums.lastText[node] }
        }
        return sums
    }

    /// Inline elements inside a paragraph that hold little but several links: not
    /// something a reader sees as part of the sentence.
    func linkClusters(_ sums: SubtreeText) -> [Bool] {
        var marked = [Bool](repeating: false, count: tree.count)
        for node in 1..<tree.count {
            let parent = Int(tree.parent[node])
            if parent >= 0, marked[parent] {
                marked[node] = true
                continue
            }
            let tag = tree.tag[node]
            guard !tag.isBlock, tag != .text, tag != .a, sums.links[node] >= 3 else { continue }
            let total = sums.characters[node]
            let owner = Int(block[node])
            guard Double(sums.linkCharacters[node]) >= 0.8 * Double(total),
                sums.characters[owner] - total >= Int32(shortBlock)
            else { continue }
            marked[node] = true
        }
        return marked
    }

    /// Teaser cards: short elements opening with a linked headline (a heading that is a
    /// link, or a link first and an excerpt cut off with an ellipsis), when the page has
    /// several of one element kind — one teaser alone may be the article's own.
    func teasers(_ sums: SubtreeText) -> [Bool] {
        // Children before parents: an element holding two cards is a list of them, not one.
        var isCard = [Bool](repeating: false, count: tree.count)
        var cardsInside = [Int32](repeating: 0, count: tree.count)
        for node in stride(from: tree.count - 1, through: 1, by: -1) {
            let tag = tree.tag[node]
            if tag != .text, tag != .body, tag != .html, tag != .main, cardsInside[node] <= 1, isTeaser(node, sums) {
                isCard[node] = true
                cardsInside[node] = 1
            }
            let parent = Int(tree.parent[node])
            if parent >= 0 { cardsInside[parent] += cardsInside[node] }
        }
        var outermost: [Int] = []
        var repeats = [Int](repeating: 0, count: 256)
        for node in 1..<tree.count where isCard[node] && !isCard[Int(tree.parent[node])] {
            outermost.append(node)
            repeats[Int(tree.tag[node].rawValue)] += 1
        }
        var marked = [Bool](repeating: false, count: tree.count)
        for node in outermost where repeats[Int(tree.tag[node].rawValue)] >= Self.teaserRepeats {
            for inner in node..<Int(tree.end[node]) { marked[inner] = true }
        }
        return marked
    }

    private func isTeaser(_ node: Int, _ sums: SubtreeText) -> Bool {
        let total = sums.characters[node]
        guard total >= 40, total <= Self.teaserLength, sums.linkCharacters[node] >= 15 else { return false }
        if sums.hasLinkedHeading[node] { return true }
        let first = Int(sums.firstText[node])
        let last = Int(sums.lastText[node])
        guard first >= 0, inLink[first], textCharacters[first] >= 15, last != first, !inLink[last] else { return false }
        return endsWithEllipsis(last)
    }

    /// Whether text node `node` ends in `...` or `…`, trailing white space aside.
    private func endsWithEllipsis(_ node: Int) -> Bool {
        var end = Int(tree.textEnd[node])
        let start = Int(tree.textStart[node])
        while end > start, tree.text[end - 1] <= 0x20 { end -= 1 }
        guard end - start >= 3 else { return false }
        let (a, b, c) = (tree.text[end - 3], tree.text[end - 2], tree.text[end - 1])
        return (a == 0x2E && b == 0x2E && c == 0x2E) || (a == 0xE2 && b == 0x80 && c == 0xA6)
    }
}
