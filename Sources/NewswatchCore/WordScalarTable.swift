/// Which Basic Multilingual Plane scalars are word characters, computed once.
///
/// Asking Unicode properties per scalar is a table search in the standard library and
/// dominated tokenising pages full of typographic punctuation and Cyrillic; a bitmap of
/// the 65,536 BMP scalars (8 KiB) answers in one load.
struct WordScalarTable: Sendable {
    static let shared = WordScalarTable()

    private let bits: [UInt64]

    private init() {
        var bits = [UInt64](repeating: 0, count: 0x1_0000 / 64)
        for value in UInt32(0x80)..<0x1_0000 {
            guard let scalar = Unicode.Scalar(value), Self.computeIsWord(scalar) else { continue }
            bits[Int(value >> 6)] |= 1 << UInt64(value & 63)
        }
        self.bits = bits
    }

    @inline(__always)
    func contains(_ value: UInt32) -> Bool {
        bits[Int(value >> 6)] & (1 << UInt64(value & 63)) != 0
    }

    /// Letters, marks and decimal digits; U+FFFD (undecodable bytes) is not a word character.
    ///
    /// Never inlined: inlined, its property look-up made the compiler fetch type metadata
    /// and reserve stack at the start of every word scan, a fifth of tokenising.
    @inline(never)
    static func computeIsWord(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value == 0xFFFD { return false }
        let properties = scalar.properties
        if properties.isAlphabetic { return true }
        switch properties.generalCategory {
        case .decimalNumber, .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
}
