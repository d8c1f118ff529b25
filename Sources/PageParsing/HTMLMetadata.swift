/// The page fields an HTML document states outright: meta tags, the canonical link,
/// the document language, machine-readable dates and JSON-LD blocks.
struct HTMLMetadata {
    /// `<meta property|name|itemprop=KEY content=VALUE>`, keys lower-cased, first wins;
    /// `article:tag` and `keywords` collect every value.
    var meta: [String: String] = [:]
    var tags: [String] = []
    var canonical: String?
    var language: String?
    /// The first `<time datetime>`.
    var timeDateTime: String?
    /// The first `itemprop="datePublished"` value outside meta tags.
    var itempropPublished: String?
    /// Raw bodies of `<script type="application/ld+json">`.
    var jsonLD: [[UInt8]] = []

    /// Records one `<meta>` element's key and content; a key of several space-separated
    /// names (`property="dc:title og:title"`) records each.
    mutating func addMeta(key: String, content: String) {
        if key.contains(" ") {
            for part in key.split(separator: " ") { addMeta(key: String(part), content: content) }
            return
        }
        let key = key.lowercased()
        if key == "article:tag" || key == "news_keywords" || key == "keywords" {
            for tag in content.split(separator: ",") {
                let trimmed = tag.trimmingCharacters()
                if !trimmed.isEmpty, !tags.contains(trimmed) { tags.append(trimmed) }
            }
        }
        if meta[key] == nil { meta[key] = content }
    }

    /// The first non-empty meta value among `keys`.
    func meta(_ keys: String...) -> String? {
        for key in keys {
            if let value = meta[key]?.trimmed, !value.isEmpty { return value }
        }
        return nil
    }
}

extension String {
    /// The string without leading and trailing white space.
    var trimmed: String { self[...].trimmingCharacters() }
}
