extension HTMLPageReader {
    /// The headline. The titles the page states (JSON-LD `headline` and `name`, Dublin
    /// Core, Open Graph, Twitter, Parse.ly) are checked against the document `<title>`:
    /// the first one whose words the `<title>` repeats is the headline (sites give
    /// social networks other titles). Failing that the first `<h1>` if the `<title>`
    /// repeats it (an `<h1>` may name a section), the first stated title, the `<title>`,
    /// the `<h1>`. Each without a trailing ` | Site` part.
    static func title(tree: HTMLTree, metadata: HTMLMetadata, linked: LinkedData, siteName: String?) -> String? {
        let stated = [
            linked.headline, linked.name, metadata.meta("dc:title", "dcterm:title", "dc.title", "dcterms.title"),
            metadata.meta("og:title"), metadata.meta("twitter:title"), metadata.meta("parsely-title"),
        ].compactMap { $0.map { withoutSiteSuffix($0, siteName: siteName) } }.filter { !$0.isEmpty }
        let heading = firstText(of: .h1, in: tree).map { withoutSiteSuffix($0, siteName: siteName) }
        guard let document = firstText(of: .title, in: tree).map({ withoutSiteSuffix($0, siteName: siteName) }),
            !document.isEmpty
        else {
            return stated.first ?? heading
        }
        let documentWords = Set(ArticleBoilerplate.words(of: document))
        return repeated(stated, in: documentWords) ?? heading.flatMap { repeated([$0], in: documentWords) }
            ?? stated.first ?? document
    }

    /// The first candidate whose words the document title repeats (all but one in a long
    /// candidate) and that covers at least 60 % of it.
    private static func repeated(_ candidates: [String], in documentWords: Set<Substring>) -> String? {
        candidates.first { candidate in
            let candidateWords = Set(ArticleBoilerplate.words(of: candidate))
            let missing = candidateWords.count { !documentWords.contains($0) }
            guard !candidateWords.isEmpty, missing == 0 || (missing == 1 && candidateWords.count >= 6) else {
                return false
            }
            return Double(candidateWords.count - missing) >= 0.6 * Double(documentWords.count)
        }
    }

    /// `Headline | Site` → `Headline`: a last part after ` | `, ` - `, ` — ` or ` – `
    /// goes when it names the site or is short next to the rest.
    static func withoutSiteSuffix(_ title: String, siteName: String?) -> String {
        var title = title.trimmed
        for separator in titleSeparators {
            guard let range = lastRange(of: separator, in: title) else { continue }
            let head = String(title[..<range.lowerBound]).trimmed
            let tail = String(title[range.upperBound...]).trimmed
            let namesSite = siteName.map { tail.lowercased() == $0.lowercased().trimmed } ?? false
            let tailWords = tail.split(separator: " ").count
            let headWords = head.split(separator: " ").count
            if !head.isEmpty, namesSite || (tailWords <= 4 && headWords >= tailWords * 2) {
                title = head
            }
        }
        return title
    }

    private static let titleSeparators = [" | ", " - ", " — ", " – ", " :: "].map { Array($0.utf8) }

    /// The last place `separator` (UTF-8) is in `text`, found on the bytes.
    private static func lastRange(of separator: [UInt8], in text: String) -> Range<String.Index>? {
        let utf8 = text.utf8
        guard utf8.count >= separator.count else { return nil }
        var start = utf8.index(utf8.endIndex, offsetBy: -separator.count)
        while true {
            if utf8[start] == separator[0], utf8[start...].starts(with: separator) {
                return start..<utf8.index(start, offsetBy: separator.count)
            }
            guard start > utf8.startIndex else { return nil }
            start = utf8.index(before: start)
        }
    }

    private static func firstText(of tag: HTMLTag, in tree: HTMLTree) -> String? {
        guard let index = tree.tag.firstIndex(of: tag) else { return nil }
        return tree.collapsedText(of: index)
    }
}
