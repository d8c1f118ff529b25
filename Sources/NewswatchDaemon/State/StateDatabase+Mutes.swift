import GRDB
public import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// `newswatch topics mute` and `unmute`: the commands' side of `TopicMuteStore`.
extension StateDatabase {
    /// Mutes `topic` until `until` (nil: until unmuted). The running daemon sees it before
    /// its next batch.
    public func mute(topic: String, until: Int64?, now: Int64) throws {
        try write { db in try TopicMuteStore.mute(topic, until: until, now: now, in: db) }
    }

    /// Ends the mute of `topic`; false when it was not muted.
    public func unmute(topic: String, now: Int64) throws -> Bool {
        try write { db in try TopicMuteStore.unmute(topic, now: now, in: db) }
    }

    /// The mutes in force at `now`.
    public func mutes(at now: Int64) throws -> [TopicMute] {
        try read { db in try TopicMuteStore.mutes(at: now, in: db) }
    }

    /// Opens the state for a command run by an administrator. When root creates the
    /// database (the daemon has not run yet), it is given to the owner of the state folder,
    /// so the daemon's own user can open it later. (SQLite itself does the same for the
    /// `-wal` and `-shm` files it makes as root.)
    public static func openForCommand(path: FilePath) throws -> StateDatabase {
        let existed = exists(at: path)
        if !existed { try FileMover.ensureFolder(path.removingLastComponent()) }
        let database = try StateDatabase(path: path)
        if !existed && geteuid() == 0 {
            let folder = path.removingLastComponent()
            var status = stat()
            try systemCall("stat", "inspecting \(folder)") { folder.withPlatformString { stat($0, &status) } }
            let (owner, group) = (status.st_uid, status.st_gid)
            try systemCall("chown", "giving \(path) to the owner of \(folder)") {
                path.withPlatformString { chown($0, owner, group) }
            }
        }
        return database
    }

    /// Whether the database file exists, for commands that only read and must not create it.
    public static func exists(at path: FilePath) -> Bool {
        var status = stat()
        return (try? systemCall("lstat", "inspecting \(path)") { path.withPlatformString { lstat($0, &status) } }) != nil
    }
}
