/// The thresholds that turn a similarity into a verdict, and how long pages are remembered.
///
/// Similarities are estimated Jaccard similarities of the two bodies' word 4-gram sets: a
/// verdict is decided on the 256-bin `PreciseSignature` (standard error about 0.03 near
/// 0.3) wherever it is stored, the 64-bin signature only shortlisting candidates.
/// The defaults come from the dev corpus (88 pages, each as HTML, a w3m and a lynx dump,
/// run through `PageReader`) and from hand-made edits of its true bodies:
/// - renderings of one article: median estimated similarity 0.96, the lowest pairs where
///   both extractions worked 0.35–0.40;
/// - different articles: true similarity ≤ 0.12 even for two articles of one site; the
///   64-bin estimate of 34,000 such pairs tops out at 0.33 (estimation noise, which the
///   precise signature removes), and only pages sharing a lookup key are compared at all;
/// - one rewritten paragraph of a typical 500-word article: true similarity 0.75–0.85;
///   an article extended by half: about 0.67.
public struct DedupConfiguration: Sendable, Hashable {
    /// At or above this similarity a page is the same text again (`duplicate`).
    ///
    /// 0.95 keeps a re-sent page with a few words of changed furniture a duplicate, while a
    /// rewritten paragraph of a 6–12 paragraph article (true similarity 0.75–0.85, standard
    /// error of the precise estimate about 0.025) is always called an update.
    public var duplicateThreshold: Double
    /// At or above this similarity (and below `duplicateThreshold`) a page is an update of a
    /// known story; below it the page starts a new story.
    ///
    /// 0.3 sits between the worst same-story rendering pairs (0.25–0.4) and the best
    /// different-story pairs (≤ 0.15), five standard errors of the precise estimate from
    /// the latter.
    public var updateThreshold: Double
    /// How long, in seconds, a page is remembered; the daemon prunes older pages.
    /// Fourteen days: news stories are rarely updated or re-posted after two weeks.
    public var window: Int64

    /// Below this coarse estimate a candidate is dropped unconfirmed: the update threshold
    /// less 2.5 standard errors of the 64-bin estimate there (0.09 for the default 0.3), so
    /// a page truly 0.3 similar estimates below it once in 160 comparisons, and 0.4 similar
    /// once in 10,000.
    public var confirmationFloor: Double {
        let agreeing = updateThreshold + (1 - updateThreshold) / 4
        let standardError = (agreeing * (1 - agreeing) / Double(PageFingerprint.binCount)).squareRoot() / 0.75
        return updateThreshold - 2.5 * standardError
    }

    public init(duplicateThreshold: Double = 0.95, updateThreshold: Double = 0.3, window: Int64 = 14 * 86_400) {
        self.duplicateThreshold = duplicateThreshold
        self.updateThreshold = updateThreshold
        self.window = window
    }
}
