/// Queue rows that are done, waiting to be deleted in the next transaction.
struct DeliveredRows: Sendable {
    /// `outbox` rows whose entries are all in the journal.
    var batches: [Int64] = []
    /// Moves that failed: they wait on `pending_move` rows of their own.
    var unmoved: [PendingMove] = []
    /// Moves done after they had failed: their `pending_move` rows go.
    var moved: [PendingMove] = []

    var isEmpty: Bool { batches.isEmpty && unmoved.isEmpty && moved.isEmpty }

    mutating func append(_ other: DeliveredRows) {
        batches += other.batches
        unmoved += other.unmoved
        moved += other.moved
    }
}
