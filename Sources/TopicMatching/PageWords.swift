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

    /// Stems each distinct page word once (the stemmer remembers words across pages).
    init(document: MatchDocument, stemmer: Stemmer) {
        let exact = document.exactPostings
        let distinct = exact.distinct
        let formOfWord = stemmer.formKeys(exactKeys: distinct.map(\.key)) { index in
            document.term(at: Int(distinct[index].first))
        }
        keys = exact.wordOfPosition.map { formOfWord[Int($0)] }
        postings = Postings(keyOfWord: formOfWord, exact: exact)
    }
}
