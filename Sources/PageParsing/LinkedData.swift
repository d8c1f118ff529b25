/// The article fields of a page's JSON-LD blocks (schema.org `NewsArticle` and kin).
struct LinkedData {
    var headline: String?
    /// The article's `name`, when it has one beside its `headline` (they may differ).
    var name: String?
    var published: String?
    /// `datePublished` of an object that is not an article (a `WebPage`), used only when
    /// no article states one.
    var pagePublished: String?
    /// The authors' names, joined with ", ".
    var author: String?
    var section: String?
    var publisher: String?
    var url: String?
    var keywords: [String] = []
    var articleBody: String?

    /// Reads every block, preferring the first article-typed object for each field.
    init(blocks: [[UInt8]]) {
        for block in blocks {
            guard let value = try? JSONParser.parse(Self.unwrapped(block)) else { continue }
            visit(value, depth: 0)
        }
    }

    /// The block without the `<![CDATA[ … ]]>` or `<!-- … -->` that some pages wrap it in.
    private static func unwrapped(_ block: [UInt8]) -> [UInt8] {
        var start = 0
        var end = block.count
        func skipSpace() {
            while start < end, block[start] <= 0x20 { start += 1 }
            while end > start, block[end - 1] <= 0x20 { end -= 1 }
        }
        func drop(prefix: String, suffix: String) {
            let head = Array(prefix.utf8)
            let tail = Array(suffix.utf8)
            if end - start >= head.count, Array(block[start..<(start + head.count)]) == head { start += head.count }
            if end - start >= tail.count, Array(block[(end - tail.count)..<end]) == tail { end -= tail.count }
            skipSpace()
        }
        skipSpace()
        drop(prefix: "//", suffix: "//")
        drop(prefix: "<![CDATA[", suffix: "]]>")
        drop(prefix: "<!--", suffix: "-->")
        return start == 0 && end == block.count ? block : Array(block[start..<end])
    }

    private mutating func visit(_ value: JSONValue, depth: Int) {
        guard depth < 6 else { return }
        switch value {
        case .array(let values):
            for element in values { visit(element, depth: depth + 1) }
        case .object:
            if let graph = value["@graph"] { visit(graph, depth: depth + 1) }
            if Self.isArticle(value) {
                take(value)
            } else if pagePublished == nil {
                pagePublished = value["datePublished"]?.text
            }
            if let main = value["mainEntity"] ?? value["mainEntityOfPage"], Self.isArticle(main) {
                visit(main, depth: depth + 1)
            }
        default:
            break
        }
    }

    private mutating func take(_ article: JSONValue) {
        headline = headline ?? article.first(of: ["headline", "name"])?.text?.trimmed
        name = name ?? article["name"]?.text?.trimmed
        if author == nil, let people = article["author"] ?? article["creator"] {
            let names = Self.names(people)
            if !names.isEmpty { author = names.joined(separator: ", ") }
        }
        published = published ?? article.first(of: ["datePublished", "dateCreated", "uploadDate"])?.text
        section = section ?? article["articleSection"]?.text?.trimmed
        publisher = publisher ?? article["publisher"]?.text?.trimmed
        if url == nil, let text = article["url"]?.text, text.hasPrefix("http") { url = text }
        if keywords.isEmpty, let words = article["keywords"] { keywords = words.texts }
        if let body = article["articleBody"]?.text, body.count > (articleBody?.count ?? 0) { articleBody = body }
    }

    /// Person names in an `author` value: a name, a person object, or a list of them
    /// (URLs, which some pages put there, are not names).
    private static func names(_ value: JSONValue) -> [String] {
        let names: [String]
        switch value {
        case .array(let values): names = values.compactMap { $0.text?.trimmed }
        default: names = value.text.map { [$0.trimmed] } ?? []
        }
        return names.filter { !$0.isEmpty && !$0.hasPrefix("http") }
    }

    private static func isArticle(_ value: JSONValue) -> Bool {
        guard let type = value["@type"] else { return value["articleBody"] != nil }
        return type.texts.contains { $0.hasSuffix("Article") || $0 == "BlogPosting" || $0 == "Report" }
            || value["articleBody"] != nil
    }
}
