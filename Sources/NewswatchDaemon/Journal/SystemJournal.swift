import CSystemd
public import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Reads the local systemd journal through libsystemd's sd-journal API: matches, cursors,
/// seeking, and waiting for new entries.
///
/// Used where newswatch reads back what it wrote: the daemon looking for the entries of its
/// last batches after a crash, the forwarder following alerts, and `newswatch alerts`.
/// An sd-journal handle must only be used by one thread at a time, so this class is not
/// `Sendable`: keep it inside the task that reads.
public final class SystemJournal {
    private let handle: OpaquePointer

    /// What `wait(timeout:)` saw.
    public enum Change: Sendable, Equatable {
        /// Nothing changed before the timeout.
        case none
        /// Entries were appended.
        case appended
        /// Journal files were added, removed or rotated; reading on is still right.
        case invalidated

        /// From what `sd_journal_wait` and `sd_journal_process` return.
        init(_ result: Int32) {
            switch result {
            case Int32(SD_JOURNAL_APPEND): self = .appended
            case Int32(SD_JOURNAL_INVALIDATE): self = .invalidated
            default: self = .none
            }
        }
    }

    /// Opens the journal files of this machine (`SD_JOURNAL_LOCAL_ONLY`), or of one folder
    /// (`sd_journal_open_directory`) when `directory` is given, as tests with a private
    /// journald do.
    public init(directory: FilePath? = nil) throws(SystemCallError) {
        var opened: OpaquePointer?
        if let directory {
            try Self.check("sd_journal_open_directory", "opening the journal in \(directory)") {
                directory.withPlatformString { sd_journal_open_directory(&opened, $0, 0) }
            }
        } else {
            try Self.check("sd_journal_open", "opening the local journal") {
                sd_journal_open(&opened, Int32(SD_JOURNAL_LOCAL_ONLY))
            }
        }
        handle = opened!
        // Whole values: the default threshold cuts fields at 64 KiB, and a page body may be longer.
        _ = sd_journal_set_data_threshold(handle, 0)
    }

    deinit {
        sd_journal_close(handle)
    }

    /// Keeps only entries where `field` is `value`. Matches on different fields must all hold;
    /// several values of one field are alternatives (sd-journal's rules).
    public func addMatch(_ field: String, _ value: String) throws(SystemCallError) {
        let match = "\(field)=\(value)"
        try Self.check("sd_journal_add_match", "adding the journal match \(match)") {
            match.withCString { sd_journal_add_match(handle, $0, 0) }
        }
    }

    /// Starts a new group of matches that is an alternative to the ones before it.
    public func addDisjunction() throws(SystemCallError) {
        try Self.check("sd_journal_add_disjunction", "combining journal matches") { sd_journal_add_disjunction(handle) }
    }

    /// Forgets every match.
    public func flushMatches() {
        sd_journal_flush_matches(handle)
    }

    public func seekHead() throws(SystemCallError) {
        try Self.check("sd_journal_seek_head", "seeking to the journal's start") { sd_journal_seek_head(handle) }
    }

    public func seekTail() throws(SystemCallError) {
        try Self.check("sd_journal_seek_tail", "seeking to the journal's end") { sd_journal_seek_tail(handle) }
    }

    /// Seeks to the entry of `cursor`; the next `next()` returns it (or the entry nearest to it
    /// when it was vacuumed), so callers that want the entries after it check `isAt(_:)`.
    public func seek(cursor: String) throws(SystemCallError) {
        try Self.check("sd_journal_seek_cursor", "seeking to a journal cursor") {
            cursor.withCString { sd_journal_seek_cursor(handle, $0) }
        }
    }

    /// Seeks to a wall-clock time in microseconds since the epoch.
    public func seek(realtimeMicroseconds: UInt64) throws(SystemCallError) {
        try Self.check("sd_journal_seek_realtime_usec", "seeking to a time in the journal") {
            sd_journal_seek_realtime_usec(handle, realtimeMicroseconds)
        }
    }

    /// Moves to the next entry; false at the end.
    public func next() throws(SystemCallError) -> Bool {
        try Self.check("sd_journal_next", "reading the journal") { sd_journal_next(handle) } > 0
    }

    /// Moves to the previous entry; false at the start.
    public func previous() throws(SystemCallError) -> Bool {
        try Self.check("sd_journal_previous", "reading the journal backwards") { sd_journal_previous(handle) } > 0
    }

