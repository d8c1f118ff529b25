import CLinux
#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Moves a file out of the inbox once its outcome is committed: into `processed/` or
/// `failed/` (with `NAME.reason` beside it), or deletes a duplicate when the config says so.
///
/// Only the inbox's name of the file is renamed or unlinked; the file itself is never
/// opened for writing, so another name of a hard-linked file keeps its content.
struct FileMover: Sendable {
    let inbox: FilePath
    private let inboxFolder: FolderHandle
    private let destinations = FolderHandles()

    init(inbox: FilePath) {
        self.inbox = inbox
        inboxFolder = FolderHandle(inbox)
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

    /// Moves `name` if it is still the file that was read (same device and inode).
    /// - Throws: `SystemCallError` when the move fails; the file then stays in the inbox.
    @discardableResult
    func move(
        _ name: FilePath.Component, identity: FileIdentity?, to destination: Destination, reason: String? = nil
    ) throws(SystemCallError) -> Result {
        let source = inbox.appending(name)
        if let identity {
            guard let current = try self.identity(of: name), current == identity else { return .gone }
        }
        switch destination {
        case .delete:
            do {
                try systemCall("unlinkat", "deleting duplicate \(source)") { inboxFolder.locate(name) { unlinkat($0, $1, 0) } }
            } catch where error.errno == .noSuchFileOrDirectory {
                return .gone
            }
            return .deleted
        case .folder(let folder):
            if reason == nil, let target = try moveWithoutReplacing(source, name: name, into: folder) {
                return target
            }
            let target = try Self.freeName(for: name, in: folder)
            if let reason {
                try writeReason(reason, beside: target)
            }
            do {
                try systemCall("rename", "moving \(source) to \(target)") {
                    source.withPlatformString { from in target.withPlatformString { to in rename(from, to) } }
                }
            } catch where error.errno == .noSuchFileOrDirectory && identity == nil {
                return .gone
            }
            return .moved(target)
        }
    }

    /// The device and inode `name` has in the inbox now; nil when there is no such name.
    func identity(of name: FilePath.Component) throws(SystemCallError) -> FileIdentity? {
        var status = stat()
        do {
            try systemCall("fstatat", "inspecting \(inbox.appending(name))") {
                inboxFolder.locate(name) { fstatat($0, $1, &status, AT_SYMLINK_NOFOLLOW) }
            }
        } catch where error.errno == .noSuchFileOrDirectory {
            return nil
        }
        return FileIdentity(status)
    }

    /// Renames `source` to `folder/name`, or `name.1`, `.2`, … when taken, letting the kernel
    /// refuse an existing target (RENAME_NOREPLACE) instead of looking first: one system call
    /// per move in a burst, and no window between the look and the rename. Nil when the file
    /// system has no RENAME_NOREPLACE: the caller then looks first.
    private func moveWithoutReplacing(
        _ source: FilePath, name: FilePath.Component, into folder: FilePath
    ) throws(SystemCallError) -> Result? {
        let destination = destinations.handle(for: folder)
        var number = 0
        while true {
            let targetName = SpoolName.candidate(number, for: name)
            let target = folder.appending(targetName)
            do {
                try systemCall("renameat2", "moving \(source) to \(target)") {
                    inboxFolder.locate(name) { fromFolder, from in
                        destination.locate(targetName) { toFolder, to in
                            newswatch_rename_noreplace(fromFolder, from, toFolder, to)
                        }
                    }
                }
                return .moved(target)
            } catch {
                switch error.errno {
                case .fileExists: number += 1
                case .invalidArgument, .noFunction: return nil
                default: throw error
                }
            }
        }
    }

    /// `folder/name`, or `folder/name.1`, `.2`, … when a file of that name is already there:
    /// nothing in `processed/` or `failed/` is ever overwritten.
    static func freeName(for name: FilePath.Component, in folder: FilePath) throws(SystemCallError) -> FilePath {
        var number = 0
        var status = stat()
        while true {
            let candidate = folder.appending(SpoolName.candidate(number, for: name))
            do {
                try systemCall("lstat", "looking for a free name in \(folder)") {
                    candidate.withPlatformString { lstat($0, &status) }
                }
            } catch where error.errno == .noSuchFileOrDirectory {
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
            } catch where error.errno == .fileExists {
                continue
            }
        }
    }
}
