import CSystemd
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Writes entries to the systemd journal with `sd_journal_sendv`, or to standard error
/// when there was no journal socket at start (newswatch run by hand on a laptop).
///
/// The choice is made once, at start: a journald that stops answering later is waited for,
/// never replaced by standard error, because under systemd standard error is itself a
/// journal stream and would take the entries down with it.
///
/// The variadic `sd_journal_send` cannot be called from Swift; its non-variadic twin takes
/// an iovec array of `NAME=value` strings, which also carries values with newlines.
public final class JournalWriter: Sendable {
    /// Where entries go.
    public enum Destination: Sendable, Equatable {
        case journal
        case standardError
    }

    public let destination: Destination
    /// `SYSLOG_IDENTIFIER` of every entry.
    public let identifier: String
    /// The journal socket checked at start.
    public let socket: String
    /// Daemon messages journald refused, sent again once it answers.
    private let held = Mutex(HeldMessages())

    /// Messages kept while journald does not answer; past this the oldest are dropped (and
    /// counted): they are the daemon's own messages, never outcomes or alerts.
    static let heldLimit = 10_000

    private struct HeldMessages {
        var entries: [JournalEntry] = []
        var dropped = 0
    }

    public static let defaultSocket = "/run/systemd/journal/socket"

    /// Chooses the journal when its socket exists. `NEWSWATCH_JOURNAL_SOCKET` names another
    /// socket path to check (tests use a missing path to see the fallback).
    public init(identifier: String = "newswatch", environment: [String: String]) {
        self.identifier = identifier
        socket = environment["NEWSWATCH_JOURNAL_SOCKET"] ?? Self.defaultSocket
        destination = Self.socketIdentity(socket) == nil ? .standardError : .journal
    }

    public init(identifier: String = "newswatch", destination: Destination) {
        self.identifier = identifier
        self.destination = destination
        socket = Self.defaultSocket
    }

    /// Device and inode of the journal socket, nil when there is none: a journald that
    /// starts again binds a new socket, which tells that entries queued in the old one
    /// may be lost.
    static func socketIdentity(_ path: String) -> FileIdentity? {
        var status = stat()
        guard (try? systemCall("stat", "looking for the journal socket \(path)", { stat(path, &status) })) != nil,
            status.st_mode & S_IFMT == S_IFSOCK
        else { return nil }
        return FileIdentity(status)
    }

    var socketIdentity: FileIdentity? { Self.socketIdentity(socket) }

    /// Sends one entry, with `NEWSWATCH_ENTRY=id` when given.
    /// - Throws: `SystemCallError` when journald does not take it (not running, restarting);
    ///   the caller keeps the entry and sends it again.
    func send(_ entry: JournalEntry, id: String? = nil) throws(SystemCallError) {
        switch destination {
        case .journal:
            try systemCall(negativeErrno: "sd_journal_sendv", "sending an entry to journald") { sendv(entry, id: id) }
        case .standardError:
            StandardErrorLine.write(entry, identifier: identifier, id: id)
        }
    }

    /// Sends a daemon message; when journald does not take it, keeps it to send again
    /// before the next message (in order) or when `flushHeld()` is called.
    public func write(_ entry: JournalEntry) {
        held.withLock { held in
            if flush(&held), (try? send(entry)) != nil { return }
            if held.entries.count >= Self.heldLimit {
                held.entries.removeFirst(Self.heldLimit / 10)
                held.dropped += Self.heldLimit / 10
            }
            held.entries.append(entry)
        }
    }

    /// Sends the messages kept while journald did not answer; true when none is left.
    @discardableResult
    func flushHeld() -> Bool {
        held.withLock { flush(&$0) }
    }

    private func flush(_ held: inout HeldMessages) -> Bool {
        guard !held.entries.isEmpty || held.dropped > 0 else { return true }
        if held.dropped > 0 {
            let note = JournalEntry(
                message: "\(held.dropped) daemon messages were dropped while journald did not answer", priority: .warning)
            guard (try? send(note)) != nil else { return false }
            held.dropped = 0
        }
        var sent = 0
        defer { held.entries.removeFirst(sent) }
        for entry in held.entries {
            guard (try? send(entry)) != nil else { return false }
            sent += 1
        }
        return true
    }

    /// `sd_journal_sendv` over the entry's fields; returns its result (a negative errno on failure).
    private func sendv(_ entry: JournalEntry, id: String?) -> Int32 {
        // Every `NAME=value` goes into one buffer sized up front, and the iovecs, slices of
        // it, into stack memory: two entries a page in a burst, so no per-field allocations.
        let fieldCount = entry.fields.count + 2
        var size = identifier.utf8.count + 18 + (id.map { $0.utf8.count + 16 } ?? 0)
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
                if let id { add(JournalEntry.entryIDField, id) }
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
}
