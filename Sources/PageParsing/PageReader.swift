public import NewswatchCore

/// Reads the bytes of one dropped file into pages: detects the format and charset from
/// the content, extracts the fields and the article body.
///
/// Pure: it sees bytes and a file name (only a hint), never the file system.
public struct PageReader: Sendable {
    public struct Options: Sendable {
        public init() {}
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// The pages in one file's bytes; a JSON Lines file may hold many.
    /// - Throws: `PageReadError` naming why nothing could be read.
    public func read(_ bytes: [UInt8], fileName: String) throws(PageReadError) -> [Page] {
        // First version: UTF-8 text, whole text as body. Replaced by the real readers.
        let text = String(decoding: bytes, as: UTF8.self)
        let paragraphs = text.split(separator: "\n\n").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        guard !paragraphs.isEmpty else {
            throw PageReadError(code: .noArticle, message: "no article text found")
        }
        return [Page(format: .text, title: paragraphs.first, paragraphs: paragraphs)]
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> String {
        var slice = self[...]
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}
