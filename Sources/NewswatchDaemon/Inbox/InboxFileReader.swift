import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Opens a dropped file the way untrusted input must be opened: never through a symbolic
/// link, never blocking on a FIFO or device, regular files only, size capped.
struct InboxFileReader: Sendable {
    let inbox: InboxFolders
    let maxFileSize: Int

    init(inbox: FilePath, maxFileSize: Int) {
        self.inbox = InboxFolders(inbox)
        self.maxFileSize = maxFileSize
    }

    enum Result {
        case contents([UInt8], FileIdentity)
        /// Not readable as a page; the file is failed with this reason.
        case rejected(reason: String, identity: FileIdentity?)
        case vanished
        /// A folder or similar that is not the daemon's to move.
        case skipped(reason: String)
    }

    /// Reads `name`, a path inside the inbox; its sub-folders are never reached through a link.
    func read(_ name: FilePath) -> Result {
        var status = stat()
        // lstat first: a link is judged as a link, and a FIFO or device is never opened.
        do {
            try inbox.locate(name) { folder, leaf throws(SystemCallError) in
                try systemCall("fstatat", "inspecting \(name)") { fstatat(folder, leaf, &status, AT_SYMLINK_NOFOLLOW) }
            }
        } catch {
            // A sub-folder gone, or swapped for a link or a file: the name is not in the inbox any more.
            if [.noSuchFileOrDirectory, .notDirectory, .tooManySymbolicLinkLevels].contains(error.errno) { return .vanished }
            return .rejected(reason: "cannot inspect the file: \(error.errno)", identity: nil)
        }
        let lIdentity = FileIdentity(status)
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .skipped(reason: "is a folder")
        case S_IFLNK:
            return .rejected(reason: "is a symbolic link; newswatch never follows links out of the inbox", identity: lIdentity)
        case S_IFIFO: return .rejected(reason: "is a FIFO, not a regular file", identity: lIdentity)
        case S_IFSOCK: return .rejected(reason: "is a socket, not a regular file", identity: lIdentity)
        default: return .rejected(reason: "is a device or special file, not a regular file", identity: lIdentity)
        }
        if Int(status.st_size) > maxFileSize {
            return .rejected(
                reason: "is \(status.st_size) bytes, over the \(maxFileSize)-byte limit (inbox.max_file_size)",
                identity: lIdentity)
        }
        let fd: Int32
        do {
            fd = try inbox.locate(name) { folder, leaf throws(SystemCallError) in
                try systemCall("openat", "opening \(name)") {
                    openat(folder, leaf, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
                }
            }
        } catch {
            switch error.errno {
            case .noSuchFileOrDirectory: return .vanished
            case .tooManySymbolicLinkLevels:
                return .rejected(reason: "is a symbolic link; newswatch never follows links out of the inbox", identity: lIdentity)
            case .permissionDenied: return .rejected(reason: "cannot be read: permission denied", identity: lIdentity)
            case let code: return .rejected(reason: "cannot be opened: \(code)", identity: lIdentity)
            }
        }
        defer { closeDescriptor(fd) }
        // Checked again on the open descriptor: the name may have been swapped since lstat.
        guard (try? systemCall("fstat", "inspecting \(name)", { fstat(fd, &status) })) != nil,
            status.st_mode & S_IFMT == S_IFREG
        else {
            return .rejected(reason: "changed into a non-regular file while being opened", identity: lIdentity)
        }
        let identity = FileIdentity(status)
        do {
            let bytes = try FileContents.readAll(fd, limit: maxFileSize, name: name.string, sizeHint: Int(status.st_size))
            if bytes.count > maxFileSize {
                return .rejected(
                    reason: "grew past the \(maxFileSize)-byte limit while being read (inbox.max_file_size)", identity: identity)
            }
            return .contents(bytes, identity)
        } catch {
            return .rejected(reason: "reading failed: \(error.errno)", identity: identity)
        }
    }
}
