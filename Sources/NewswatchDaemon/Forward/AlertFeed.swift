public import SystemPackage

/// A journal reader that sees only newswatch's alerts and held-back summaries, positioned
/// by cursor: one per destination, so each reads at its own pace.
///
/// Wraps a `SystemJournal`, which one thread at a time may use: a feed belongs to the one
/// task that reads it (a destination's forwarder, or a command), hence `@unchecked Sendable`
/// only to hand it from the code that positions it to that task.
public final class AlertFeed: @unchecked Sendable {
    private let journal: SystemJournal
    /// An entry read while positioning, returned by the next `next()`.
    private var pushedBack: JournalAlert?

    /// The `MESSAGE_ID`s followed: alerts and held-back summaries.
    public static let messageIDs = [JournalEntry.alertMessageID, JournalEntry.heldBackMessageID]

    /// Opens the local journal, or the journal files in `directory`.
    public init(directory: FilePath? = nil) throws(SystemCallError) {
        journal = try SystemJournal(directory: directory)
        try journal.watchForChanges()
        for (index, id) in Self.messageIDs.enumerated() {
            if index > 0 { try journal.addDisjunction() }
            try journal.addMatch("MESSAGE_ID", id)
        }
    }

    public func seekHead() throws(SystemCallError) { try journal.seekHead() }

    /// Positions after the newest alert: `next()` returns only alerts written from now on.
    /// Returns the cursor of that newest alert, if any.
    @discardableResult
    public func seekEnd() throws(SystemCallError) -> String? {
        try journal.seekTail()
        if try journal.previous() { return try journal.cursor() }
        // No alert at all yet. Reading on from the tail position would jump to the newest
        // entry once several have arrived (sd-journal's tail is "the last entry", not "after
        // it"), skipping the first ones; from the head there is nothing to skip but them.
        try journal.seekHead()
        return nil
    }

    public func seek(realtimeMicroseconds: UInt64) throws(SystemCallError) {
        try journal.seek(realtimeMicroseconds: realtimeMicroseconds)
    }

    /// Where a seek to a saved cursor landed.
    public enum Resume: Sendable, Equatable {
        /// On the entry of the cursor: reading goes on right after it.
        case found
        /// The entry is gone (vacuumed, or the journal files were replaced); reading goes on
        /// at the oldest alert after its time.
        case missing
    }

    /// Positions right after the entry of `cursor`, or at the first alert after its place
    /// when that entry no longer exists.
    public func resume(after cursor: String) throws(SystemCallError) -> Resume {
        try journal.seek(cursor: cursor)
        // A missing entry with nothing after its place: next() finds nothing now and returns
        // the entries appended later, which is right either way.
        guard try journal.next() else { return .missing }
        if journal.isAt(cursor) { return .found }
        // seek(cursor:) landed on the nearest later entry: next() must return it first. (Stepping
        // back instead fails when nothing older is left, and then next() would skip it.)
        pushedBack = try current()
        return .missing
    }

    /// How many journal entries (of any kind) were written after `cursor` and are gone now:
    /// vacuumed or rotated away before they could be read. nil when the journal cannot say
    /// (its files were replaced by a new sequence, as after deleting them all).
    public static func entriesLost(after cursor: String, directory: FilePath?) throws(SystemCallError) -> UInt64? {
        guard let saved = Sequence(cursor: cursor) else { return nil }
        let journal = try SystemJournal(directory: directory)
        try journal.seekHead()
        guard try journal.next(), let oldest = Sequence(cursor: try journal.cursor()), oldest.id == saved.id else {
            return nil
        }
        return oldest.number > saved.number ? oldest.number - saved.number - 1 : 0
    }

    /// The `s=` (sequence id) and `i=` (sequence number) parts of a journal cursor.
    private struct Sequence {
        var id: Substring
        var number: UInt64

        init?(cursor: String) {
            var id: Substring?
            var number: UInt64?
            for part in cursor.split(separator: ";") {
                if part.hasPrefix("s=") { id = part.dropFirst(2) }
                if part.hasPrefix("i=") { number = UInt64(part.dropFirst(2), radix: 16) }
            }
            guard let id, let number else { return nil }
            self.id = id
            self.number = number
        }
    }

    /// The next alert, or nil at the end of the journal.
    public func next() throws(SystemCallError) -> JournalAlert? {
        if let alert = pushedBack {
            pushedBack = nil
            return alert
        }
        guard try journal.next() else { return nil }
        return try current()
    }

    /// The next alert `filter` accepts; the others are skipped after reading only their topic
    /// and priority, not all their fields (`newswatch alerts` over a day of journal).
    public func next(accepted filter: AlertFilter) throws(SystemCallError) -> JournalAlert? {
        if let alert = pushedBack {
            pushedBack = nil
            if filter.accepts(alert) { return alert }
        }
        while try journal.next() {
            let priority = journal.field("PRIORITY").flatMap(Int.init).flatMap(JournalPriority.init(rawValue:)) ?? .info
            if filter.accepts(topic: journal.field("NEWSWATCH_TOPIC") ?? "", priority: priority) { return try current() }
        }
        return nil
    }

    /// The entry the journal is on, as an alert.
    private func current() throws(SystemCallError) -> JournalAlert {
        let fields = journal.fields()
        let kind: JournalAlert.Kind = fields["MESSAGE_ID"] == JournalEntry.heldBackMessageID ? .heldBack : .alert
        return JournalAlert(
            kind: kind, cursor: try journal.cursor(), realtimeMicroseconds: try journal.realtimeMicroseconds(),
            fields: fields)
    }

    /// Takes in journal files added or rotated since the last look (see `SystemJournal.processChanges`).
    public func refresh() throws(SystemCallError) {
        try journal.processChanges()
    }

    /// Blocks until the journal changes or `timeout` passes.
    public func wait(timeout: Duration?) throws(SystemCallError) -> SystemJournal.Change {
        try journal.wait(timeout: timeout)
    }
}
