import SystemPackage

/// New regular files seen only by `IN_CREATE`, until it is clear whether someone is writing
/// them.
///
/// `open` with `O_CREAT` queues `IN_CREATE` and `IN_OPEN` within one system call, and the
/// writer's close brings `IN_CLOSE_WRITE`: such a file is taken then. A file linked in whole
/// (`ln`, `O_TMPFILE` + `linkat`) brings `IN_CREATE` alone; when no `IN_OPEN` follows within
/// a short grace, it is taken. A reader that opens it and closes it without writing does not
/// hold it back.
struct FreshFiles {
    /// How long a new file may go without `IN_OPEN` before it counts as linked in whole.
    /// The two events of one `open` are microseconds apart; the grace allows for the writer
    /// being preempted between them on a loaded machine.
    static let grace = Duration.milliseconds(20)
    /// Files whose writer never closes them are forgotten past this many (they are still
    /// taken on `IN_CLOSE_WRITE`, which needs no entry here).
    static let capacity = 4_096

    private struct Entry {
        var createdAt: ContinuousClock.Instant
        /// Descriptors opened on it since it was created and not yet closed.
        var opens = 0
    }

    private var files: [FilePath: Entry] = [:]

    var isEmpty: Bool { files.isEmpty }

    mutating func created(_ name: FilePath, at instant: ContinuousClock.Instant) {
        if files.count >= Self.capacity {
            files = files.filter { $0.value.opens == 0 }
        }
        files[name] = Entry(createdAt: instant)
    }

    mutating func opened(_ name: FilePath) {
        files[name]?.opens += 1
    }

    /// A descriptor opened without writing was closed; true when that was the last opener
    /// of a fresh file, which is then whole and taken.
    mutating func closedUnwritten(_ name: FilePath) -> Bool {
        guard var entry = files[name], entry.opens > 0 else { return false }
        entry.opens -= 1
        if entry.opens == 0 {
            files[name] = nil
            return true
        }
        files[name] = entry
        return false
    }

    /// The file was closed after writing or renamed: it is taken the ordinary way.
    mutating func forget(_ name: FilePath) {
        files[name] = nil
    }

    /// How long `poll` may block before a fresh file's grace is over; -1 when none waits.
    func millisecondsToWait(now: ContinuousClock.Instant) -> Int32 {
        let waiting = files.values.filter { $0.opens == 0 }.map { $0.createdAt + Self.grace }
        guard let first = waiting.min() else { return -1 }
        let left = now.duration(to: first)
        guard left > .zero else { return 0 }
        let (seconds, attoseconds) = left.components
        return Int32(clamping: seconds * 1_000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }

    /// Fresh files nobody opened within the grace: linked in whole, to be taken now.
    mutating func settled(now: ContinuousClock.Instant) -> [FilePath] {
        let due = files.filter { $0.value.opens == 0 && $0.value.createdAt + Self.grace <= now }.map(\.key)
        for name in due { files[name] = nil }
        return due
    }
}
