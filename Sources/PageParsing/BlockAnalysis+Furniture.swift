/// Which elements are page furniture, by tag, visibility and class/id words, with the
/// rules that keep class words from costing the article its prose.
extension BlockAnalysis {
    /// Nodes that are page furniture: by tag, by being hidden, or by the words of their
    /// class and id — only those for other stories' text (comments, related stories)
    /// unless `classWords`, as that text can read like the article's.
    ///
    /// `content` is each subtree's content with nothing excluded. An element holding most
    /// of the page's content is kept whatever its tag or class says (a wrapper with an
    /// unlucky name), unless it is hidden, a gallery inside the article, or other stories'
    /// text without the headline. Class words spare `prose` (the container found with
    /// `classWords` off; `subtreeContent` must still be that measure), its ancestors and
    /// the elements inside it holding nearly all of it; they never apply to inline
    /// elements inside running text (styling within a sentence), nor as weak words
    /// (`card`, `side`) that mark most of the prose container (styling of every paragraph).
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
}
