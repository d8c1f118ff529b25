import Synchronization

/// Lends Snowball stemmers, one caller at a time per stemmer, kept per algorithm.
final class StemmerPool: Sendable {
    private let idle = Mutex<[String: [Stemmer]]>([:])

    init() {}

    /// Runs `body` with a stemmer for `algorithm` no other thread uses meanwhile; nil when
    /// libstemmer has no such algorithm.
    func withStemmer<Result>(_ algorithm: String, _ body: (Stemmer) -> Result) -> Result? {
        let lent = idle.withLock { $0[algorithm]?.popLast() }
        guard let stemmer = lent ?? Stemmer(algorithm: algorithm) else { return nil }
        defer { idle.withLock { $0[algorithm, default: []].append(stemmer) } }
        return body(stemmer)
    }
}
