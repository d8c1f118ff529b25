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

    /// The `number`th name tried for `name`: the name itself, then `page.1.html`, `page.2.html`,
    /// …, the number before the extension so the file still opens as what it is (`name.1`
    /// for a name without one, or whose extension is longer than `maxExtension` bytes).
    static func candidate(_ number: Int, for name: FilePath.Component) -> FilePath.Component {
        guard number > 0 else { return name }
        let bytes = OutboxBatchCoding.bytes(of: name)
        guard let dot = bytes.lastIndex(of: UInt8(ascii: ".")), dot > 0, bytes.count - dot <= maxExtension,
            bytes.count + 1 + String(number).utf8.count <= limit
        else { return adding(".\(number)", to: name) }
        return component(Array(bytes[..<dot]) + Array(".\(number)".utf8) + Array(bytes[dot...]))
    }

    /// The longest extension (with its dot) a numbered name keeps at its end: `.html`,
    /// `.jsonl`, `.gz`, not the tail of `report.final-version-for-legal`.
    static let maxExtension = 8

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
