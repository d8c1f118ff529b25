import CLinux
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Moves a file out of the inbox once its outcome is committed: into `processed/` or
/// `failed/` (with `NAME.reason` beside it), or deletes a duplicate when the config says so.
///
/// A file keeps its sub-folder, under the dated folder of `[archive] layout`:
/// `inbox/reuters/page.html` goes to `processed/2026/12/02/reuters/page.html`. Folders are
/// made only when a move finds them missing, so a burst pays no `mkdir` or `stat` a file.
///
/// Only the inbox's name of the file is renamed or unlinked; the file itself is never
/// opened for writing, so another name of a hard-linked file keeps its content.
struct FileMover: Sendable {
    let inbox: FilePath
    /// The dated folder (`[archive] layout` for the time of the move) files go into inside
    /// `processed/` and `failed/`; empty for flat.
    let datedFolder: FilePath
    private let inboxFolders: InboxFolders
    private let destinations = FolderHandles()

    init(inbox: FilePath, datedFolder: FilePath = FilePath()) {
        self.inbox = inbox
        self.datedFolder = datedFolder
        inboxFolders = InboxFolders(inbox)
    }

    /// A mover for now: files go into today's folder of `layout`.
    init(inbox: FilePath, layout: ArchiveLayout, now: Int64) {
        self.init(inbox: inbox, datedFolder: FilePath(layout.folder(for: now)))
    }

    /// Where a file goes.
    enum Destination: Sendable, Equatable {
        case folder(FilePath)
        case delete
    }

    /// What became of a move.
    enum Result: Sendable, Equatable {
        case moved(FilePath)
        case deleted
        /// The file read is no longer in the inbox under that name: moved already (a move
        /// replayed after a crash), or removed or replaced by someone else.
        case gone
    }

    /// The folder `name` (a path inside the inbox) goes to in `root`: the dated folder, then
    /// the file's own sub-folder.
    func targetFolder(for name: FilePath, in root: FilePath) -> FilePath {
        let dated = destinations.dated(root, datedFolder)
        let isInSubfolder = name.withPlatformString { strchr($0, 0x2F) != nil }
        return isInSubfolder ? dated.pushing(name.removingLastComponent()) : dated
    }

    /// Moves `name` (a path inside the inbox) if it is still the file that was read (same
    /// device and inode).
    /// - Throws: `SystemCallError` when the move fails; the file then stays in the inbox.
    @discardableResult
    func move(
        _ name: FilePath, identity: FileIdentity?, to destination: Destination, reason: String? = nil
    ) throws(SystemCallError) -> Result {
        // Named in messages only; an autoclosure keeps the burst from building it for each file.
        func source() -> FilePath { inbox.pushing(name) }
        if let identity {
            guard let current = try self.identity(of: name), current == identity else { return .gone }
        }
        guard let leaf = name.lastComponent else { return .gone }
        switch destination {
        case .delete:
            do {
                try inboxFolders.locate(name) { folder, leaf throws(SystemCallError) in
                    try systemCall("unlinkat", "deleting duplicate \(source())") { unlinkat(folder, leaf, 0) }
                }
            } catch  where error.errno == .noSuchFileOrDirectory {
                return .gone
            }
            return .deleted
        case .folder(let root):
            let folder = targetFolder(for: name, in: root)
            if reason == nil, let target = try moveWithoutReplacing(source(), name: name, leaf: leaf, into: folder) {
                return target
            }
            if !Self.isFolder(folder) { try Self.ensureFolder(folder) }
            let target = try Self.freeName(for: leaf, in: folder)
            if let reason {
                try writeReason(reason, beside: target)
            }
            do {
                try inboxFolders.locate(name) { fromFolder, from throws(SystemCallError) in
                    try systemCall("renameat", "moving \(source()) to \(target)") {
                        target.withPlatformString { to in renameat(fromFolder, from, AT_FDCWD, to) }
                    }
                }
            } catch  where error.errno == .noSuchFileOrDirectory && identity == nil {
                return .gone
            }
            return .moved(target)
        }
    }

