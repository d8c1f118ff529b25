import Foundation
import SystemPackage
import Testing

@testable import NewswatchDaemon

/// A batch's entries and moves survive the outbox row they wait in until sent and moved.
@Suite("Outbox batch")
struct OutboxBatchTests {
    static let entries: [JournalEntry] = {
        var alert = JournalEntry(message: "NATO: \"Talks\"", priority: .warning, messageID: JournalEntry.alertMessageID)
        alert.append("NEWSWATCH_SNIPPET", "a value\nwith a newline and = signs, ünïcode")
        alert.append("NEWSWATCH_TITLE", "")
        let outcome = JournalEntry.fileFailed(file: "a.txt", reason: "is empty")
        return [alert, outcome]
    }()

    static let moves: [StateDatabase.PendingMove] = [
        .init(
            name: FilePath("page one.txt"), identity: FileIdentity(device: 2049, inode: 1 << 40),
            destination: .folder("/var/lib/newswatch/processed"), reason: nil),
        .init(name: FilePath("dup.html"), identity: nil, destination: .delete, reason: nil),
        .init(
            name: FilePath("bad.txt"), identity: FileIdentity(device: 1, inode: 7),
            destination: .folder("/srv/failed"), reason: "bad.txt: is empty"),
    ]

    static func same(_ left: [StateDatabase.PendingMove], _ right: [StateDatabase.PendingMove]) -> Bool {
        left.count == right.count
            && zip(left, right).allSatisfy {
                $0.name == $1.name && $0.identity == $1.identity && $0.destination == $1.destination && $0.reason == $1.reason
            }
    }

    @Test func entriesAndMovesDecodeAsEncoded() {
        #expect(OutboxBatchCoding.entries(OutboxBatchCoding.encode(Self.entries)) == Self.entries)
        #expect(Self.same(OutboxBatchCoding.moves(OutboxBatchCoding.encode(Self.moves)), Self.moves))
    }

    @Test func aTruncatedRowStillYieldsTheEntriesBeforeTheDamage() {
        let bytes = OutboxBatchCoding.encode(Self.entries)
        #expect(OutboxBatchCoding.entries(Array(bytes.dropLast(3))) == [Self.entries[0]])
    }

    @Test func aFailedMoveOfADeliveredBatchStaysQueued() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "newswatch-outbox-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try StateDatabase(path: FilePath(folder.appending(path: "state.sqlite").path))

        let batch = try database.write { db in try StateDatabase.enqueueBatch(Self.entries, moves: Self.moves, in: db) }
        let pending = try database.pendingWork()
        #expect(pending.batches.map(\.id) == [batch])
        #expect(pending.batches.first?.entries == Self.entries)
        #expect(try database.outboxEntries(batch) == Self.entries, "read back for entries sent again")
        #expect(Self.same(pending.moves, Self.moves))

        try database.write { db in
            try StateDatabase.dequeue(DeliveredRows(batches: [batch], unmoved: [Self.moves[2], Self.moves[2]]), in: db)
        }
        let left = try database.pendingWork()
        #expect(left.batches.isEmpty)
        #expect(try database.outboxEntries(batch).isEmpty)
        #expect(Self.same(left.moves, [Self.moves[2]]), "a move queued twice is kept once")

        try database.write { db in try StateDatabase.dequeue(DeliveredRows(moved: [Self.moves[2]]), in: db) }
        #expect(try database.pendingWork().moves.isEmpty)
    }

    @Test func batchIdsAreNeverReusedAndEntryIdsNameTheState() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "newswatch-outbox-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = FilePath(folder.appending(path: "state.sqlite").path)
        let database = try StateDatabase(path: path)
        let first = try database.write { db in try StateDatabase.enqueueBatch(Self.entries, moves: [], in: db) }
        try database.write { db in try StateDatabase.dequeue(DeliveredRows(batches: [first]), in: db) }
        let second = try database.write { db in try StateDatabase.enqueueBatch(Self.entries, moves: [], in: db) }
        #expect(second > first, "an emptied outbox must not hand out an id again")
        #expect(database.id.count == 16)
        let other = try StateDatabase(path: FilePath(folder.appending(path: "other.sqlite").path))
        #expect(other.id != database.id)
        #expect(try StateDatabase(path: path).id == database.id)
    }
}