    /// The current entry's cursor, a stable name for it across restarts.
    public func cursor() throws(SystemCallError) -> String {
        var text: UnsafeMutablePointer<CChar>?
        try Self.check("sd_journal_get_cursor", "reading a journal cursor") { sd_journal_get_cursor(handle, &text) }
        defer { free(text) }
        return String(cString: text!)
    }

    /// Whether the current entry is the one `cursor` names.
    public func isAt(_ cursor: String) -> Bool {
        cursor.withCString { sd_journal_test_cursor(handle, $0) } > 0
    }

    /// The current entry's wall-clock time in microseconds since the epoch.
    public func realtimeMicroseconds() throws(SystemCallError) -> UInt64 {
        var time: UInt64 = 0
        try Self.check("sd_journal_get_realtime_usec", "reading a journal entry's time") {
            sd_journal_get_realtime_usec(handle, &time)
        }
        return time
    }

    /// One field of the current entry, nil when the entry has none. Values that are not
    /// UTF-8 are decoded with replacement characters.
    public func field(_ name: String) -> String? {
        var data: UnsafeRawPointer?
        var length = 0
        let result = name.withCString { sd_journal_get_data(handle, $0, &data, &length) }
        guard result >= 0, let data else { return nil }
        let bytes = UnsafeRawBufferPointer(start: data, count: length)
        // The data is `NAME=value`.
        return String(decoding: bytes.dropFirst(name.utf8.count + 1), as: UTF8.self)
    }

    /// Every field of the current entry. A field that occurs twice keeps its last value.
    public func fields() -> [String: String] {
        var fields: [String: String] = [:]
        sd_journal_restart_data(handle)
        var data: UnsafeRawPointer?
        var length = 0
        while sd_journal_enumerate_data(handle, &data, &length) > 0, let data {
            let bytes = UnsafeRawBufferPointer(start: data, count: length)
            guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let name = String(decoding: bytes[..<equals], as: UTF8.self)
            fields[name] = String(decoding: bytes[(equals + 1)...], as: UTF8.self)
        }
        return fields
    }

    /// Starts noticing journal files that are added, rotated or removed, for `processChanges()`.
    /// The corresponding C function is `sd_journal_get_fd` (it sets up the inotify watches).
    public func watchForChanges() throws(SystemCallError) {
        try Self.check("sd_journal_get_fd", "watching the journal for changes") { sd_journal_get_fd(handle) }
    }

    /// Takes in what changed since the last call without blocking: a handle that only reads
    /// (another one waits) must call this after a wake-up, or it never sees the file that
    /// rotation or a journald restart started. The corresponding C function is `sd_journal_process`.
    @discardableResult
    public func processChanges() throws(SystemCallError) -> Change {
        Change(try Self.check("sd_journal_process", "reading journal changes") { sd_journal_process(handle) })
    }

    /// Blocks until the journal changes or `timeout` passes (nil: no timeout). Callers that
    /// must stay cancellable use a finite timeout and look again.
    public func wait(timeout: Duration?) throws(SystemCallError) -> Change {
        var microseconds = UInt64.max
        if let timeout {
            let (seconds, attoseconds) = timeout.components
            microseconds = UInt64(max(0, seconds)) * 1_000_000 + UInt64(max(0, attoseconds)) / 1_000_000_000_000
        }
        return Change(try Self.check("sd_journal_wait", "waiting for journal entries") { sd_journal_wait(handle, microseconds) })
    }

    /// Whether some entry has `field` set to `value`: one lookup in the journal files' field
    /// index, whatever matches were set before (they are replaced).
    public func contains(_ field: String, _ value: String) throws(SystemCallError) -> Bool {
        flushMatches()
        try addMatch(field, value)
        try seekHead()
        return try next()
    }

    /// Takes in journal files added or rotated since the last look, without waiting.
    public func refresh() throws(SystemCallError) {
        _ = try wait(timeout: .zero)
    }

    /// Runs an sd-journal function, which returns a negative errno on failure (not -1 and
    /// `errno` as system calls do), through the one system call helper.
    @discardableResult
    private static func check(
        _ name: StaticString, _ reason: @autoclosure () -> String, _ body: () -> Int32
    ) throws(SystemCallError) -> Int32 {
        try systemCall(negativeErrno: name, reason(), body)
    }
}
