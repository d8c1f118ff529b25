import Foundation
import Testing

@testable import NewswatchDaemon

/// The sd-journal reader against the real journald: what JournalWriter sent is read back
/// by field, by match, after a cursor, and a wait sees a new entry.
@Suite("System journal reader", .timeLimit(.minutes(1)))
struct SystemJournalTests {
    /// Writes entries tagged with a marker of this test run, and waits until journald has them.
    private func write(_ count: Int, marker: String) throws -> [JournalEntry] {
        try JournaldRunner.ensureRunning()
        let writer = JournalWriter(identifier: "newswatch-test", destination: .journal)
        var entries: [JournalEntry] = []
        for number in 0..<count {
            var entry = JournalEntry(message: "reader test \(number)\nsecond line", priority: .notice)
            entry.append("NEWSWATCH_TEST_MARKER", marker)
            entry.append("NEWSWATCH_TEST_NUMBER", String(number))
            writer.write(entry)
            entries.append(entry)
        }
        return entries
    }

    private func read(marker: String, expecting count: Int) throws -> [[String: String]] {
        let journal = try SystemJournal()
        try journal.addMatch("NEWSWATCH_TEST_MARKER", marker)
        var found: [[String: String]] = []
        let deadline = Date().addingTimeInterval(10)
        while found.count < count && Date() < deadline {
            try journal.seekHead()
            found = []
            while try journal.next() { found.append(journal.fields()) }
            if found.count < count { _ = try journal.wait(timeout: .milliseconds(200)) }
        }
        return found
    }

    @Test func entriesWrittenAreReadBackWithEveryField() throws {
        let marker = UUID().uuidString
        _ = try write(3, marker: marker)
        let found = try read(marker: marker, expecting: 3)
        #expect(found.map { $0["NEWSWATCH_TEST_NUMBER"] } == ["0", "1", "2"])
        #expect(found.first?["MESSAGE"] == "reader test 0\nsecond line")
        #expect(found.first?["PRIORITY"] == "5")
        #expect(found.first?["SYSLOG_IDENTIFIER"] == "newswatch-test")
    }

    @Test func aCursorNamesTheSameEntryLater() throws {
        let marker = UUID().uuidString
        _ = try write(3, marker: marker)
        _ = try read(marker: marker, expecting: 3)
        let journal = try SystemJournal()
        try journal.addMatch("NEWSWATCH_TEST_MARKER", marker)
        try journal.seekHead()
        #expect(try journal.next())
        #expect(try journal.next())
        let cursor = try journal.cursor()
        #expect(journal.field("NEWSWATCH_TEST_NUMBER") == "1")
        #expect(try journal.realtimeMicroseconds() > 0)

        let again = try SystemJournal()
        try again.addMatch("NEWSWATCH_TEST_MARKER", marker)
        try again.seek(cursor: cursor)
        #expect(try again.next())
        #expect(again.isAt(cursor))
        #expect(try again.next())
        #expect(again.field("NEWSWATCH_TEST_NUMBER") == "2")
        #expect(try again.next() == false)
    }

    @Test func waitReturnsWhenAnEntryArrives() throws {
        let marker = UUID().uuidString
        let journal = try SystemJournal()
        try journal.addMatch("NEWSWATCH_TEST_MARKER", marker)
        try journal.seekTail()
        _ = try journal.previous()
        while try journal.next() {}
        _ = try write(1, marker: marker)
        var seen: String?
        let deadline = Date().addingTimeInterval(10)
        while seen == nil && Date() < deadline {
            if try journal.next() {
                seen = journal.field("NEWSWATCH_TEST_NUMBER")
            } else {
                _ = try journal.wait(timeout: .milliseconds(500))
            }
        }
        #expect(seen == "0")
    }

    @Test func aMissingFieldIsNil() throws {
        let marker = UUID().uuidString
        _ = try write(1, marker: marker)
        _ = try read(marker: marker, expecting: 1)
        let journal = try SystemJournal()
        try journal.addMatch("NEWSWATCH_TEST_MARKER", marker)
        try journal.seekHead()
        #expect(try journal.next())
        #expect(journal.field("NEWSWATCH_NOT_THERE") == nil)
    }
}
