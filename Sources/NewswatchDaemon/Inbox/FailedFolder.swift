public import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// The `failed/` folder as an operator works with it: each file that could not be read,
/// with `NAME.reason` beside it, and the way back into the inbox (`newswatch retry`).
public struct FailedFolder: Sendable {
    public let folder: FilePath
    public let inbox: FilePath
    /// Folder levels of `[archive] layout` at the top of `failed/`: a retried file goes back to
    /// the sub-folder of the inbox it came from, without them.
    public let layoutDepth: Int

    public init(inbox settings: InboxSettings, archive: ArchiveSettings = ArchiveSettings()) {
        folder = settings.failed
        inbox = settings.path
        layoutDepth = archive.layout.depth
    }

    /// One file moved back.
    public struct Retried: Sendable {
        /// Its path in the inbox (its own name, or `page.1.html`, … when the inbox had one).
        public var target: FilePath
        /// What `NAME.reason` said, now deleted; nil when there was none.
        public var reason: String?
    }

    /// The failed files (not their `.reason` files), as paths inside `failed/` in name order,
    /// from every dated folder. A name ending in `.reason` is a failed page itself when no
    /// file of the name without it is there.
    public func names() throws(SystemCallError) -> [FilePath] {
        var found: [FilePath] = []
        try collect(FilePath(), into: &found)
        return found.sorted { $0.string < $1.string }
    }

    private func collect(_ relative: FilePath, into found: inout [FilePath]) throws(SystemCallError) {
        let here = folder.pushing(relative)
        let entries = try DirectoryListing.entries(in: here)
        let names = Set(entries.filter { $0.type != DT_DIR }.map(\.name))
        for entry in entries {
            if entry.type == DT_DIR {
                try collect(relative.appending(entry.name), into: &found)
            } else if !(entry.name.hasSuffix(".reason") && names.contains(String(entry.name.dropLast(7)))) {
                found.append(relative.appending(entry.name))
            }
        }
    }

    /// The files in `failed/` that `argument` means: a path into the folder, or a bare name,
    /// which stands for every failed file of that name in any dated folder; a `NAME.reason`
    /// stands for NAME. Empty when the argument points elsewhere or names nothing there.
    public func names(for argument: String) -> [FilePath] {
        var path = FilePath(argument)
        if argument.contains("/") {
            path = ConfigurationLoader.absolute(path)
            guard path.starts(with: folder), path != folder else { return [] }
            var relative = FilePath()
            for component in path.components.dropFirst(folder.components.count) { relative.append(component) }
            return [withoutReasonSuffix(relative)]
        }
        guard let leaf = path.lastComponent, path.components.count == 1 else { return [] }
        let all = (try? names()) ?? []
        let matches = all.filter { $0.lastComponent == leaf }
        if matches.isEmpty, leaf.string.hasSuffix(".reason") {
            let base = String(leaf.string.dropLast(7))
            return all.filter { $0.lastComponent?.string == base }
        }
        return matches
    }

    private func withoutReasonSuffix(_ relative: FilePath) -> FilePath {
        guard let leaf = relative.lastComponent, leaf.string.hasSuffix(".reason") else { return relative }
        let base = relative.removingLastComponent().appending(String(leaf.string.dropLast(7)))
        return exists(base) ? base : relative
    }

    /// Moves `name` (a path inside `failed/`) back into the inbox, into the sub-folder it came
    /// from, without replacing anything there (the daemon then takes it as a new drop), and
    /// deletes its `.reason`, whose text is returned: a retry that fails again writes a new
    /// one, and one that succeeds leaves no stale reason behind.
    /// - Throws: `SystemCallError` when the move fails; the file then stays in `failed/`.
    public func retry(_ name: FilePath) throws(SystemCallError) -> Retried {
        guard let leaf = name.lastComponent, exists(name) else {
            throw SystemCallError(call: "lstat", errno: .noSuchFileOrDirectory, reason: "\(folder.pushing(name))")
        }
        let holder = folder.pushing(name.removingLastComponent())
        let reasonPath = holder.appending(SpoolName.reasonFile(for: leaf))
        let reason = (try? FileContents.read(reasonPath, limit: 64 << 10)).map {
            String(decoding: $0, as: UTF8.self).trimmingCharacters(in: "\n")
        }
        var origin = FilePath()
        for component in name.removingLastComponent().components.dropFirst(layoutDepth) { origin.append(component) }
        // The daemon's own mover, pointed the other way: the file's folder in failed/ is its source.
        let mover = FileMover(inbox: holder)
        guard
            case .moved(let target) = try mover.move(
                FilePath(root: nil, [leaf]), identity: nil, to: .folder(inbox.pushing(origin)))
        else {
            throw SystemCallError(call: "renameat2", errno: .noSuchFileOrDirectory, reason: "\(folder.pushing(name)) vanished")
        }
        if reason != nil {
            _ = try? systemCall("unlink", "deleting \(reasonPath)") { reasonPath.withPlatformString { unlink($0) } }
        }
        return Retried(target: target, reason: reason)
    }

    private func exists(_ name: FilePath) -> Bool {
        var status = stat()
        let path = folder.pushing(name)
        return (try? systemCall("lstat", "checking \(path)") { path.withPlatformString { lstat($0, &status) } }) != nil
    }
}

extension String {
    /// The text without `character` at its end.
    fileprivate func trimmingCharacters(in character: Character) -> String {
        var text = self
        while text.last == character { text.removeLast() }
        return text
    }
}
