extension HTMLPageReader {
    /// The headline: `og:title`, JSON-LD `headline`, the first `<h1>`, then `<title>`,
    /// each without a trailing ` | Site` part.
    static func title(tree: HTMLTree, metadata: HTMLMetadata, linked: LinkedData, siteName: String?) -> String? {
        let candidates: [String?] = [
            metadata.meta("og:title", "twitter:title"), linked.headline, firstText(of: .h1, in: tree),
            firstText(of: .title, in: tree),
        ]
        for case let candidate? in candidates {
            let title = withoutSiteSuffix(candidate, siteName: siteName)
            if !title.isEmpty { return title }
        }
        return nil
    }

    /// `Headline | Site` → `Headline`: a last part after ` | `, ` - `, ` — ` or ` – `
    /// goes when it names the site or is short next to the rest.
    static func withoutSiteSuffix(_ title: String, siteName: String?) -> String {
        var title = title.trimmed
        for separator in [" | ", " - ", " — ", " – ", " :: "] {
            guard let range = title.ranges(of: separator).last else { continue }
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

    private static func firstText(of tag: HTMLTag, in tree: HTMLTree) -> String? {
        guard let index = tree.tag.firstIndex(of: tag) else { return nil }
        return tree.collapsedText(of: index)
    }
}
