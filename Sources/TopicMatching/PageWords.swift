import NewswatchCore

/// A page's words under one way of comparing them: a key per position and its postings.
///
/// For exact forms this is the document's own exact keys; for a stemmed language each
/// distinct word is stemmed once (and remembered by the stemmer across pages).
struct PageWords: Sendable {
    let keys: [UInt64]
    let postings: Postings

    init(exactOf document: MatchDocument) {
        keys = document.exactKeys
        postings = document.exactPostings
    }

    init(document: MatchDocument, stemmer: Stemmer) {
        var keys = [UInt64](repeating: 0, count: document.positionCount)
        for segment in document.segments {
            for (offset, token) in segment.tokens.enumerated() {
                let position = segment.firstPosition + offset
                keys[position] = stemmer.formKey(of: token.term, exactKey: document.exactKeys[position])
            }
        }
        self.keys = keys
        postings = Postings(keys: keys)
    }
}
