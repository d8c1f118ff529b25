public import NewswatchCore

/// A page ready for topic matching: every field tokenised once and its words keyed.
///
/// The daemon tokenises the body once and shares the tokens with the duplicate stage; the
/// body words must come from `Tokenizer().tokenize(page.body)`. Title, section, tags
/// and source are tokenised here.
public struct MatchDocument: Sendable {
    public let page: Page
    let segments: [DocumentSegment]
    /// Per page-wide position: the segment it lies in.
    let segmentOfPosition: [Int32]
    /// Per position: the field it lies in (kept apart so checks retain no segment).
    let fieldOfPosition: [FieldScope]
    /// Per position: the exact-form key.
    let exactKeys: [UInt64]
    let exactPostings: Postings

    public init(page: Page, bodyWords: TokenizedText) {
        self.init(page: page, body: page.body, bodyWords: bodyWords)
    }

    /// For a caller that already joined `page.body` to tokenise it: the body is not joined again.
    public init(page: Page, body: String, bodyWords: TokenizedText) {
        self.page = page
        let tokenizer = Tokenizer()
        var segments: [DocumentSegment] = []
        var position = 0
        func add(_ field: FieldScope, _ text: String, _ words: TokenizedText) {
            guard !words.isEmpty else { return }
            segments.append(DocumentSegment(field: field, text: text, words: words, firstPosition: position))
            position += words.count
        }
        func add(_ field: FieldScope, _ text: String?) {
            guard let text, !text.isEmpty else { return }
            add(field, text, tokenizer.tokenize(text))
        }
        add(.title, page.title)
        add(.body, body, bodyWords)
        add(.section, page.section)
        add(.source, page.source)
        for tag in page.tags { add(.tags, tag) }
        self.segments = segments

        var segmentOfPosition = [Int32](repeating: 0, count: position)
        var exactKeys = [UInt64](repeating: 0, count: position)
        var fieldOfPosition = [FieldScope](repeating: [], count: position)
        for (index, segment) in segments.enumerated() {
            let first = segment.firstPosition
            let count = segment.tokens.count
            segmentOfPosition.withUnsafeMutableBufferPointer { $0[first..<first + count].update(repeating: Int32(index)) }
            fieldOfPosition.withUnsafeMutableBufferPointer { $0[first..<first + count].update(repeating: segment.field) }
            // The tokenizer keyed every word while folding it.
            segment.tokens.withUnsafeBufferPointer { tokens in
                exactKeys.withUnsafeMutableBufferPointer { keys in
                    for offset in 0..<count { keys[first + offset] = tokens[offset].key }
                }
            }
        }
        self.segmentOfPosition = segmentOfPosition
        self.exactKeys = exactKeys
        self.fieldOfPosition = fieldOfPosition
        exactPostings = Postings(texts: segments.map(\.words))
    }

    /// Tokenises the body too, for callers without shared body words.
    public init(page: Page) {
        let body = page.body
        self.init(page: page, body: body, bodyWords: Tokenizer().tokenize(body))
    }

    var positionCount: Int { exactKeys.count }

    @inline(__always)
    func segment(at position: Int) -> DocumentSegment { segments[Int(segmentOfPosition[position])] }

    @inline(__always)
    func field(at position: Int) -> FieldScope { fieldOfPosition[position] }

    /// Reads through the segment in place: copying a segment retains its text and words,
    /// and this runs for every distinct word of a page.
    func token(at position: Int) -> Token {
        let index = Int(segmentOfPosition[position])
        return segments[index].words.tokens[position - segments[index].firstPosition]
    }

    /// Calls `body` with the folded bytes of the word at `position`.
    func withTerm<Result>(at position: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let index = Int(segmentOfPosition[position])
        let words = segments[index].words
        return words.words.withBytes(of: Int(words.tokens[position - segments[index].firstPosition].word), body)
    }

    /// The folded form of the word at `position`.
    func term(at position: Int) -> String {
        withTerm(at: position) { String(decoding: $0, as: UTF8.self) }
    }
}
