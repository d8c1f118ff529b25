import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// The byte form of a batch's entries and moves in its `outbox` row.
///
/// Every piece is length-prefixed (four little-endian bytes), like the single-entry form
/// `JournalEntry.encoded`; a damaged row yields what could be read before the damage, since
/// a replay that sends most entries beats one that sends none.
enum OutboxBatchCoding {
    static func encode(_ entries: [JournalEntry]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entries.count * 768)
        for entry in entries {
            let lengthAt = bytes.count
            append(UInt32(0), to: &bytes)
            entry.encode(into: &bytes)
            let length = UInt32(bytes.count - lengthAt - 4).littleEndian
            withUnsafeBytes(of: length) { bytes.replaceSubrange(lengthAt..<(lengthAt + 4), with: $0) }
        }
        return bytes
    }

    static func encode(_ moves: [PendingMove]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(moves.count * 64)
        for move in moves {
            appendField(Self.bytes(of: move.name), to: &bytes)
            if let identity = move.identity {
                bytes.append(1)
                withUnsafeBytes(of: identity.device.littleEndian) { bytes.append(contentsOf: $0) }
                withUnsafeBytes(of: identity.inode.littleEndian) { bytes.append(contentsOf: $0) }
            } else {
                bytes.append(0)
            }
            switch move.destination {
            case .delete: appendField([], to: &bytes)
            case .folder(let folder): appendField(Array(folder.string.utf8), to: &bytes)
            }
            if let reason = move.reason {
                bytes.append(1)
                appendField(Array(reason.utf8), to: &bytes)
            } else {
                bytes.append(0)
            }
        }
        return bytes
    }

    static func entries(_ bytes: [UInt8]) -> [JournalEntry] {
        var reader = Reader(bytes: bytes)
        var entries: [JournalEntry] = []
        while !reader.isAtEnd, let field = reader.field() {
            guard let entry = JournalEntry(encoded: Array(field)) else { break }
            entries.append(entry)
        }
        return entries
    }

    static func moves(_ bytes: [UInt8]) -> [PendingMove] {
        var reader = Reader(bytes: bytes)
        var moves: [PendingMove] = []
        while !reader.isAtEnd {
            guard let nameBytes = reader.field(), let name = relativePath(Array(nameBytes)), let hasIdentity = reader.byte()
            else { break }
            var identity: FileIdentity?
            if hasIdentity == 1 {
                guard let device = reader.word64(), let inode = reader.word64() else { break }
                identity = FileIdentity(device: device, inode: inode)
            }
            guard let target = reader.field(), let hasReason = reader.byte() else { break }
            var reason: String?
            if hasReason == 1 {
                guard let text = reader.field() else { break }
                reason = String(decoding: text, as: UTF8.self)
            }
            let folder = String(decoding: target, as: UTF8.self)
            moves.append(
                PendingMove(
                    name: name, identity: identity,
                    destination: folder.isEmpty ? .delete : .folder(FilePath(folder)), reason: reason))
        }
        return moves
    }

    /// A file name's bytes as the file system has them (not necessarily UTF-8).
    static func bytes(of name: FilePath.Component) -> [UInt8] {
        name.withPlatformString { Array(UnsafeRawBufferPointer(start: $0, count: strlen($0))) }
    }

    /// A path inside the inbox's bytes as the file system has them.
    static func bytes(of name: FilePath) -> [UInt8] {
        name.withPlatformString { Array(UnsafeRawBufferPointer(start: $0, count: strlen($0))) }
    }

    /// A path inside the inbox (`page.html`, `reuters/page.html`); nil for anything that could
    /// point out of it (absolute, `..`), which newswatch never writes.
    static func relativePath(_ bytes: [UInt8]) -> FilePath? {
        let terminated = bytes.map { CChar(bitPattern: $0) } + [0]
        let path = terminated.withUnsafeBufferPointer { FilePath(platformString: $0.baseAddress!) }
        guard !path.isEmpty, !path.isAbsolute, !path.components.contains(where: { $0.kind != .regular }) else { return nil }
        return path
    }

    static func component(_ bytes: [UInt8]) -> FilePath.Component? {
        let terminated = bytes.map { CChar(bitPattern: $0) } + [0]
        return terminated.withUnsafeBufferPointer { FilePath(platformString: $0.baseAddress!).lastComponent }
    }

    private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static func appendField(_ field: [UInt8], to bytes: inout [UInt8]) {
        append(UInt32(field.count), to: &bytes)
        bytes.append(contentsOf: field)
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        var isAtEnd: Bool { index >= bytes.count }

        mutating func byte() -> UInt8? {
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return bytes[index]
        }

        mutating func word64() -> UInt64? {
            guard index + 8 <= bytes.count else { return nil }
            var value: UInt64 = 0
            for offset in 0..<8 { value |= UInt64(bytes[index + offset]) << (8 * offset) }
            index += 8
            return value
        }

        mutating func field() -> ArraySlice<UInt8>? {
            guard index + 4 <= bytes.count else { return nil }
            var count = 0
            for offset in 0..<4 { count |= Int(bytes[index + offset]) << (8 * offset) }
            guard index + 4 + count <= bytes.count else { return nil }
            defer { index += 4 + count }
            return bytes[(index + 4)..<(index + 4 + count)]
        }
    }
}
