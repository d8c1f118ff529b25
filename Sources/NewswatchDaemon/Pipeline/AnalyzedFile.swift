import NewswatchCore
import StoryDedup
import SystemPackage
import TopicMatching

/// A dropped file after the parallel stage: read, parsed, fingerprinted and matched, but
/// not yet compared with the stories the daemon remembers.
struct AnalyzedFile: Sendable {
    let name: FilePath
    /// What the file was when read, so a move after a crash never takes a newer file of
    /// the same name.
    let identity: FileIdentity?
    let outcome: Outcome

    enum Outcome: Sendable {
        /// The pages read, and the items of a JSON scraper file that could not be read.
        case pages([AnalyzedPage], failedItems: [FailedItem] = [])
        case failed(reason: String, kind: FailureKind)
        /// Gone before it could be opened: handled already, or removed by someone else.
        case vanished
        /// Not a page at all (a folder): left alone.
        case skipped(reason: String)
    }
}

/// An item of a JSON scraper file that could not be read (a broken JSON Lines line).
struct FailedItem: Sendable {
    let item: Int?
    let reason: String
    let kind: FailureKind
}

/// One page of a file with what the pure stages made of it.
struct AnalyzedPage: Sendable {
    /// The page's JSON Lines line (or place in a JSON array); nil for a file of one page.
    var item: Int? = nil
    let page: Page
    let fingerprint: PageFingerprint
    let matches: [TopicMatch]
}
