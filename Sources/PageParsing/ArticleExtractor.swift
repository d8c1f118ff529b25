/// Finds the article body in an `HTMLTree` by scoring text blocks: long, link-poor
/// blocks are content, link-heavy ones are furniture, and the element that holds the
/// most content for the least furniture is the article.
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

    /// The body paragraphs of the page in `tree`, or an empty list when it has none.
    func paragraphs(in tree: HTMLTree) -> [String] {
        var analysis = BlockAnalysis(tree: tree)
        analysis.measureBlocks()
        var sums = analysis.subtreeText()
        let clusters = analysis.linkClusters(sums)
        if clusters.contains(true) {
            analysis.measureBlocks(ignoring: clusters)
            sums = analysis.subtreeText()
        }
        let teasers = analysis.teasers(sums)
        analysis.sumSubtrees(excluding: nil)
        var excluded = analysis.furniture()
        for node in excluded.indices where clusters[node] || teasers[node] { excluded[node] = true }
        analysis.sumSubtrees(excluding: excluded)
        guard let container = bestContainer(analysis) else { return [] }
        return analysis.paragraphs(in: container, excluding: excluded, maximumLinkDensity: maximumLinkDensity)
    }

    private func bestContainer(_ analysis: BlockAnalysis) -> Int? {
        var best: Int?
        var bestScore = 0.0
        for node in 0..<analysis.tree.count where analysis.tree.tag[node] != .text {
            let good = Double(analysis.subtreeContent[node])
            guard good > 0 else { continue }
            var score = good - furniturePenalty * Double(analysis.subtreeFurniture[node])
            if analysis.tree.hints[node].contains(.articleBody) { score *= 1.2 }
            if score > bestScore {
                bestScore = score
                best = node
            }
        }
        return best
    }
}
