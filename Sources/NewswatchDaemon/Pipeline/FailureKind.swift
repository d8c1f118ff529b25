import PageParsing

/// Why a file or item failed, in a few fixed words: the `reason` label of
/// `newswatch_failures_total`. The journal keeps the full sentence (`NEWSWATCH_REASON`);
/// a metric label needs a short, bounded set.
enum FailureKind: String, Sendable, CaseIterable {
    /// Not readable as a regular file: a link, FIFO or device, permission denied, an I/O
    /// error, or over `max_file_size`.
    case unreadable
    case empty
    case binary
    case truncated
    case tooLarge = "too_large"
    case malformed
    case noArticle = "no_article"

    init(_ error: PageReadError) {
        switch error.code {
        case .empty: self = .empty
        case .binary: self = .binary
        case .truncated: self = .truncated
        case .tooLarge: self = .tooLarge
        case .malformed: self = .malformed
        case .noArticle: self = .noArticle
        }
    }
}
