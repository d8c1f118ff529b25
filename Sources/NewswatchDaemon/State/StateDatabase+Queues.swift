import Foundation
import GRDB
import SystemPackage

/// The crash-safety queues: journal entries waiting to be in the journal and files waiting
/// to be moved.
///
/// A committed batch leaves one `outbox` row holding all its entries and moves, added in
/// the transaction that commits the outcomes and deleted once journald has every entry
/// (`JournalDelivery` reads them back). One row a batch instead of three a page: in a burst
/// the per-row inserts and deletes cost more than the rest of the commit. A move that
/// failed waits on a `pending_move` row of its own until it is done, so that a file whose
/// outcome is committed is only ever moved again, never analysed again.
extension StateDatabase {
    /// Kept under their old names for code written before the state seam.
    typealias PendingMove = NewswatchDaemon.PendingMove
    typealias PendingWork = NewswatchDaemon.PendingWork

    /// Queues a committed batch's entries and moves as one row; returns its id, which no
    /// later row reuses (`AUTOINCREMENT`): entry ids are built from it.
    static func enqueueBatch(_ entries: [JournalEntry], moves: [PendingMove], in db: Database) throws -> Int64 {
        let statement = try db.cachedStatement(sql: "INSERT INTO outbox (entries, moves) VALUES (?, ?)")
        try statement.execute(
            arguments: [Data(OutboxBatchCoding.encode(entries)), Data(OutboxBatchCoding.encode(moves))])
        return db.lastInsertedRowID
    }

    /// Forgets delivered batches and finished moves, and keeps the moves that failed.
    static func dequeue(_ delivered: DeliveredRows, in db: Database) throws {
        // Failed moves first: a move that failed and then succeeded within one round of
        // rows is inserted, then deleted.
        for move in delivered.unmoved {
            try db.cachedStatement(
                sql: """
                    INSERT INTO pending_move (name, device, inode, destination, reason)
                    SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS
                        (SELECT 1 FROM pending_move WHERE name = ?1 AND device IS ?2 AND inode IS ?3)
                    """
            ).execute(arguments: StatementArguments(moveKey(move) + [move.storedDestination, move.reason]))
        }
        for move in delivered.moved {
            try db.cachedStatement(sql: "DELETE FROM pending_move WHERE name = ? AND device IS ? AND inode IS ?")
                .execute(arguments: StatementArguments(moveKey(move)))
        }
        for chunk in delivered.batches.chunked(500) {
            try db.execute(
                sql: "DELETE FROM outbox WHERE id IN (\(chunk.map { _ in "?" }.joined(separator: ",")))",
                arguments: StatementArguments(chunk))
        }
    }

    private static func moveKey(_ move: PendingMove) -> [(any DatabaseValueConvertible)?] {
        [
            Data(OutboxBatchCoding.bytes(of: move.name)), move.identity.map { Int64(bitPattern: $0.device) },
            move.identity.map { Int64(bitPattern: $0.inode) },
        ]
    }

    /// The entries of one outbox row, for entries sent again; empty when the row is gone.
    func outboxEntries(_ id: Int64) throws -> [JournalEntry] {
        try read { db in
            guard let data = try Data.fetchOne(db, sql: "SELECT entries FROM outbox WHERE id = ?", arguments: [id])
            else { return [] }
            return OutboxBatchCoding.entries([UInt8](data))
        }
    }

    /// Everything committed but not yet delivered or moved.
    func pendingWork() throws -> PendingWork {
        try read { db in
            var work = PendingWork()
            for row in try Row.fetchAll(db, sql: "SELECT id, entries, moves FROM outbox ORDER BY id") {
                let entries: Data = row["entries"]
                let moves: Data = row["moves"]
                work.batches.append(OutboxBatch(id: row["id"], entries: OutboxBatchCoding.entries([UInt8](entries))))
                work.moves += OutboxBatchCoding.moves([UInt8](moves))
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM pending_move ORDER BY id") {
                let data: Data = row["name"]
                guard let name = OutboxBatchCoding.relativePath([UInt8](data)) else { continue }
                let device: Int64? = row["device"]
                let inode: Int64? = row["inode"]
                var identity: FileIdentity?
                if let device, let inode {
                    identity = FileIdentity(device: UInt64(bitPattern: device), inode: UInt64(bitPattern: inode))
                }
                let target: String = row["destination"]
                work.moves.append(
                    PendingMove(
                        name: name, identity: identity, destination: target.isEmpty ? .delete : .folder(FilePath(target)),
                        reason: row["reason"]))
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
