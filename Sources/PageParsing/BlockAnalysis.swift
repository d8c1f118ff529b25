/// Per-node measurements of an `HTMLTree` for `ArticleExtractor`: which block owns each
/// text node, how much content and furniture text each subtree holds.
struct BlockAnalysis {
    let tree: HTMLTree
    var shortBlock = 25
    var maximumLinkDensity = 0.45
    /// The nearest block element at or above each node.
    var block: [Int32]
    /// Whether each node is inside a link.
    var inLink: [Bool]
    /// For each block: visible characters and characters inside links.
    var characters: [Int32]
    var linkCharacters: [Int32]
    /// For text nodes: visible characters.
    var textCharacters: [Int32]
    /// Content and furniture characters in each node's subtree.
    var subtreeContent: [Int32]
    var subtreeFurniture: [Int32]

    init(tree: HTMLTree) {
        self.tree = tree
        let count = tree.count
        block = [Int32](repeating: 0, count: count)
        inLink = [Bool](repeating: false, count: count)
        characters = [Int32](repeating: 0, count: count)
        linkCharacters = [Int32](repeating: 0, count: count)
        textCharacters = [Int32](repeating: 0, count: count)
        subtreeContent = [Int32](repeating: 0, count: count)
        subtreeFurniture = [Int32](repeating: 0, count: count)
    }

    /// Assigns text to blocks and counts characters, in one pass in document order,
    /// leaving out the text of nodes marked in `ignored`.
    mutating func measureBlocks(ignoring ignored: [Bool]? = nil) {
        for node in 0..<tree.count {
            characters[node] = 0
            linkCharacters[node] = 0
        }
        for node in 0..<tree.count {
            let parent = Int(tree.parent[node])
            let tag = tree.tag[node]
            block[node] = tag.isBlock || parent < 0 ? Int32(node) : block[parent]
            // A link over many elements is an unclosed `<a>` that the parser stretched over
            // the rest of the page, not a link a reader sees; a quote inside a link (a
            // linked pull quote or embedded post) is read as the quote it is.
            inLink[node] = (tag == .a && tree.end[node] - Int32(node) < 60) || (parent >= 0 && inLink[parent] && tag != .blockquote)
            guard tag == .text else { continue }
            let count = ignored?[node] == true ? 0 : Int32(visibleCharacters(node))
            textCharacters[node] = count
            let owner = Int(block[node])
            characters[owner] += count
            if inLink[node] { linkCharacters[owner] += count }
        }
    }

    /// Whether block `node` reads as content: long enough and not mostly links.
    func isContent(_ node: Int) -> Bool {
        let total = characters[node]
        return total >= shortBlock && Double(linkCharacters[node]) <= maximumLinkDensity * Double(total)
    }

    /// Sums each block's content or furniture characters into every ancestor, leaving
    /// out subtrees marked in `excluded`.
    mutating func sumSubtrees(excluding excluded: [Bool]?) {
        for node in 0..<tree.count {
            subtreeContent[node] = 0
            subtreeFurniture[node] = 0
        }
        for node in stride(from: tree.count - 1, through: 0, by: -1) {
            if let excluded, excluded[node] {
                subtreeContent[node] = 0
                subtreeFurniture[node] = 0
                continue
            }
            if tree.tag[node].isBlock || node == 0, characters[node] > 0 {
                if isContent(node) {
                    subtreeContent[node] += characters[node] - linkCharacters[node]
                    subtreeFurniture[node] += linkCharacters[node]
                } else if Double(linkCharacters[node]) > maximumLinkDensity * Double(characters[node]) {
                    subtreeFurniture[node] += characters[node]
                }
            }
            let parent = Int(tree.parent[node])
            if parent >= 0 {
                subtreeContent[parent] += subtreeContent[node]
                subtreeFurniture[parent] += subtreeFurniture[node]
            }
        }
    }

    /// Characters other than ASCII white space and controls in text node `node`.
    private func visibleCharacters(_ node: Int) -> Int {
        tree.text.withUnsafeBufferPointer {
            ByteScan.visibleCount(in: $0, Int(tree.textStart[node])..<Int(tree.textEnd[node]))
        }
    }
}
