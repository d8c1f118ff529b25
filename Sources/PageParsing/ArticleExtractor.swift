/// Finds the article body in an `HTMLTree` by scoring text blocks: long, link-poor
/// blocks are content, link-heavy ones are furniture, and the element that holds the
/// most content for the least furniture is the article.
///
/// Twice: first with only structure and the words for other stories' text (comments,
/// related stories), which finds where the prose is; then with every class word, except
/// on that prose container, its wrappers and what holds nearly all of it, so an unlucky
/// class name never empties the article.
///
/// No per-site rules: only structure, text density, link density and the common
/// vocabulary of class names (`related`, `share`, `comment`, …).
struct ArticleExtractor {
    /// How much one character of furniture text costs against one of content.
    var furniturePenalty = 1.5
    /// Blocks shorter than this (in characters) neither help nor hurt a container.
    var shortBlock = 25
    /// Blocks with a larger share of link text are furniture.
    var maximumLinkDensity = 0.45

    /// An extracted body and the element it was read from, if any (a byline is looked
    /// for near it).
    struct Extraction {
        var paragraphs: [String]
        var container: Int?
    }

    /// The body paragraphs of the page in `tree`, or an empty list when it has none.
    func extract(from tree: HTMLTree) -> Extraction {
        var (analysis, sums, clusters) = measured(tree)
        let teasers = analysis.teasers(sums)
        let content = analysis.subtreeContent
        let structural = analysis.furniture(content: content, text: sums, classWords: false)
        let prose = bestContainer(&analysis, excluding: marking(structural, clusters, teasers))
        let excluded = marking(analysis.furniture(content: content, text: sums, classWords: true, prose: prose), clusters, teasers)
        return extraction(&analysis, excluding: excluded)
    }

    /// The body of a page where `extract(from:)` found none, for a real article that the
    /// scoring missed: the element marked `itemprop="articleBody"` even when hidden (a
    /// copy kept for search engines), else the best container with teaser-like blocks
    /// counted as content and only the words for other stories' text applied (a page made
    /// of story summaries).
    func fallback(from tree: HTMLTree) -> Extraction {
        var (analysis, sums, clusters) = measured(tree)
        let byTag = analysis.furnitureByTag()
        if let body = tree.hints.firstIndex(where: { $0.contains(.articleBody) }) {
            let paragraphs = analysis.paragraphs(in: body, excluding: byTag, maximumLinkDensity: maximumLinkDensity)
            if !paragraphs.isEmpty { return Extraction(paragraphs: paragraphs, container: body) }
        }
        let content = analysis.subtreeContent
        let structural = analysis.furniture(content: content, text: sums, classWords: false)
        return extraction(&analysis, excluding: marking(structural, clusters, [Bool](repeating: false, count: tree.count)))
    }

    /// The paragraphs of the best container once `excluded` is left out.
    private func extraction(_ analysis: inout BlockAnalysis, excluding excluded: [Bool]) -> Extraction {
        guard let container = bestContainer(&analysis, excluding: excluded) else {
            return Extraction(paragraphs: [], container: nil)
        }
        let paragraphs = analysis.paragraphs(in: container, excluding: excluded, maximumLinkDensity: maximumLinkDensity)
        return Extraction(paragraphs: paragraphs, container: container)
    }

    /// The blocks of `tree` measured with link clusters left out, and the subtree sums
    /// with nothing excluded.
    private func measured(_ tree: HTMLTree) -> (BlockAnalysis, BlockAnalysis.SubtreeText, [Bool]) {
        var analysis = BlockAnalysis(tree: tree)
        analysis.measureBlocks()
        var sums = analysis.subtreeText()
        let clusters = analysis.linkClusters(sums)
        if clusters.contains(true) {
            analysis.measureBlocks(ignoring: clusters)
            sums = analysis.subtreeText()
        }
        analysis.sumSubtrees(excluding: nil)
        return (analysis, sums, clusters)
    }

    /// `furniture` with the link clusters and teasers marked too.
    private func marking(_ furniture: [Bool], _ clusters: [Bool], _ teasers: [Bool]) -> [Bool] {
        var excluded = furniture
        for node in excluded.indices where clusters[node] || teasers[node] { excluded[node] = true }
        return excluded
    }

    /// The best container once the subtrees marked in `excluded` are left out.
    private func bestContainer(_ analysis: inout BlockAnalysis, excluding excluded: [Bool]) -> Int? {
        analysis.sumSubtrees(excluding: excluded)
        return bestContainer(analysis)
    }

    private func bestContainer(_ analysis: BlockAnalysis) -> Int? {
        var best: Int?
        var bestScore = 0.0
        for node in 0..<analysis.tree.count where analysis.tree.tag[node] != .text {
            let good = Double(analysis.subtreeContent[node])
            guard good > 0 else { continue }
            var score = good - furniturePenalty * Double(analysis.subtreeFurniture[node])
            if analysis.tree.hints[node].contains(.articleBody) { score *= 1.2 }
            // On a tie the inner element: the outer one adds nothing but a wrapper.
            if score > bestScore || (score == bestScore && best.map { node < Int(analysis.tree.end[$0]) } == true) {
                bestScore = score
                best = node
            }
        }
        return best
    }
}
