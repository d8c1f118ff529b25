import NewswatchCore
import StoryDedup
import SystemPackage
import TopicMatching

/// A dropped file after the parallel stage: read, parsed, fingerprinted and matched, but
/// not yet compared with the stories the daemon remembers.
struct AnalyzedFile: Sendable {
    let name: FilePath.Component
    /// What the file was when read, so a move after a crash never takes a newer file of
    /// the same name.
    let identity: FileIdentity?
    let outcome: Outcome

    enum Outcome: Sendable {
        case pages([AnalyzedPage])
        case failed(reason: String)
        /// Gone before it could be opened: handled already, or removed by someone else.
        case vanished
        /// Not a page at all (a folder): left alone.
        case skipped(reason: String)
    }
}

/// One page of a file with what the pure stages made of it.
struct AnalyzedPage: Sendable {
    let page: Page
    let fingerprint: PageFingerprint
    let matches: [TopicMatch]
}
