import NewswatchCore
import PageParsing
import StoryDedup
import SystemPackage
import TopicMatching

/// The CPU-heavy stage of a page: bytes → pages → tokens → fingerprint and topic matches.
///
/// It holds no state beyond the topic matcher, so a burst is split over both cores.
struct PageAnalyzer: Sendable {
    let reader: PageReader
    let matcher: TopicMatcher
    private let tokenizer = Tokenizer()
    private let fingerprinter = PageFingerprinter()

    init(matcher: TopicMatcher, reader: PageReader = PageReader()) {
        self.matcher = matcher
        self.reader = reader
    }

    /// The file's pages, and the items of a JSON scraper file that could not be read; a
    /// failure when the file gave no page at all.
    func analyze(_ bytes: [UInt8], name: String) -> Result<([AnalyzedPage], [FailedItem]), PageReadError> {
        let items: [PageReader.Item]
        do {
            items = try reader.readItems(bytes, fileName: name)
        } catch {
            return .failure(error)
        }
        var pages: [AnalyzedPage] = []
        var failed: [FailedItem] = []
        var lastError: PageReadError?
        for item in items {
            switch item.page {
            case .success(let page):
                var analyzed = analyze(page)
                analyzed.item = item.number
                pages.append(analyzed)
            case .failure(let error):
                failed.append(FailedItem(item: item.number, reason: error.message, kind: FailureKind(error)))
                lastError = error
            }
        }
        if pages.isEmpty, let lastError { return .failure(lastError) }
        return .success((pages, failed))
    }

    func analyze(_ page: Page) -> AnalyzedPage {
        // The body is tokenised once and shared by the duplicate and topic stages.
        let body = page.body
        let bodyWords = tokenizer.tokenize(body)
        let fingerprint = fingerprinter.fingerprint(body: bodyWords)
        let matches = matcher.match(MatchDocument(page: page, body: body, bodyWords: bodyWords))
        return AnalyzedPage(page: page, fingerprint: fingerprint, matches: matches)
    }
}
