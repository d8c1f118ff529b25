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

    /// Nodes that are page furniture: by tag, by being hidden, or — when `classWords` —
    /// by the words of their class and id.
    ///
    /// `content` is each subtree's content with nothing excluded. An element holding most
    /// of the page's content is kept whatever its tag or class says (a wrapper with an
    /// unlucky name), unless it is hidden or a gallery; so are `prose` (the container the
    /// article holds most of its prose in, found without class words), its ancestors and
    /// the elements inside it that hold nearly all of it. `subtreeContent` must be the
    /// measure `prose` was found with. Words for other stories' text (comments, related
    /// stories) apply even without `classWords`, as that text can read like the article's,
    /// and however much of the page it is unless it holds the headline. Class words never apply to
    /// inline elements inside running text, where they are styling within a sentence,
    /// nor weak words (`card`, `side`) that mark most of the prose container's content.
    func furniture(content: [Int32], text: SubtreeText, classWords: Bool, prose: Int? = nil) -> [Bool] {
        var excluded = [Bool](repeating: false, count: tree.count)
        let spared = prose.map(sparedByClassWords) ?? [Bool](repeating: false, count: tree.count)
        let total = Double(content[0])
        let weakWordsAreStyling = prose.map { weakWordsHoldMost(of: $0, content: content) } ?? false
        let headline = tree.tag.firstIndex(of: .h1)
        for node in 0..<tree.count {
            let parent = Int(tree.parent[node])
            if parent >= 0, excluded[parent] {
                excluded[node] = true
                continue
            }
            let tag = tree.tag[node]
            guard tag != .text else { continue }
            let hints = tree.hints[node]
            let share = Double(content[node])
            if hints.contains(.hidden) {
                // A page hidden whole until a script shows it is still the page.
                excluded[node] = share < 0.8 * total
                continue
            }
            if tag == .script || tag == .style {
                excluded[node] = true
                continue
            }
            var byClass = false
            // A gallery inside the article stays out even when it holds most of it.
            let galleryInside = hints.contains(.gallery) && isInside(prose, node)
            if !spared[node] || galleryInside, tag != .article, tag != .main, tag != .body, tag != .html {
                if classWords {
                    let words = weakWordsAreStyling && isInside(prose, node) ? hints.meansStrongFurniture : hints.meansFurniture
                    byClass = tag.isBlock ? words : hints.contains(.concealed) || (words && !isInRunningText(node, text))
                } else {
                    byClass = tag.isBlock && hints.contains(.otherContent)
                }
            }
            // An embedded post (a tweet in a `social-embed` wrapper) is a quote the article makes.
            if byClass, !galleryInside, isMostlyQuoted(node, text) { byClass = false }
            guard tag.isFurniture || byClass else { continue }
            // Comments or related stories stay out however long, unless they hold the headline
            // (a `comments-enabled` wrapper around the whole article).
            let otherStory = byClass && hints.contains(.otherContent) && headline.map { !isInside(node, $0) } ?? false
            excluded[node] = share < 0.5 * total || (byClass && galleryInside) || otherStory
        }
        return excluded
    }

    /// Nodes inside elements that are furniture by tag (scripts, forms, figures, …).
    func furnitureByTag() -> [Bool] {
        var excluded = [Bool](repeating: false, count: tree.count)
        for node in 0..<tree.count {
            let parent = Int(tree.parent[node])
            excluded[node] = tree.tag[node].isFurniture || (parent >= 0 && excluded[parent])
        }
        return excluded
    }

    /// `prose`, its ancestors, and the elements inside it that hold nearly all its
    /// content (measured in `subtreeContent`): the article and its wrappers.
    private func sparedByClassWords(_ prose: Int) -> [Bool] {
        var spared = [Bool](repeating: false, count: tree.count)
        var ancestor = prose
        while ancestor >= 0 {
            spared[ancestor] = true
            ancestor = Int(tree.parent[ancestor])
        }
        let whole = subtreeContent[prose]
        var inner = prose
        while true {
            var child = inner + 1
            var next = -1
            while child < Int(tree.end[inner]) {
                if 5 * subtreeContent[child] >= 4 * whole { next = child }
                child = Int(tree.end[child])
            }
            guard next >= 0 else { break }
            spared[next] = true
            inner = next
        }
        return spared
    }

    /// Whether elements marked only by weak class words hold most of `container`'s
    /// content: then the words are styling (every paragraph a `card`), not furniture.
    private func weakWordsHoldMost(of container: Int, content: [Int32]) -> Bool {
        var marked: Int32 = 0
        var node = container + 1
        while node < Int(tree.end[container]) {
            let hints = tree.hints[node]
            if tree.tag[node] != .text, hints.meansFurniture, !hints.meansStrongFurniture {
                marked += content[node]
                node = Int(tree.end[node])
            } else {
                node += 1
            }
        }
        return 2 * marked > content[container]
    }

    /// Whether `node` is inside `container`'s subtree.
    private func isInside(_ container: Int?, _ node: Int) -> Bool {
        guard let container else { return false }
        return node > container && node < Int(tree.end[container])
    }

    /// Whether most of `node`'s text is inside `<blockquote>` elements.
    private func isMostlyQuoted(_ node: Int, _ text: SubtreeText) -> Bool {
        var quoted: Int32 = 0
        var inner = node + 1
        while inner < Int(tree.end[node]) {
            if tree.tag[inner] == .blockquote {
                quoted += text.characters[inner]
                inner = Int(tree.end[inner])
            } else {
                inner += 1
            }
        }
        return quoted > 0 && 2 * quoted >= text.characters[node]
    }

    /// Whether inline element `node` sits inside a sentence: its block has much more
    /// text around it (a date `<span>` alone on its line does not).
    private func isInRunningText(_ node: Int, _ text: SubtreeText) -> Bool {
        let own = text.characters[node]
        let around = characters[Int(block[node])] - own
        return around >= 60 && around >= 2 * own
    }

    /// Characters other than ASCII white space and controls in text node `node`.
    private func visibleCharacters(_ node: Int) -> Int {
        tree.text.withUnsafeBufferPointer {
            ByteScan.visibleCount(in: $0, Int(tree.textStart[node])..<Int(tree.textEnd[node]))
        }
    }
}
