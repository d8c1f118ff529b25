import NewswatchCore
import PageParsing
import StoryDedup
import TopicMatching

/// What the daemon does with a dropped file's bytes, short of the file system and the
/// state: read it into pages (sniffing, gzip, charsets, HTML, text dump, JSON items), then
/// tokenise each body, fingerprint it and match it against a few topics.
///
/// libFuzzer's driver calls this once per input. A thrown `PageReadError` is a good outcome
/// (the daemon fails the file with that reason); a crash, a sanitizer report, a timeout, a
/// libxml2 message or a page that breaks README's promises is a finding.
enum PageReaderFuzzing {
    /// Smaller than the daemon's default limit so that a gzip bomb costs milliseconds, not
    /// seconds; the limit itself is a plain comparison in the gzip inflater.
    static let reader = PageReader(options: PageReader.Options(maximumSize: 1024 * 1024))
    static let tokenizer = Tokenizer()
    static let fingerprinter = PageFingerprinter()
    /// Phrases, proximity, wildcards, field scopes, exclusions, a fixed and a followed
    /// language: every kind of query the matcher compiles differently.
    static let matcher: TopicMatcher = {
        let topics = [
            TopicDefinition(id: "nato", name: "NATO", query: #"NATO AND (expansion OR "build-up" OR enlarg*)"#),
            TopicDefinition(id: "nato-ru", name: "НАТО", query: "НАТО AND (расширение OR наращивание)", language: "ru"),
            TopicDefinition(id: "near", name: "near", query: #""cyber attack"~3 OR (hacker* AND grid) -sport"#),
            TopicDefinition(
                id: "fields", name: "fields", query: "source:TASS AND (title:(missile* OR drill*) OR section:world)",
                minHits: 2),
            TopicDefinition(id: "exact", name: "exact", query: #"=Moscow OR ="Red Square" OR !nothing"#, language: "none"),
        ]
        do {
            return try TopicMatcher(topics: topics)
        } catch {
            fatalError("the fuzzer's own topics do not compile: \(error)")
        }
    }()

    /// `published` as `PublishedDateParser` writes it: a date, or a date-time with an offset.
    nonisolated(unsafe) static let isoDate =
        /[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9]([+-][01][0-9]:[0-5][0-9])?)?/

    /// Builds the matcher before the first input.
    static func prepare() {
        _ = matcher.topics
        _ = isoDate
    }

    static func run(_ bytes: [UInt8]) {
        // The name is only a tie-break hint for HTML; the last byte lets the fuzzer try both.
        let name = (bytes.last ?? 0) & 1 == 0 ? "page.html" : "page.txt"
        let pages: [Page]
        do {
            pages = try reader.read(bytes, fileName: name)
        } catch {
            precondition(!error.message.isEmpty, "a read error without a message")
            return
        }
        precondition(!pages.isEmpty, "the reader returned no page and no error")
        for page in pages {
            // What README promises of every page the daemon passes on.
            precondition(!page.paragraphs.isEmpty, "a page without article text")
            if let published = page.published {
                precondition(published.wholeMatch(of: isoDate) != nil, "published is not an ISO 8601 date: \(published)")
            }
            let body = page.body
            let words = tokenizer.tokenize(body)
            _ = fingerprinter.fingerprint(body: words)
            _ = matcher.match(MatchDocument(page: page, body: body, bodyWords: words))
        }
    }
}
