/// Where the story index finds the precise signatures of remembered pages.
///
/// The index keeps only the coarse 64-bin signature in RAM; the daemon keeps each page's
/// precise signature in its state database and hands the index a source that reads it
/// there, for the few candidates a verdict hangs on.
public protocol PreciseSignatureSource {
    /// What reading a signature can throw: `Never` for sources in memory.
    associatedtype Failure: Error

    /// The precise signature stored for the remembered page with content id `document`, or
    /// nil when none was stored (a page remembered before precise signatures existed).
    func preciseSignature(of document: UInt64) throws(Failure) -> PreciseSignature?
}

/// Precise signatures kept in a dictionary: for tests and benchmarks, which have no database.
public struct RememberedPreciseSignatures: PreciseSignatureSource, Sendable {
    public typealias Failure = Never

    public private(set) var signatures: [UInt64: PreciseSignature] = [:]

    public init() {}

    /// Keeps `fingerprint`'s precise signature, if it has one, under its content id.
    public mutating func remember(_ fingerprint: PageFingerprint) {
        if let precise = fingerprint.precise { signatures[fingerprint.contentID] = precise }
    }

    public func preciseSignature(of document: UInt64) -> PreciseSignature? {
        signatures[document]
    }
}

/// No precise signatures at all: every candidate is judged on its coarse estimate, as for
/// pages remembered before precise signatures existed.
public struct NoPreciseSignatures: PreciseSignatureSource, Sendable {
    public typealias Failure = Never

    public init() {}

    public func preciseSignature(of document: UInt64) -> PreciseSignature? { nil }
}

extension StoryIndex {
    /// The whole dedup stage without a database: classifies and remembers a page, confirming
    /// candidates on `signatures` and keeping the page's precise signature there.
    public mutating func record(
        _ fingerprint: PageFingerprint, seenAt time: Int64, remembering signatures: inout RememberedPreciseSignatures
    ) -> DedupVerdict {
        let verdict = record(fingerprint, seenAt: time, confirmingWith: signatures)
        signatures.remember(fingerprint)
        return verdict
    }
}
