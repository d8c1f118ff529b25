/// Letter tests and lower-casing for Unicode scalars, fast for the scripts news is written
/// in (Latin, Cyrillic, Greek) and exact through the Unicode tables for the rest.
enum Letters {
    /// The lower-case form of `scalar` when it is a letter, or nil when it is not one.
    static func lowercased(_ scalar: UInt32) -> UInt32? {
        switch scalar {
        case 0x41...0x5A: return scalar | 0x20
        case 0x61...0x7A: return scalar
        case 0...0x7F: return nil
        case 0xC0...0xDE where scalar != 0xD7: return scalar + 0x20
        case 0xDF...0xFF where scalar != 0xF7: return scalar
        // Latin Extended letters keep their case: no stop word is spelled with them.
        case 0x100...0x24F: return scalar
        case 0x410...0x42F: return scalar + 0x20
        case 0x400...0x40F: return scalar + 0x50
        case 0x430...0x45F: return scalar
        case 0x391...0x3A9: return scalar + 0x20
        case 0x3B1...0x3C9: return scalar
        default:
            guard let value = Unicode.Scalar(scalar) else { return nil }
            let properties = value.properties
            guard properties.isAlphabetic || properties.generalCategory == .nonspacingMark else { return nil }
            return properties.isUppercase ? properties.lowercaseMapping.unicodeScalars.first?.value ?? scalar : scalar
        }
    }
}
