import NewswatchCore
import SystemPackage

/// Names of files newswatch creates in `processed/` and `failed/`, kept within the 255-byte
/// limit of a file name (`NAME_MAX`) however long the dropped file's name is.
///
/// A page keeps its own name whenever it can; what newswatch adds (`.1`, `.reason`) never
/// makes a name too long: a name that would be is cut short and given a hash of the whole
/// name, so two long names that share a beginning still get different files.
enum SpoolName {
    /// Linux's limit on one file name, in bytes.
    static let limit = 255

    /// The `number`th name tried for `name`: the name itself, then `name.1`, `.2`, ….
    static func candidate(_ number: Int, for name: FilePath.Component) -> FilePath.Component {
        number == 0 ? name : adding(".\(number)", to: name)
    }

    /// The name of the file beside a failed page that says why it failed.
    static func reasonFile(for name: FilePath.Component) -> FilePath.Component {
        adding(".reason", to: name)
    }

    /// `name` with `suffix` appended, the name cut short (and marked with its hash) when
    /// both together would be over the limit.
    static func adding(_ suffix: String, to name: FilePath.Component) -> FilePath.Component {
        let bytes = OutboxBatchCoding.bytes(of: name)
        let tail = Array(suffix.utf8)
        guard bytes.count + tail.count > limit else { return component(bytes + tail) }
        var hash = StableHash()
        hash.combine(bytes: bytes)
        let mark = Array("~\(StableHash.hex(hash.value))".utf8)
        var keep = limit - tail.count - mark.count
        // Cut between characters when the name is UTF-8: never inside a multi-byte sequence.
        while keep > 0, bytes[keep] & 0xC0 == 0x80 { keep -= 1 }
        return component(Array(bytes[..<keep]) + mark + tail)
    }

    private static func component(_ bytes: [UInt8]) -> FilePath.Component {
        OutboxBatchCoding.component(bytes)!
    }
}
