extension HTMLPageReader {
    /// The byline's names: JSON-LD `author`, else the author meta tags (Dublin Core
    /// `creator`, `author`, `article:author` when not a profile URL, Parse.ly), else the
    /// text of the first short element marked as a byline (`class="byline"`,
    /// `rel="author"`, `itemprop="author"`) in the part of the page that holds the
    /// headline and the body (a teaser's or a sidebar's byline names another story's
    /// author). Without "By", a date or a handle.
    static func author(tree: HTMLTree, metadata: HTMLMetadata, linked: LinkedData, body: Int?) -> String? {
        let keys = [
            "dc:creator", "dcterm:creator", "dc.creator", "dcterms.creator", "author", "article:author",
            "parsely-author", "sailthru.author", "byl",
        ]
        for case let candidate? in [linked.author] + keys.map({ metadata.meta($0) }) {
            if let name = names(in: candidate) { return name }
        }
        guard let body else { return nil }
        let scope = articleScope(tree, body: body)
        for node in scope..<Int(tree.end[scope]) where tree.hints[node].contains(.byline) && !tree.hints[node].contains(.hidden) {
            guard let text = tree.collapsedText(of: node), text.utf8.count <= 100 else { continue }
            if let name = names(in: text) { return name }
        }
        return nil
    }

    /// The smallest element holding both the body and the first `<h1>` (the headline),
    /// or the body's parent when there is no `<h1>`.
    private static func articleScope(_ tree: HTMLTree, body: Int) -> Int {
        var scope = max(0, Int(tree.parent[body]))
        guard let heading = tree.tag.firstIndex(of: .h1) else { return scope }
        while scope > 0, !(heading >= scope && heading < Int(tree.end[scope])) { scope = Int(tree.parent[scope]) }
        return scope
    }

    /// `By Jane Doe - Apr 16, 2015 8:02 pm` → `Jane Doe`; nil for a URL or an empty text.
    static func names(in byline: String) -> String? {
        var words = byline.split(whereSeparator: \.isWhitespace)
        guard let first = words.first, !first.hasPrefix("http") else { return nil }
        // "Tech Industry by Jane Doe": what comes before a short lead-in's "by" is a label.
        if let by = words.prefix(4).firstIndex(where: { bylineLeads.contains($0.lowercased()) }) {
            words.removeSubrange(...by)
        }
        if let cut = words.indices.first(where: { startsDateOrHandle(words, at: $0) }) { words.removeSubrange(cut...) }
        while let last = words.last, last.allSatisfy({ !$0.isLetter && !$0.isNumber }) { words.removeLast() }
        // "Last updated: January 7, 2025" is a date line, not a name.
        if words.allSatisfy({ dateLineWords.contains($0.lowercased().filter(\.isLetter)) }) { return nil }
        return words.joined(separator: " ")
    }

    private static let dateLineWords = ArticleBoilerplate.lineLabels.union(ArticleBoilerplate.dateLabels)

    /// The word that opens a byline's names: "by" and its kin in other languages.
    private static let bylineLeads: Set<String> = ["by", "par", "por", "von", "di", "от", "автор:", "door"]

    /// A date (`Apr 16,`, `1 de diciembre`), a clock time or a social handle: where a
    /// byline's names end. A month name counts only before a number (`June Topolsky`).
    private static func startsDateOrHandle(_ words: [Substring], at index: Int) -> Bool {
        let word = words[index]
        guard let first = word.first else { return false }
        if first.isNumber || first == "@" { return true }
        guard index + 1 < words.count, words[index + 1].first?.isNumber == true else { return false }
        return PublishedDateParser.monthNumbers[word.lowercased().filter(\.isLetter)] != nil
    }
}
