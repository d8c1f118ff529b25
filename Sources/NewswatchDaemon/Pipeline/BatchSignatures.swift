import StoryDedup

/// The precise signatures a batch confirms candidates on: those the state store holds, and
/// those of the batch's own pages, which the store has not written yet.
struct BatchSignatures<Stored: PreciseSignatureSource>: PreciseSignatureSource {
    typealias Failure = Stored.Failure
    let stored: Stored
    private var batch = RememberedPreciseSignatures()

    init(stored: Stored) {
        self.stored = stored
    }

    mutating func remember(_ fingerprint: PageFingerprint) {
        batch.remember(fingerprint)
    }

    func preciseSignature(of document: UInt64) throws(Stored.Failure) -> PreciseSignature? {
        if let signature = batch.preciseSignature(of: document) { return signature }
        return try stored.preciseSignature(of: document)
    }
}
