import Foundation
import GRDB
import SystemPackage

/// The two crash-safety queues: journal entries waiting to be sent and files waiting to be
/// moved. Rows are added in the transaction that commits an outcome and removed once the
/// entry is sent or the file moved.
extension StateDatabase {
    struct PendingMove: Sendable {
        var id: Int64
        var name: FilePath.Component
        var identity: FileIdentity?
        var destination: FileMover.Destination
        var reason: String?
    }

    static func enqueue(_ entry: JournalEntry, in db: Database) throws -> Int64 {
        let statement = try db.cachedStatement(sql: "INSERT INTO journal_outbox (entry) VALUES (?)")
        try statement.execute(arguments: [Data(entry.encoded)])
        return db.lastInsertedRowID
    }

    static func enqueueMove(
        _ name: FilePath.Component, identity: FileIdentity?, destination: FileMover.Destination, reason: String?,
        in db: Database
    ) throws -> Int64 {
        let target: String
        switch destination {
        case .delete: target = ""
        case .folder(let folder): target = folder.string
        }
        let nameBytes = name.withPlatformString { Data(bytes: $0, count: strlen($0)) }
        let statement = try db.cachedStatement(
            sql: "INSERT INTO pending_move (name, device, inode, destination, reason) VALUES (?, ?, ?, ?, ?)")
        try statement.execute(
            arguments: [
                nameBytes, identity.map { Int64(bitPattern: $0.device) }, identity.map { Int64(bitPattern: $0.inode) },
                target, reason,
            ])
        return db.lastInsertedRowID
    }

    /// Forgets sent entries and finished moves.
    static func dequeue(entries: [Int64], moves: [Int64], in db: Database) throws {
        for chunk in entries.chunked(500) {
            try db.execute(
                sql: "DELETE FROM journal_outbox WHERE id IN (\(chunk.map { _ in "?" }.joined(separator: ",")))",
                arguments: StatementArguments(chunk))
        }
        for chunk in moves.chunked(500) {
            try db.execute(
                sql: "DELETE FROM pending_move WHERE id IN (\(chunk.map { _ in "?" }.joined(separator: ",")))",
                arguments: StatementArguments(chunk))
        }
    }

    func pendingEntries() throws -> [(Int64, JournalEntry)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, entry FROM journal_outbox ORDER BY id").compactMap { row in
                let data: Data = row["entry"]
                guard let entry = JournalEntry(encoded: [UInt8](data)) else { return nil }
                return (row["id"], entry)
            }
        }
    }

    func pendingMoves() throws -> [PendingMove] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM pending_move ORDER BY id").compactMap { row in
                let data: Data = row["name"]
                let bytes = Array(data.map { CChar(bitPattern: $0) }) + [0]
                guard let name = bytes.withUnsafeBufferPointer({ FilePath(platformString: $0.baseAddress!).lastComponent })
                else { return nil }
                let device: Int64? = row["device"]
                let inode: Int64? = row["inode"]
                var identity: FileIdentity?
                if let device, let inode {
                    identity = FileIdentity(device: UInt64(bitPattern: device), inode: UInt64(bitPattern: inode))
                }
                let target: String = row["destination"]
                return PendingMove(
                    id: row["id"], name: name, identity: identity,
                    destination: target.isEmpty ? .delete : .folder(FilePath(target)), reason: row["reason"])
            }
        }
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
