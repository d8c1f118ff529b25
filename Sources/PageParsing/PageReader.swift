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
            return [try HTMLPageReader().read(utf8: text)]
        case .json:
            return try ScraperItemReader().read(text)
        case .text:
            return [try readText(text)]
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
