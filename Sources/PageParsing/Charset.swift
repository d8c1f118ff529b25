/// The character encodings the reader understands.
enum Charset: Sendable, Hashable {
    case utf8
    case utf16LittleEndian
    case utf16BigEndian
    case windows1251
    case koi8R
    /// windows-1252, also used for ISO-8859-1 and US-ASCII labels.
    case windows1252

    /// The charset a `charset=` label names, per the common aliases; nil for labels the
    /// reader cannot decode, so detection decides instead.
    init?(label: some Collection<UInt8>) {
        var name = ""
        for byte in label {
            let lower = byte | 0x20
            if (lower >= 0x61 && lower <= 0x7A) || (byte >= 0x30 && byte <= 0x39) {
                name.unicodeScalars.append(Unicode.Scalar(lower >= 0x61 && lower <= 0x7A ? lower : byte))
            }
        }
        switch name {
        case "utf8", "unicode11utf8": self = .utf8
        case "utf16", "utf16le", "unicode": self = .utf16LittleEndian
        case "utf16be": self = .utf16BigEndian
        case "windows1251", "cp1251", "xcp1251": self = .windows1251
        case "koi8r", "koi8", "koi8u", "cskoi8r": self = .koi8R
        case "windows1252", "cp1252", "iso88591", "latin1", "l1", "usascii", "ascii", "iso885915", "xcp1252":
            self = .windows1252
        default: return nil
        }
    }

    /// The upper-half table of a single-byte charset; nil for the Unicode encodings.
    var singleByteTable: [UInt16]? {
        switch self {
        case .windows1251: SingleByteTables.windows1251
        case .koi8R: SingleByteTables.koi8R
        case .windows1252: SingleByteTables.windows1252
        case .utf8, .utf16LittleEndian, .utf16BigEndian: nil
        }
    }
}
