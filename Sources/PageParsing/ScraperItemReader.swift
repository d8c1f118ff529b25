import NewswatchCore

/// Reads JSON scraper items: one object, an array of objects, or JSON Lines (one object
/// a line), each into a page. Bodies come as text or as HTML run through the extractor.
struct ScraperItemReader {
    /// Whether the content parses as JSON, or its first line does (JSON Lines).
    static func looksLikeJSON(_ bytes: [UInt8], from start: Int) -> Bool {
        if (try? JSONParser.parse(bytes, in: start..<bytes.count)) != nil { return true }
        let lineEnd = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
        guard bytes[start] == UInt8(ascii: "{") else { return false }
        return (try? JSONParser.parse(bytes, in: start..<lineEnd)) != nil
    }

    /// Each item's page, or why it could not be read: a broken JSON Lines line is an item
    /// of its own that failed, numbered by its line.
    func items(_ bytes: [UInt8]) throws(PageReadError) -> [PageReader.Item] {
        var items: [(number: Int?, value: Result<JSONValue, PageReadError>)] = []
        if let whole = try? JSONParser.parse(bytes) {
            if case .array(let values) = whole {
                items = values.enumerated().map { (values.count > 1 ? $0.offset + 1 : nil, .success($0.element)) }
            } else {
                items = [(nil, .success(whole))]
            }
        } else {
            var lineStart = 0
            var lineNumber = 0
            while lineStart < bytes.count {
                let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
                lineNumber += 1
                if bytes[lineStart..<lineEnd].contains(where: { !ContentSniffer.isSpace($0) }) {
                    do {
                        items.append((lineNumber, .success(try JSONParser.parse(bytes, in: lineStart..<lineEnd))))
                    } catch {
                        // A file whose only line is cut off was cut off while being written.
                        if lineEnd >= bytes.count - 1, items.isEmpty {
                            throw PageReadError(code: .truncated, message: "JSON ends early at line \(lineNumber); the file was cut off")
                        }
                        items.append(
                            (lineNumber, .failure(PageReadError(code: .malformed, message: "line \(lineNumber) is not valid JSON"))))
                    }
                }
                lineStart = lineEnd + 1
            }
        }
        if items.count == 1, items[0].number != nil { items[0].number = nil }
        let read = items.map { item in
            PageReader.Item(
                number: item.number, page: item.value.flatMap { value in Result { () throws(PageReadError) in try page(from: value) } })
        }
        guard !read.isEmpty else {
            throw PageReadError(code: .malformed, message: "JSON holds no scraper item objects")
        }
        return read
    }

    /// One item's page; `html` bodies go through the HTML reader and the item's own
    /// fields override what the HTML states.
    func page(from item: JSONValue) throws(PageReadError) -> Page {
        guard case .object = item else {
            throw PageReadError(code: .malformed, message: "JSON item is not an object with url, title and text fields")
        }
        var page: Page
        if let text = item.first(of: ["text", "body", "content", "articleBody", "article"])?.text,
            !TextParagraphs.split(text).isEmpty
        {
            page = Page(format: .json, paragraphs: TextParagraphs.split(text))
        } else if let html = item.first(of: ["html", "raw_html", "page"])?.text {
            page = try HTMLPageReader().read(utf8: Array(html.utf8))
            page.format = .json
        } else {
            throw PageReadError(code: .noArticle, message: "no article text found")
        }
        if let title = item.first(of: ["title", "headline"])?.text?.trimmed.nonEmpty { page.title = title }
        if let url = item.first(of: ["url", "link", "canonical_url"])?.text?.trimmed.nonEmpty { page.url = url }
        if let date = item.first(of: ["published", "date", "datePublished", "published_at", "pubDate"])?.text {
            page.published = PublishedDateParser().parse(date) ?? page.published
        }
        if let author = item.first(of: ["author", "authors", "byline", "creator"]) {
            page.author = author.texts.compactMap(HTMLPageReader.names(in:)).joined(separator: ", ").nonEmpty ?? page.author
        }
        if let section = item.first(of: ["section", "category", "articleSection"])?.text?.trimmed.nonEmpty {
            page.section = section
        }
        if let source = item.first(of: ["source", "site", "site_name", "publisher"])?.text?.trimmed.nonEmpty {
            page.source = source
        }
        if let tags = item.first(of: ["tags", "keywords"])?.texts, !tags.isEmpty { page.tags = tags }
        if let language = HTMLPageReader.languageCode(item.first(of: ["language", "lang", "inLanguage"])?.text) {
            page.language = language
        } else if page.language == nil {
            page.language = LanguageDetector().detect(page.paragraphs)
        }
        return page
    }
}
