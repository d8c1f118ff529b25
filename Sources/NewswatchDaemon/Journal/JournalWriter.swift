import CSystemd
#if canImport(Glibc)
import Glibc
#endif

/// Writes entries to the systemd journal with `sd_journal_sendv`, or to standard error
/// when there is no journal socket (newswatch run by hand on a laptop).
///
/// The variadic `sd_journal_send` cannot be called from Swift; its non-variadic twin takes
/// an iovec array of `NAME=value` strings, which also carries values with newlines.
public struct JournalWriter: Sendable {
    /// Where entries go.
    public enum Destination: Sendable, Equatable {
        case journal
        case standardError
    }

    public let destination: Destination
    /// `SYSLOG_IDENTIFIER` of every entry.
    public let identifier: String

    /// Chooses the journal when its socket exists. `NEWSWATCH_JOURNAL_SOCKET` names another
    /// socket path to check (tests use a missing path to see the fallback).
    public init(identifier: String = "newswatch", environment: [String: String]) {
        self.identifier = identifier
        let socket = environment["NEWSWATCH_JOURNAL_SOCKET"] ?? "/run/systemd/journal/socket"
        var status = stat()
        let exists = stat(socket, &status) == 0 && (status.st_mode & S_IFMT) == S_IFSOCK
        destination = exists ? .journal : .standardError
    }

    public init(identifier: String = "newswatch", destination: Destination) {
        self.identifier = identifier
        self.destination = destination
    }

    /// Sends one entry. Falls back to standard error if journald refuses it, so an entry is
    /// never silently dropped.
    public func write(_ entry: JournalEntry) {
        if destination == .journal, send(entry) == 0 { return }
        writeToStandardError(entry)
    }

    private func send(_ entry: JournalEntry) -> Int32 {
        // Every `NAME=value` goes into one buffer sized up front, and the iovecs, slices of
        // it, into stack memory: two entries a page in a burst, so no per-field allocations.
        let fieldCount = entry.fields.count + 1
        var size = identifier.utf8.count + 18
        for field in entry.fields { size += field.name.utf8.count + field.value.utf8.count + 1 }
        return withUnsafeTemporaryAllocation(of: iovec.self, capacity: fieldCount) { iovecs in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: size) { buffer in
                var offset = 0
                var index = 0
                func add(_ name: String, _ value: String) {
                    let start = offset
                    offset = Self.copy(name.utf8, into: buffer, at: offset)
                    buffer[offset] = UInt8(ascii: "=")
                    offset = Self.copy(value.utf8, into: buffer, at: offset + 1)
                    iovecs[index] = iovec(iov_base: UnsafeMutableRawPointer(buffer.baseAddress! + start), iov_len: offset - start)
                    index += 1
                }
                for field in entry.fields { add(field.name, field.value) }
                add("SYSLOG_IDENTIFIER", identifier)
                return sd_journal_sendv(iovecs.baseAddress, Int32(index))
            }
        }
    }

    private static func copy(_ text: String.UTF8View, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
        guard !text.isEmpty else { return offset }
        let rest = UnsafeMutableBufferPointer(rebasing: buffer[offset...])
        if let copied = text.withContiguousStorageIfAvailable({ source -> Int in
            rest.baseAddress!.update(from: source.baseAddress!, count: source.count)
            return source.count
        }) {
            return offset + copied
        }
        let (_, copied) = rest.initialize(from: text)
        return offset + copied
    }

    private func writeToStandardError(_ entry: JournalEntry) {
        var line = "\(identifier)[\(getpid())]: <\(entry.priority.name)> \(entry.message)"
        for field in entry.fields where !["MESSAGE", "PRIORITY"].contains(field.name) {
            line += " \(field.name)=\(Self.quoted(field.value))"
        }
        line += "\n"
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(2, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }

    private static func quoted(_ value: String) -> String {
        let plain = value.utf8.allSatisfy { $0 > 0x20 && $0 != UInt8(ascii: "\"") && $0 != 0x5C }
        if plain && !value.isEmpty { return value }
        var escaped = "\""
        for character in value {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped + "\""
    }
}
