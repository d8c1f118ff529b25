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

    func analyze(_ bytes: [UInt8], name: String) -> Result<[AnalyzedPage], PageReadError> {
        let pages: [Page]
        do {
            pages = try reader.read(bytes, fileName: name)
        } catch {
            return .failure(error)
        }
        return .success(pages.map(analyze))
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
