import NewswatchCore
import TopicMatching

/// What became of one page (or of a file that could not be read): the verdict the story desk
/// reached, as a value. The state store keeps it as a `page` row; the journal side turns it
/// into the outcome entry.
struct PageOutcome: Sendable {
    enum Verdict: String, Sendable {
        case new, duplicate, update, failed
    }

    var file: String
    /// The item within a JSON Lines file; nil for a file of one page.
    var item: Int?
    var verdict: Verdict
    /// Content id and story id as hex; nil for a failed file.
    var doc: String?
    var story: String?
    /// Similarity to the matched page, for a duplicate or an update.
    var score: Double?
    var matchedDoc: String?
    /// Why a file or item failed.
    var reason: String?
    /// The page read; nil for a failed file.
    var page: Page?
    /// Unix seconds.
    var seenAt: Int64
}

/// An alert the story desk raises: a watched topic matched a page of a story that had not
/// alerted for it. The journal side turns it into the alert entry.
struct Alert: Sendable {
    var outcome: PageOutcome
    var topic: TopicSettings
    var match: TopicMatch
}
