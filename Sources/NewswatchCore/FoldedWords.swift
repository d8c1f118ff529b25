/// The distinct folded words of one text, stored end to end in one byte array.
///
/// One array for all of a text's words instead of a `String` per word: making a string per
/// token was an allocation or a UTF-8 validation each, and most of a page's tokens repeat
/// a word already seen. Folded words are valid UTF-8 by construction (whole scalars of the
/// source, lowercased), so reading one back as a string needs no repair.
public struct FoldedWords: Sendable {
    @usableFromInline var bytes: [UInt8] = []
    /// Per word: the offset just past its last byte in `bytes`.
    @usableFromInline var ends: [Int32] = []

    public init() {}

    init(expectedWords: Int, expectedBytes: Int) {
        bytes.reserveCapacity(expectedBytes)
        ends.reserveCapacity(expectedWords)
    }

    /// How many distinct words there are.
    public var count: Int { ends.count }

    /// Calls `body` with the folded bytes of word number `word`.
    @inlinable
    public func withBytes<Result>(of word: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        let start = word == 0 ? 0 : Int(ends[word - 1])
        let end = Int(ends[word])
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    /// The folded form of word number `word`.
    public subscript(word: Int) -> String {
        withBytes(of: word) { String(decoding: $0, as: UTF8.self) }
    }

    /// Adds a word and returns its number.
    @inline(__always)
    mutating func append(_ word: UnsafeBufferPointer<UInt8>) -> Int32 {
        bytes.append(contentsOf: word)
        ends.append(Int32(bytes.count))
        return Int32(ends.count - 1)
    }
}
