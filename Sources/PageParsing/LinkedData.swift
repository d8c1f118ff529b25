/// The article fields of a page's JSON-LD blocks (schema.org `NewsArticle` and kin).
struct LinkedData {
    var headline: String?
    var published: String?
    var section: String?
    var publisher: String?
    var url: String?
    var keywords: [String] = []
    var articleBody: String?

    /// Reads every block, preferring the first article-typed object for each field.
    init(blocks: [[UInt8]]) {
        for block in blocks {
            guard let value = try? JSONParser.parse(block) else { continue }
            visit(value, depth: 0)
        }
    }

    private mutating func visit(_ value: JSONValue, depth: Int) {
        guard depth < 6 else { return }
        switch value {
        case .array(let values):
            for element in values { visit(element, depth: depth + 1) }
        case .object:
            if let graph = value["@graph"] { visit(graph, depth: depth + 1) }
            if Self.isArticle(value) { take(value) }
            if let main = value["mainEntity"] ?? value["mainEntityOfPage"], Self.isArticle(main) {
                visit(main, depth: depth + 1)
            }
        default:
            break
        }
    }

    private mutating func take(_ article: JSONValue) {
        headline = headline ?? article.first(of: ["headline", "name"])?.text?.trimmed
        published = published ?? article.first(of: ["datePublished", "dateCreated", "uploadDate"])?.text
        section = section ?? article["articleSection"]?.text?.trimmed
        publisher = publisher ?? article["publisher"]?.text?.trimmed
        if url == nil, let text = article["url"]?.text, text.hasPrefix("http") { url = text }
        if keywords.isEmpty, let words = article["keywords"] { keywords = words.texts }
        if let body = article["articleBody"]?.text, body.count > (articleBody?.count ?? 0) { articleBody = body }
    }

    private static func isArticle(_ value: JSONValue) -> Bool {
        guard let type = value["@type"] else { return value["articleBody"] != nil }
        return type.texts.contains { $0.hasSuffix("Article") || $0 == "BlogPosting" || $0 == "Report" }
            || value["articleBody"] != nil
    }
}
