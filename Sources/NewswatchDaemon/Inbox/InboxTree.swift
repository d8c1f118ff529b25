import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// The inbox and the sub-folders newswatch takes files from, as `[inbox]` says: every
/// sub-folder down to `max_depth` when `recursive`, none otherwise; never a folder `ignore`
/// matches, never `processed/` or `failed/`, never through a symbolic link.
///
/// The one walk behind the start-up listing, the watches set on sub-folders, a new
/// sub-folder's listing and polling, so they agree on which files are the inbox's.
struct InboxTree: Sendable {
    let settings: InboxSettings

    var inbox: FilePath { settings.path }

    /// Why a sub-folder is left alone.
    enum Exclusion: Equatable {
        case notRecursive
        case tooDeep
        case ignored
        case spool
    }

    /// Whether the sub-folder at `relative` (a path inside the inbox) is one to take files
    /// from; nil when it is, else why not.
    func exclusion(of relative: FilePath) -> Exclusion? {
        if settings.ignore.ignores(relative) { return .ignored }
        if settings.isSpoolFolder(inbox.pushing(relative)) { return .spool }
        if !settings.recursive { return .notRecursive }
        if relative.components.count > settings.maxDepth { return .tooDeep }
        return nil
    }

    /// One entry met by `walk`.
    struct Visit {
        /// Its path inside the inbox.
        var path: FilePath
        /// Its folder, open: for `fstatat`.
        var folder: Int32
        var name: FilePath.Component
    }

    /// Lists the folder `start` (a path inside the inbox; empty for the inbox) and the
    /// sub-folders below it that are the inbox's, folder before files.
    /// - Parameters:
    ///   - enter: called for each sub-folder that is the inbox's before it is listed (to
    ///     watch it first, so no file arriving meanwhile is missed); false skips it.
    ///   - skipped: each sub-folder that is not the inbox's, with why.
    ///   - foldersOnly: lists folders only (for watching them), passing files over unseen.
    ///   - file: each entry that is not a folder and not ignored.
    /// - Throws: when `start` itself cannot be listed; a sub-folder that cannot be (gone
    ///   meanwhile) is passed over.
    func walk(
        from start: FilePath = FilePath(),
        enter: (FilePath) -> Bool = { _ in true },
        skipped: (FilePath, Exclusion) -> Void = { _, _ in },
        foldersOnly: Bool = false,
        file: (Visit) -> Void = { _ in }
    ) throws(SystemCallError) {
        let path = inbox.pushing(start)
        try DirectoryListing.entries(of: nil, in: AT_FDCWD, path: path) { descriptor, entries throws(SystemCallError) in
            try walk(descriptor, start, entries, enter: enter, skipped: skipped, foldersOnly: foldersOnly, file: file)
        }
    }

    private func walk(
        _ descriptor: Int32, _ relative: FilePath, _ entries: [DirectoryListing.Entry],
        enter: (FilePath) -> Bool, skipped: (FilePath, Exclusion) -> Void, foldersOnly: Bool, file: (Visit) -> Void
    ) throws(SystemCallError) {
        for entry in entries.sorted(by: { $0.name < $1.name }) {
            if foldersOnly && entry.type != DT_DIR && entry.type != DT_UNKNOWN { continue }
            guard let name = FilePath.Component(entry.name) else { continue }
            guard isFolder(entry, name, in: descriptor) else {
                if !foldersOnly, !settings.ignore.ignores(name, in: relative.appending(name)) {
                    file(Visit(path: relative.appending(name), folder: descriptor, name: name))
                }
                continue
            }
            let path = relative.appending(name)
            if let exclusion = exclusion(of: path) {
                skipped(path, exclusion)
                continue
            }
            guard enter(path) else { continue }
            do {
                try DirectoryListing.entries(of: name, in: descriptor, path: inbox.pushing(path)) {
                    folder, inner throws(SystemCallError) in
                    try walk(folder, path, inner, enter: enter, skipped: skipped, foldersOnly: foldersOnly, file: file)
                }
            } catch  where [.noSuchFileOrDirectory, .notDirectory, .tooManySymbolicLinkLevels].contains(error.errno) {
                continue
            }
        }
    }

    /// Whether the entry is a folder; asks `fstatat` only when `readdir` could not say.
    private func isFolder(_ entry: DirectoryListing.Entry, _ name: FilePath.Component, in descriptor: Int32) -> Bool {
        if entry.type != DT_UNKNOWN { return entry.type == DT_DIR }
        var status = stat()
        let found = try? systemCall("fstatat", "inspecting \(inbox)/\(name)") {
            name.withPlatformString { fstatat(descriptor, $0, &status, AT_SYMLINK_NOFOLLOW) }
        }
        return found != nil && status.st_mode & S_IFMT == S_IFDIR
    }
}
