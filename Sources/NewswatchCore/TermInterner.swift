/// The strings of one text's long words, found by their `WordKey`.
///
/// A 7,000-word Russian page has about a third as many distinct words, and most of its
/// words are longer than the 15 bytes a string keeps inline: making a `String` for each
/// occurrence was an allocation and a UTF-8 validation per word. Equal keys are taken as
/// equal words, as everywhere in matching: a 64-bit collision among a page's words is not
/// a practical concern.
struct TermInterner {
    private var indexOfKey: KeyTable
    private var terms: [String] = []

    /// `expected`: about how many distinct words to make room for without growing.
    init(expected: Int) {
        indexOfKey = KeyTable(capacity: expected)
    }

    /// The string of the word keyed `key`, made by `make` the first time the key is seen.
    @inline(__always)
    mutating func term(for key: UInt64, make: () -> String) -> String {
        if let known = indexOfKey.insert(Int32(terms.count), for: key) { return terms[Int(known)] }
        let term = make()
        terms.append(term)
        return term
    }
}
