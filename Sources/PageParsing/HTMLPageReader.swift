import NewswatchCore

/// Reads one HTML document (already UTF-8) into a page: fields from meta tags and
/// JSON-LD, the body from `ArticleExtractor`.
struct HTMLPageReader {
    var extractor = ArticleExtractor()

    func read(utf8 bytes: [UInt8]) throws(PageReadError) -> Page {
        let prefiltered = HTMLPrefilter(bytes)
        var tree = HTMLTreeBuilder.parse(prefiltered.html)
        tree.metadata.jsonLD = prefiltered.jsonLD
        let linked = LinkedData(blocks: prefiltered.jsonLD)
        var extraction = extractor.extract(from: tree)
        extraction.paragraphs = Self.preferLinkedBody(extraction.paragraphs, linked.articleBody)
        if extraction.paragraphs.isEmpty { extraction = extractor.fallback(from: tree) }
        var paragraphs = extraction.paragraphs
        guard !paragraphs.isEmpty else {
            throw PageReadError(code: .noArticle, message: "no article text found")
        }
        let metadata = tree.metadata
        let siteName = metadata.meta("og:site_name", "application-name") ?? linked.publisher
        let title = Self.title(tree: tree, metadata: metadata, linked: linked, siteName: siteName)
        paragraphs = ArticleBoilerplate().cleaned(paragraphs, title: title)
        var page = Page(format: .html, paragraphs: paragraphs)
        page.title = title
        page.published = Self.published(metadata: metadata, linked: linked)
        page.author = Self.author(tree: tree, metadata: metadata, linked: linked, body: extraction.container)
        page.section = metadata.meta("article:section", "section", "parsely-section") ?? linked.section
        page.source = siteName
        page.url = metadata.canonical?.trimmed.nonEmpty ?? metadata.meta("og:url") ?? linked.url
        page.tags = metadata.tags.isEmpty ? linked.keywords : metadata.tags
        page.language = Self.languageCode(metadata.language) ?? LanguageDetector().detect(paragraphs)
        return page
    }

    /// The JSON-LD `articleBody` when the page states a fuller one than the extractor
    /// found (teaser markup, bodies rendered by script), or any when it found none;
    /// otherwise the extracted text.
    static func preferLinkedBody(_ paragraphs: [String], _ linkedBody: String?) -> [String] {
        guard let linkedBody, linkedBody.utf8.count >= (paragraphs.isEmpty ? 1 : 400) else { return paragraphs }
        let extracted = paragraphs.reduce(0) { $0 + $1.utf8.count }
        guard extracted * 2 < linkedBody.utf8.count else { return paragraphs }
        return TextParagraphs.split(linkedBody)
    }

    private static func published(metadata: HTMLMetadata, linked: LinkedData) -> String? {
        let candidates: [String?] = [
            linked.published,
            metadata.meta("article:published_time", "og:published_time", "datepublished", "article.published"),
            metadata.itempropPublished, linked.pagePublished,
            metadata.meta(
                "pubdate", "publishdate", "date", "dc.date", "dc.date.issued", "sailthru.date",
                "parsely-pub-date", "dcterms.created", "article:modified_time"),
            metadata.timeDateTime,
        ]
        let parser = PublishedDateParser()
        for case let candidate? in candidates {
            if let date = parser.parse(candidate) { return date }
        }
        return nil
    }

    /// `en` from `en-US`, `EN`, `en_GB`.
    static func languageCode(_ tag: String?) -> String? {
        guard let tag else { return nil }
        let code = tag.trimmed.prefix { $0.isLetter }.lowercased()
        return code.count == 2 || code.count == 3 ? code : nil
    }
}

extension String {
    /// Nil for an empty string.
    var nonEmpty: String? { isEmpty ? nil : self }
}
