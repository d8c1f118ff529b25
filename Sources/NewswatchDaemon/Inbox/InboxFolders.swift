import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// The inbox and its sub-folders held open for a batch, so that a file named by its path
/// inside the inbox (`reuters/page.html`) is reached by an `*at` call on its own folder.
///
/// Each sub-folder is opened one level at a time without following links
/// (`O_NOFOLLOW`), once per batch: a sub-folder replaced by a symbolic link to `/etc`
/// is refused, never followed. Files at the top of the inbox cost nothing extra.
final class InboxFolders: Sendable {
    let inbox: FilePath
    private let root: FolderHandle
    private let folders = Mutex<[FilePath: Result<FolderHandle, SystemCallError>]>([:])

    init(_ inbox: FilePath) {
        self.inbox = inbox
        root = FolderHandle(inbox)
    }

    /// Calls `body` with the folder descriptor and last name to give an `*at` call for `name`.
    /// - Throws: the error of opening one of its folders (gone, a link, not a folder), or
    ///   what `body` throws.
    @discardableResult
    func locate<Result>(
        _ name: FilePath, _ body: (Int32, UnsafePointer<CChar>) throws(SystemCallError) -> Result
    ) throws(SystemCallError) -> Result {
        // The C string's last `/` tells a file in a sub-folder without parsing the path: a
        // file at the top of the inbox, nearly every file in a burst, costs nothing here.
        let outcome = name.withPlatformString { full -> Swift.Result<Result, SystemCallError> in
            guard let slash = strrchr(full, 0x2F) else {
                return root.locate(full) { descriptor, leaf in
                    Swift.Result { () throws(SystemCallError) -> Result in try body(descriptor, leaf) }
                }
            }
            let opened = Swift.Result { () throws(SystemCallError) -> FolderHandle in
                try handle(for: name.removingLastComponent())
            }
            guard case .success(let folder) = opened else {
                if case .failure(let error) = opened { return .failure(error) }
                fatalError("unreachable")
            }
            return folder.locate(UnsafePointer(slash + 1)) { descriptor, leaf in
                Swift.Result { () throws(SystemCallError) -> Result in try body(descriptor, leaf) }
            }
        }
        return try outcome.get()
    }

    /// The open sub-folder at `relative`, opened level by level on first use.
    private func handle(for relative: FilePath) throws(SystemCallError) -> FolderHandle {
        if let known = folders.withLock({ $0[relative] }) { return try known.get() }
        var parent = root
        var walked = FilePath()
        for component in relative.components {
            walked.append(component)
            if let known = folders.withLock({ $0[walked] }) {
                parent = try known.get()
                continue
            }
            let opened = Swift.Result { () throws(SystemCallError) -> FolderHandle in try FolderHandle(component, in: parent) }
            folders.withLock { $0[walked] = opened }
            parent = try opened.get()
        }
        return parent
    }
}