    /// The device and inode `name` has in the inbox now; nil when there is no such name.
    func identity(of name: FilePath) throws(SystemCallError) -> FileIdentity? {
        var status = stat()
        do {
            try inboxFolders.locate(name) { folder, leaf throws(SystemCallError) in
                try systemCall("fstatat", "inspecting \(inbox.pushing(name))") {
                    fstatat(folder, leaf, &status, AT_SYMLINK_NOFOLLOW)
                }
            }
        } catch  where [.noSuchFileOrDirectory, .notDirectory, .tooManySymbolicLinkLevels].contains(error.errno) {
            return nil
        }
        return FileIdentity(status)
    }

    /// Renames `source` to `folder/leaf`, or `leaf` numbered (`page.1.html`, `.2`, …) when
    /// taken, letting the kernel refuse an existing target (RENAME_NOREPLACE) instead of
    /// looking first: one system call per move in a burst, and no window between the look and
    /// the rename. A missing folder (a new day, a new sub-folder) is made once and the move
    /// tried again. Nil when the file system has no RENAME_NOREPLACE: the caller then looks
    /// first.
    private func moveWithoutReplacing(
        _ source: @autoclosure () -> FilePath, name: FilePath, leaf: FilePath.Component, into folder: FilePath
    ) throws(SystemCallError) -> Result? {
        var destination = destinations.handle(for: folder)
        var number = 0
        var madeFolder = false
        while true {
            let targetName = SpoolName.candidate(number, for: leaf)
            do {
                try inboxFolders.locate(name) { fromFolder, from throws(SystemCallError) in
                    try systemCall("renameat2", "moving \(source()) to \(folder.appending(targetName))") {
                        destination.locate(targetName) { toFolder, to in
                            newswatch_rename_noreplace(fromFolder, from, toFolder, to)
                        }
                    }
                }
                return .moved(folder.appending(targetName))
            } catch {
                switch error.errno {
                case .fileExists: number += 1
                case .invalidArgument, .noFunction: return nil
                case .noSuchFileOrDirectory where !madeFolder && !Self.isFolder(folder):
                    try Self.ensureFolder(folder)
                    destination = destinations.reopen(folder)
                    madeFolder = true
                default: throw error
                }
            }
        }
    }

    private static func isFolder(_ folder: FilePath) -> Bool {
        var status = stat()
        let found = try? systemCall("stat", "checking \(folder)") { folder.withPlatformString { stat($0, &status) } }
        return found != nil && status.st_mode & S_IFMT == S_IFDIR
    }

    /// `folder/name`, or `name` numbered (`page.1.html`, `.2`, …) when a file of that name is
    /// already there: nothing in `processed/` or `failed/` is ever overwritten.
    static func freeName(for name: FilePath.Component, in folder: FilePath) throws(SystemCallError) -> FilePath {
        var number = 0
        var status = stat()
        while true {
            let candidate = folder.appending(SpoolName.candidate(number, for: name))
            do {
                try systemCall("lstat", "looking for a free name in \(folder)") {
                    candidate.withPlatformString { lstat($0, &status) }
                }
            } catch  where error.errno == .noSuchFileOrDirectory {
                return candidate
            }
            number += 1
        }
    }

    private func writeReason(_ reason: String, beside target: FilePath) throws(SystemCallError) {
        let path = target.removingLastComponent().appending(SpoolName.reasonFile(for: target.lastComponent!))
        let fd = try systemCall("open", "writing \(path)") {
            path.withPlatformString { open($0, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o640) }
        }
        defer { closeDescriptor(fd) }
        var bytes = Array((reason + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = try systemCall("write", "writing \(path)") {
                bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            }
            offset += written
        }
    }

    /// Creates a folder and its parents if missing.
    static func ensureFolder(_ folder: FilePath) throws(SystemCallError) {
        var partial = FilePath(root: folder.root)
        for component in folder.components {
            partial.append(component)
            do {
                try systemCall("mkdir", "creating \(partial)") { partial.withPlatformString { mkdir($0, 0o750) } }
            } catch  where error.errno == .fileExists {
                continue
            }
        }
    }
}
