public import NewswatchCore

/// Reads the bytes of one dropped file into pages: detects the format and charset from
/// the content, extracts the fields and the article body.
///
/// Pure: it sees bytes and a file name (only a hint), never the file system.
public struct PageReader: Sendable {
    public struct Options: Sendable {
        /// The most bytes a file may hold, or unpack to when gzipped.
        public var maximumSize: Int

        public init(maximumSize: Int = 64 * 1024 * 1024) {
            self.maximumSize = maximumSize
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// The pages in one file's bytes; a JSON Lines file may hold many.
    /// - Throws: `PageReadError` naming why nothing could be read.
    public func read(_ bytes: [UInt8], fileName: String) throws(PageReadError) -> [Page] {
        let items = try readItems(bytes, fileName: fileName)
        let pages = items.compactMap { try? $0.page.get() }
        if pages.isEmpty, case .failure(let error)? = items.last?.page { throw error }
        return pages
    }

    /// One page of a file, or why one item of a JSON scraper file could not be read.
    public struct Item: Sendable {
        /// The item's JSON Lines line (or place in a JSON array); nil for a file of one page.
        public var number: Int?
        public var page: Result<Page, PageReadError>
    }

    /// The items of one file's bytes: one for a page, one per line of a JSON Lines file,
    /// where a broken line is an item that failed.
    /// - Throws: `PageReadError` when the file as a whole cannot be read.
    public func readItems(_ bytes: [UInt8], fileName: String) throws(PageReadError) -> [Item] {
        guard bytes.count <= options.maximumSize else {
            throw PageReadError(
                code: .tooLarge,
                message: "file is \(bytes.count / (1024 * 1024)) MiB, over the \(options.maximumSize / (1024 * 1024)) MiB limit")
        }
        var content = bytes
        if GzipInflater.isGzip(content) {
            content = try GzipInflater(limit: options.maximumSize).inflate(content)
        }
        let text = try ContentSniffer.utf8Text(content)
        switch ContentSniffer.format(of: text, fileName: fileName) {
        case .html:
            return [Item(number: nil, page: .success(try HTMLPageReader().read(utf8: text)))]
        case .json:
            return try ScraperItemReader().items(text)
        case .text:
            return [Item(number: nil, page: .success(try readText(text)))]
        }
    }

    /// A text dump: the text-dump extractor finds the article among the page furniture.
    private func readText(_ utf8: [UInt8]) throws(PageReadError) -> Page {
        let extracted = utf8.withUnsafeBufferPointer { TextDumpExtractor().extract(utf8: $0) }
        guard var page = extracted, !page.paragraphs.isEmpty else {
            throw PageReadError(code: .noArticle, message: "no article text found")
        }
        if page.language == nil { page.language = LanguageDetector().detect(page.paragraphs) }
        return page
    }
}
