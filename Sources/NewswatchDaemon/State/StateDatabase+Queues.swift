import Foundation
import GRDB
import SystemPackage

/// The crash-safety queues: journal entries waiting to be sent and files waiting to be moved.
///
/// A committed batch leaves one `outbox_batch` row holding all its entries and moves, added
/// in the transaction that commits the outcomes and deleted once they are sent and moved.
/// One row a batch instead of three a page: in a burst the per-row inserts and deletes cost
/// more than the rest of the commit. `journal_outbox` and `pending_move` keep single rows: a
/// move that failed waits there for the next start, and a state file of an older newswatch
/// may still hold rows in both.
extension StateDatabase {
    struct PendingMove: Sendable {
        /// The `pending_move` row; nil for a move still carried by its batch row.
        var id: Int64?
        var name: FilePath.Component
        var identity: FileIdentity?
        var destination: FileMover.Destination
        var reason: String?
    }

    /// Entries and moves left by the last run, oldest first.
    struct PendingWork: Sendable {
        var batches: [Int64] = []
        var entryRows: [Int64] = []
        var entries: [JournalEntry] = []
        var moves: [PendingMove] = []
    }

    /// Queues a committed batch's entries and moves as one row; returns its id.
    static func enqueueBatch(_ entries: [JournalEntry], moves: [PendingMove], in db: Database) throws -> Int64 {
        let statement = try db.cachedStatement(sql: "INSERT INTO outbox_batch (entries, moves) VALUES (?, ?)")
        try statement.execute(
            arguments: [Data(OutboxBatchCoding.encode(entries)), Data(OutboxBatchCoding.encode(moves))])
        return db.lastInsertedRowID
    }

    /// Queues one move on its own row, for a move of a batch that failed.
    static func enqueueMove(_ move: PendingMove, in db: Database) throws {
        let target: String
        switch move.destination {
        case .delete: target = ""
        case .folder(let folder): target = folder.string
        }
        let statement = try db.cachedStatement(
            sql: "INSERT INTO pending_move (name, device, inode, destination, reason) VALUES (?, ?, ?, ?, ?)")
        try statement.execute(
            arguments: [
                Data(OutboxBatchCoding.bytes(of: move.name)), move.identity.map { Int64(bitPattern: $0.device) },
                move.identity.map { Int64(bitPattern: $0.inode) }, target, move.reason,
            ])
    }

    /// Forgets sent batches, entries and finished moves, and keeps the moves that failed.
    static func dequeue(_ delivered: DeliveredRows, in db: Database) throws {
        for (table, ids) in [("outbox_batch", delivered.batches), ("journal_outbox", delivered.entries), ("pending_move", delivered.moves)] {
            for chunk in ids.chunked(500) {
                try db.execute(
                    sql: "DELETE FROM \(table) WHERE id IN (\(chunk.map { _ in "?" }.joined(separator: ",")))",
                    arguments: StatementArguments(chunk))
            }
        }
        for move in delivered.unmoved {
            try enqueueMove(move, in: db)
        }
    }

    /// Everything committed but not yet sent or moved, single rows first (they are older).
    func pendingWork() throws -> PendingWork {
        try read { db in
            var work = PendingWork()
            for row in try Row.fetchAll(db, sql: "SELECT id, entry FROM journal_outbox ORDER BY id") {
                let data: Data = row["entry"]
                work.entryRows.append(row["id"])
                if let entry = JournalEntry(encoded: [UInt8](data)) { work.entries.append(entry) }
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM pending_move ORDER BY id") {
                let data: Data = row["name"]
                guard let name = OutboxBatchCoding.component([UInt8](data)) else { continue }
                let device: Int64? = row["device"]
                let inode: Int64? = row["inode"]
                var identity: FileIdentity?
                if let device, let inode {
                    identity = FileIdentity(device: UInt64(bitPattern: device), inode: UInt64(bitPattern: inode))
                }
                let target: String = row["destination"]
                work.moves.append(
                    PendingMove(
                        id: row["id"], name: name, identity: identity,
                        destination: target.isEmpty ? .delete : .folder(FilePath(target)), reason: row["reason"]))
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, entries, moves FROM outbox_batch ORDER BY id") {
                let entries: Data = row["entries"]
                let moves: Data = row["moves"]
                work.batches.append(row["id"])
                work.entries += OutboxBatchCoding.entries([UInt8](entries))
                work.moves += OutboxBatchCoding.moves([UInt8](moves))
            }
            return work
        }
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
