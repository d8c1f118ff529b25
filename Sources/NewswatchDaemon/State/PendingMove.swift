import SystemPackage

/// A file whose outcome is committed and that waits to be moved out of the inbox.
struct PendingMove: Sendable, Equatable {
    /// The file's path inside the inbox (`page.html`, `reuters/page.html`).
    var name: FilePath
    var identity: FileIdentity?
    var destination: FileMover.Destination
    var reason: String?

    /// The destination as the queue rows keep it: the folder, or "" for a deletion.
    var storedDestination: String {
        switch destination {
        case .delete: ""
        case .folder(let folder): folder.string
        }
    }
}

/// Entries and moves the last run left in the state store's outbox, oldest first.
struct PendingWork: Sendable {
    var batches: [OutboxBatch] = []
    var moves: [PendingMove] = []
}
