public import NewswatchCore

/// A page ready for topic matching: every field tokenised once and its words keyed.
///
/// The daemon tokenises the body once and shares the tokens with the duplicate stage; the
/// body tokens must come from `Tokenizer().tokens(of: page.body)`. Title, section, tags
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

    public init(page: Page, bodyTokens: [Token]) {
        self.page = page
        let tokenizer = Tokenizer()
        var segments: [DocumentSegment] = []
        var position = 0
        func add(_ field: FieldScope, _ text: String, _ tokens: [Token]) {
            guard !tokens.isEmpty else { return }
            segments.append(DocumentSegment(field: field, text: text, tokens: tokens, firstPosition: position))
            position += tokens.count
        }
        func add(_ field: FieldScope, _ text: String?) {
            guard let text, !text.isEmpty else { return }
            add(field, text, tokenizer.tokens(of: text))
        }
        add(.title, page.title)
        add(.body, page.body, bodyTokens)
        add(.section, page.section)
        add(.source, page.source)
        for tag in page.tags { add(.tags, tag) }
        self.segments = segments

        var segmentOfPosition = [Int32](repeating: 0, count: position)
        var exactKeys = [UInt64](repeating: 0, count: position)
        var fieldOfPosition = [FieldScope](repeating: [], count: position)
        for (index, segment) in segments.enumerated() {
            for (offset, token) in segment.tokens.enumerated() {
                segmentOfPosition[segment.firstPosition + offset] = Int32(index)
                fieldOfPosition[segment.firstPosition + offset] = segment.field
                exactKeys[segment.firstPosition + offset] = TermKey.exact(token.term)
            }
        }
        self.segmentOfPosition = segmentOfPosition
        self.exactKeys = exactKeys
        self.fieldOfPosition = fieldOfPosition
        exactPostings = Postings(keys: exactKeys)
    }

    /// Tokenises the body too, for callers without shared body tokens.
    public init(page: Page) {
        self.init(page: page, bodyTokens: Tokenizer().tokens(of: page.body))
    }

    var positionCount: Int { exactKeys.count }

    @inline(__always)
    func segment(at position: Int) -> DocumentSegment { segments[Int(segmentOfPosition[position])] }

    @inline(__always)
    func field(at position: Int) -> FieldScope { fieldOfPosition[position] }

    func token(at position: Int) -> Token {
        let segment = segment(at: position)
        return segment.tokens[position - segment.firstPosition]
    }
}
