#if canImport(Glibc)
import Glibc
#endif
public import SystemPackage

/// The `failed/` folder as an operator works with it: each file that could not be read,
/// with `NAME.reason` beside it, and the way back into the inbox (`newswatch retry`).
public struct FailedFolder: Sendable {
    public let folder: FilePath
    public let inbox: FilePath

    public init(inbox settings: InboxSettings) {
        folder = settings.failed
        inbox = settings.path
    }

    /// One file moved back.
    public struct Retried: Sendable {
        /// Its path in the inbox (its own name, or `NAME.1`, … when the inbox had one).
        public var target: FilePath
        /// What `NAME.reason` said, now deleted; nil when there was none.
        public var reason: String?
    }

    /// The failed files (not their `.reason` files), in name order. A name ending in
    /// `.reason` is a failed page itself when no file of the name without it is there.
    public func names() throws(SystemCallError) -> [String] {
        let entries = try DirectoryListing.entries(in: folder).filter { $0.type != DT_DIR }
        let names = Set(entries.map(\.name))
        return names.filter { !($0.hasSuffix(".reason") && names.contains(String($0.dropLast(7)))) }.sorted()
    }

    /// The name in `failed/` that `argument` means: a bare name, or a path into the folder;
    /// a `NAME.reason` stands for NAME. Nil when the argument points elsewhere.
    public func name(for argument: String) -> FilePath.Component? {
        var path = FilePath(argument)
        if argument.contains("/") {
            path = ConfigurationLoader.absolute(path)
            guard path.removingLastComponent() == folder else { return nil }
        }
        guard var name = path.lastComponent, path.components.count == 1 || argument.contains("/") else { return nil }
        if name.string.hasSuffix(".reason"), let base = FilePath.Component(String(name.string.dropLast(7))),
            exists(base)
        {
            name = base
        }
        return name
    }

    /// Moves `name` back into the inbox without replacing anything there (the daemon then
    /// takes it as a new drop), and deletes its `.reason`, whose text is returned: a retry
    /// that fails again writes a new one.
    /// - Throws: `SystemCallError` when the move fails; the file then stays in `failed/`.
    public func retry(_ name: FilePath.Component) throws(SystemCallError) -> Retried {
        guard exists(name) else {
            throw SystemCallError(call: "lstat", errno: .noSuchFileOrDirectory, reason: "\(folder.appending(name))")
        }
        let reasonPath = folder.appending(name.string + ".reason")
        let reason = (try? FileContents.read(reasonPath, limit: 64 << 10)).map {
            String(decoding: $0, as: UTF8.self).trimmingCharacters(in: "\n")
        }
        // The daemon's own mover, pointed the other way: failed/ is its source folder.
        guard case .moved(let target) = try FileMover(inbox: folder).move(name, identity: nil, to: .folder(inbox)) else {
            throw SystemCallError(call: "renameat2", errno: .noSuchFileOrDirectory, reason: "\(folder.appending(name)) vanished")
        }
        if reason != nil {
            _ = try? systemCall("unlink", "deleting \(reasonPath)") { reasonPath.withPlatformString { unlink($0) } }
        }
        return Retried(target: target, reason: reason)
    }

    private func exists(_ name: FilePath.Component) -> Bool {
        var status = stat()
        let path = folder.appending(name)
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
