import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// A folder held open (`O_PATH`) while a batch is read or moved, so each file is named
/// relative to it (`openat`, `fstatat`, `renameat2`): the kernel then walks only the file's
/// own name instead of the whole path for each system call.
///
/// When the folder cannot be opened (missing, not a folder), calls fall back to the full
/// path and fail or succeed exactly as path-based calls would.
final class FolderHandle: Sendable {
    let path: FilePath
    /// -1 when the folder could not be opened.
    private let descriptor: Int32
    /// `O_PATH`, the same on every Linux architecture; glibc hides it without `_GNU_SOURCE`.
    /// Such a handle serves `*at` calls only: it needs no read permission on the folder.
    private static let pathOnly: Int32 = 0o10_000_000

    init(_ path: FilePath) {
        self.path = path
        guard !path.isEmpty,
            let opened = try? systemCall(
                "open", "holding \(path) open",
                {
                    path.withPlatformString { open($0, Self.pathOnly | O_DIRECTORY | O_CLOEXEC) }
                })
        else {
            descriptor = -1
            return
        }
        descriptor = opened
    }

    /// Opens the sub-folder `name` of `parent` without following a symbolic link, so a
    /// sub-folder swapped for a link never leads out of the inbox.
    /// - Throws: `SystemCallError` when it cannot be opened (gone, a link, not a folder).
    init(_ name: FilePath.Component, in parent: FolderHandle) throws(SystemCallError) {
        path = parent.path.appending(name)
        guard parent.descriptor >= 0 else {
            throw SystemCallError(call: "openat", errno: .noSuchFileOrDirectory, reason: "opening \(path)")
        }
        descriptor = try systemCall("openat", "opening \(path)") {
            name.withPlatformString { openat(parent.descriptor, $0, Self.pathOnly | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        }
    }

    deinit {
        if descriptor >= 0 { closeDescriptor(descriptor) }
    }

    /// The same for a name given as a C string.
    func locate<Result>(_ name: UnsafePointer<CChar>, _ body: (Int32, UnsafePointer<CChar>) -> Result) -> Result {
        if descriptor >= 0 { return body(descriptor, name) }
        return path.appending(String(cString: name)).withPlatformString { body(AT_FDCWD, $0) }
    }

    /// Calls `body` with the directory descriptor and name to give an `*at` system call for
    /// `name` in this folder (`AT_FDCWD` and the full path when the folder is not open).
    func locate<Result>(_ name: FilePath.Component, _ body: (Int32, UnsafePointer<CChar>) -> Result) -> Result {
        if descriptor >= 0 {
            return name.withPlatformString { body(descriptor, $0) }
        }
        return path.appending(name).withPlatformString { body(AT_FDCWD, $0) }
    }
}

/// Destination folders opened once for a run of moves (`processed/`, `failed/`).
final class FolderHandles: Sendable {
    private let handles = Mutex<[FilePath: FolderHandle]>([:])
    private let datedRoots = Mutex<[FilePath: FilePath]>([:])

    /// `root/dated` (`processed/2026/12/02`), made once a run of moves.
    func dated(_ root: FilePath, _ dated: FilePath) -> FilePath {
        datedRoots.withLock { roots in
            if let known = roots[root] { return known }
            let made = root.pushing(dated)
            roots[root] = made
            return made
        }
    }

    func handle(for folder: FilePath) -> FolderHandle {
        handles.withLock { handles in
            if let handle = handles[folder] { return handle }
            let handle = FolderHandle(folder)
            handles[folder] = handle
            return handle
        }
    }

    /// Opens `folder` again: it did not exist when it was first wanted, and has been made.
    func reopen(_ folder: FilePath) -> FolderHandle {
        let handle = FolderHandle(folder)
        handles.withLock { $0[folder] = handle }
        return handle
    }
}
