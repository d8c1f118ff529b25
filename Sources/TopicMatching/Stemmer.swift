import CStemmer
import NewswatchCore

/// One libstemmer Snowball stemmer with a memo of the words it has seen.
///
/// A libstemmer stemmer keeps its work buffer inside, so one instance must never be used
/// by two threads at once; `StemmerPool` lends each to one caller at a time, which is why
/// the unchecked `Sendable` is sound.
final class Stemmer: @unchecked Sendable {
    private let handle: OpaquePointer
    private let derivation: EnglishDerivation?
    /// Exact-form key → index of its word-form key in `formKeys`; bounded so a
    /// long-running daemon does not grow.
    private var memo = KeyTable(capacity: 4096)
    private var formKeys: [UInt64] = []
    private static let memoLimit = 300_000

    init?(algorithm: String) {
        guard let handle = sb_stemmer_new(algorithm, "UTF_8") else { return nil }
        self.handle = handle
        // Snowball english keeps expansion→expans apart from expanding→expand.
        derivation = algorithm == "english" ? EnglishDerivation() : nil
    }

    deinit { sb_stemmer_delete(handle) }

    /// The word-form key of a folded word whose exact key is `exactKey`.
    func formKey(of word: String, exactKey: UInt64) -> UInt64 {
        formKeys(exactKeys: [exactKey]) { _ in word }[0]
    }

    /// The word-form keys of many words at once: `exactKeys[i]` is the exact key of `word(i)`.
    ///
    /// The memo is moved out of the object for the batch, so its look-ups pay no dynamic
    /// exclusivity check each (a page has hundreds of distinct words).
    func formKeys(exactKeys: [UInt64], word: (Int) -> String) -> [UInt64] {
        var memo = KeyTable(capacity: 0)
        var formKeys: [UInt64] = []
        swap(&memo, &self.memo)
        swap(&formKeys, &self.formKeys)
        defer {
            swap(&memo, &self.memo)
            swap(&formKeys, &self.formKeys)
        }
        return exactKeys.indices.map { index in
            let exactKey = exactKeys[index]
            if let known = memo.value(for: exactKey) { return formKeys[Int(known)] }
            let key = computeFormKey(of: word(index))
            if formKeys.count >= Self.memoLimit {
                memo = KeyTable(capacity: 4096)
                formKeys.removeAll(keepingCapacity: true)
            }
            memo.update(Int32(formKeys.count), for: exactKey)
            formKeys.append(key)
            return key
        }
    }

    /// The Snowball stem of a folded word, after the English derivational step.
    func stem(_ word: String) -> String {
        var result = ""
        withStem(of: word) { result = String(decoding: $0, as: UTF8.self) }
        return result
    }

    private func computeFormKey(of word: String) -> UInt64 {
        var key: UInt64 = 0
        withStem(of: word) { key = TermKey.form($0) }
        return key
    }

    private func withStem(of word: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var source = derivation?.reduce(word) ?? word
        source.withUTF8 { bytes in
            guard let base = bytes.baseAddress,
                let stemmed = sb_stemmer_stem(handle, base, Int32(bytes.count))
            else {
                body(bytes)
                return
            }
            body(UnsafeBufferPointer(start: stemmed, count: Int(sb_stemmer_length(handle))))
        }
    }
}
