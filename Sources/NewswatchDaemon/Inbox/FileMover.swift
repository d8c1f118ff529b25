import CLinux
#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Moves a file out of the inbox once its outcome is committed: into `processed/` or
/// `failed/` (with `NAME.reason` beside it), or deletes a duplicate when the config says so.
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

    /// Moves `name` if it is still the file that was read (same device, inode and size).
    /// Returns the final path, or nil when the file was deleted or is gone.
    /// - Throws: `SystemCallError` when the move fails; the file then stays in the inbox.
    @discardableResult
    func move(
        _ name: FilePath.Component, identity: FileIdentity?, to destination: Destination, reason: String? = nil
    ) throws(SystemCallError) -> FilePath? {
        let source = inbox.appending(name)
        if let identity {
            var status = stat()
            guard inboxFolder.locate(name, { fstatat($0, $1, &status, AT_SYMLINK_NOFOLLOW) }) == 0 else { return nil }
            guard UInt64(status.st_dev) == identity.device, UInt64(status.st_ino) == identity.inode else {
                return nil
            }
        }
        switch destination {
        case .delete:
            try systemCall("unlink", "deleting duplicate \(source)") { source.withPlatformString { unlink($0) } }
            return nil
        case .folder(let folder):
            if reason == nil, let target = try moveWithoutReplacing(source, name: name, into: folder) {
                return target
            }
            let target = Self.freeName(for: name, in: folder)
            if let reason {
                try writeReason(reason, beside: target)
            }
            try systemCall("rename", "moving \(source) to \(target)") {
                source.withPlatformString { from in target.withPlatformString { to in rename(from, to) } }
            }
            return target
        }
    }

    /// Renames `source` to `folder/name`, or `name.1`, `.2`, … when taken, letting the kernel
    /// refuse an existing target (RENAME_NOREPLACE) instead of looking first: one system call
    /// per move in a burst, and no window between the look and the rename. Nil when the file
    /// system has no RENAME_NOREPLACE: the caller then looks first.
    private func moveWithoutReplacing(
        _ source: FilePath, name: FilePath.Component, into folder: FilePath
    ) throws(SystemCallError) -> FilePath? {
        let destination = destinations.handle(for: folder)
        var number = 0
        while true {
            let targetName = Self.candidateName(number, for: name)
            let result = inboxFolder.locate(name) { fromFolder, from in
                destination.locate(targetName) { toFolder, to in newswatch_rename_noreplace(fromFolder, from, toFolder, to) }
            }
            let target = folder.appending(targetName)
            if result == 0 { return target }
            switch Errno(rawValue: errno) {
            case .interrupted: continue
            case .fileExists: number += 1
            case .invalidArgument, .noFunction: return nil
            case let code: throw SystemCallError(call: "renameat2", errno: code, reason: "moving \(source) to \(target)")
            }
        }
    }

    /// `folder/name`, or `folder/name.1`, `.2`, … when a file of that name is already there:
    /// nothing in `processed/` or `failed/` is ever overwritten.
    static func freeName(for name: FilePath.Component, in folder: FilePath) -> FilePath {
        var number = 0
        var status = stat()
        while candidate(number, for: name, in: folder).withPlatformString({ lstat($0, &status) }) == 0 {
            number += 1
        }
        return candidate(number, for: name, in: folder)
    }

    /// The `number`th name tried for `name` in `folder`: the name itself, then `name.1`, `.2`, ….
    private static func candidate(_ number: Int, for name: FilePath.Component, in folder: FilePath) -> FilePath {
        folder.appending(candidateName(number, for: name))
    }

    private static func candidateName(_ number: Int, for name: FilePath.Component) -> FilePath.Component {
        number == 0 ? name : FilePath.Component("\(name.string).\(number)")!
    }

    private func writeReason(_ reason: String, beside target: FilePath) throws(SystemCallError) {
        let path = FilePath(target.string + ".reason")
        let fd = try systemCall("open", "writing \(path)") {
            path.withPlatformString { open($0, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o640) }
        }
        defer { close(fd) }
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
            let result = partial.withPlatformString { mkdir($0, 0o750) }
            if result != 0 && errno != EEXIST {
                throw SystemCallError(call: "mkdir", errno: Errno(rawValue: errno), reason: "creating \(partial)")
            }
        }
    }
}
