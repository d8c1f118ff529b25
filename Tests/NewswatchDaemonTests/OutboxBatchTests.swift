import Foundation
@testable import NewswatchDaemon
import SystemPackage
import Testing

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
            id: nil, name: FilePath.Component("page one.txt"), identity: FileIdentity(device: 2049, inode: 1 << 40),
            destination: .folder("/var/lib/newswatch/processed"), reason: nil),
        .init(id: nil, name: FilePath.Component("dup.html"), identity: nil, destination: .delete, reason: nil),
        .init(
            id: nil, name: FilePath.Component("bad.txt"), identity: FileIdentity(device: 1, inode: 7),
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
        #expect(pending.batches == [batch])
        #expect(pending.entries == Self.entries)
        #expect(Self.same(pending.moves, Self.moves))

        try database.write { db in
            try StateDatabase.dequeue(DeliveredRows(batches: [batch], unmoved: [Self.moves[2]]), in: db)
        }
        let left = try database.pendingWork()
        #expect(left.batches.isEmpty && left.entries.isEmpty)
        #expect(Self.same(left.moves, [Self.moves[2]]))
        #expect(left.moves.first?.id != nil)
    }
}
