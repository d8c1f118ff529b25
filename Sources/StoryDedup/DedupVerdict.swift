/// What a page is relative to the pages already remembered.
public enum DedupVerdict: Sendable, Hashable {
    /// The first page of a new story; its story id is its own content id.
    case new
    /// The same text again: the same normalised body, or one nearly identical to it.
    case duplicate(DedupMatch)
    /// The same story with real changes: a corrected paragraph, a longer version.
    case update(DedupMatch)

    /// The remembered page this verdict points at, if any.
    public var match: DedupMatch? {
        switch self {
        case .new: nil
        case .duplicate(let match), .update(let match): match
        }
    }

    /// The story a page with this verdict belongs to.
    public func story(of fingerprint: PageFingerprint) -> UInt64 {
        match?.story ?? fingerprint.contentID
    }
}

/// The remembered page a new page was matched with.
public struct DedupMatch: Sendable, Hashable {
    /// Content id of the remembered page.
    public var document: UInt64
    /// Story id of the remembered page, which the new page joins.
    public var story: UInt64
    /// Estimated similarity of the two bodies, 0...1; 1 for the same normalised body.
    public var similarity: Double
    /// Whether the normalised bodies are identical (same content id).
    public var exact: Bool

    public init(document: UInt64, story: UInt64, similarity: Double, exact: Bool) {
        self.document = document
        self.story = story
        self.similarity = similarity
        self.exact = exact
    }
}
