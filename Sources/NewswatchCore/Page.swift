/// One article as read from a dropped file: the fields a person would cite and the
/// body without page furniture.
///
/// Pages are plain values so the parsing, duplicate and matching stages can be tested
/// and benchmarked without touching a file.
public struct Page: Sendable, Hashable {
    /// The shape the bytes had.
    public var format: PageFormat
    public var title: String?
    /// Publication date as ISO 8601: `2016-08-23`, `2016-08-23T11:04` or with an offset.
    public var published: String?
    /// The byline's names, such as `Jane Doe and John Roe`, without "By".
    public var author: String?
    public var section: String?
    /// Source or site name, such as `TASS`.
    public var source: String?
    /// The place the story was filed from, such as `MINSK`.
    public var dateline: String?
    public var url: String?
    /// ISO 639-1 code guessed from the body, such as `en` or `ru`.
    public var language: String?
    public var tags: [String]
    /// The article body, one element a paragraph, without navigation, captions or lists.
    public var paragraphs: [String]

    public init(
        format: PageFormat,
        title: String? = nil,
        published: String? = nil,
        author: String? = nil,
        section: String? = nil,
        source: String? = nil,
        dateline: String? = nil,
        url: String? = nil,
        language: String? = nil,
        tags: [String] = [],
        paragraphs: [String] = []
    ) {
        self.format = format
        self.title = title
        self.published = published
        self.author = author
        self.section = section
        self.source = source
        self.dateline = dateline
        self.url = url
        self.language = language
        self.tags = tags
        self.paragraphs = paragraphs
    }

    /// The body as one text, paragraphs separated by a blank line.
    public var body: String { paragraphs.joined(separator: "\n\n") }
}
