import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Reads trusted files (the config) whole.
enum FileContents {
    /// - Throws: `SystemCallError` with `EFBIG` ("File too large") for a file over `limit`,
    ///   told by its size before anything is read.
    static func read(_ path: FilePath, limit: Int) throws(SystemCallError) -> [UInt8] {
        let fd = try systemCall("open", "opening \(path)") {
            path.withPlatformString { open($0, O_RDONLY | O_CLOEXEC) }
        }
        defer { closeDescriptor(fd) }
        var status = stat()
        try systemCall("fstat", "inspecting \(path)") { fstat(fd, &status) }
        let size = Int(status.st_size)
        if status.st_mode & S_IFMT == S_IFREG && size > limit {
            throw SystemCallError(call: "fstat", errno: .fileTooLarge, reason: "\(path) holds \(size) bytes")
        }
        return try readAll(fd, limit: limit, name: path.string, sizeHint: size)
    }

    /// Reads `fd` to its end, at most `limit + 1` bytes so a caller can tell "over the limit".
    ///
    /// `sizeHint` is the size `fstat` gave: a read that stops short once that many bytes are
    /// in is the end of a regular file, so the read that would return 0 is not made.
    static func readAll(_ fd: Int32, limit: Int, name: String, sizeHint: Int = 0) throws(SystemCallError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: max(4096, min(sizeHint + 1, limit + 1)))
        var count = 0
        while count <= limit {
            if count == bytes.count {
                bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, limit + 1 - count)))
            }
            let got = try systemCall("read", "reading \(name)") {
                bytes.withUnsafeMutableBytes { buffer in
                    Glibc.read(fd, buffer.baseAddress! + count, buffer.count - count)
                }
            }
            if got == 0 { break }
            let wanted = bytes.count - count
            count += got
            if sizeHint > 0 && count == sizeHint && got < wanted { break }
        }
        bytes.removeSubrange(count...)
        return bytes
    }
}

/// Lists a folder's entries without following anything.
enum DirectoryListing {
    struct Entry {
        var name: String
        /// `DT_REG`, `DT_DIR`, … as readdir reports; `DT_UNKNOWN` on some file systems.
        var type: UInt8
    }

    static func entries(in folder: FilePath) throws(SystemCallError) -> [Entry] {
        guard let directory = try systemCall(pointer: "opendir", "listing \(folder)", { folder.withPlatformString { opendir($0) } })
        else {
            throw SystemCallError(call: "opendir", errno: .noSuchFileOrDirectory, reason: "listing \(folder)")
        }
        defer { closedir(directory) }
        return try entries(of: directory, folder: folder)
    }

    /// The entries of the sub-folder `name` of the open folder `parent` (`AT_FDCWD` and a
    /// path for a folder of its own), opened without following a link; with the listed
    /// folder's descriptor, for listing its own sub-folders the same way.
    static func entries(
        of name: FilePath.Component?, in parent: Int32, path: FilePath, _ body: (Int32, [Entry]) throws(SystemCallError) -> Void
    ) throws(SystemCallError) {
        let flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC
        let fd = try systemCall("openat", "listing \(path)") {
            if let name { return name.withPlatformString { openat(parent, $0, flags) } }
            return path.withPlatformString { openat(parent, $0, flags) }
        }
        guard let directory = try systemCall(pointer: "fdopendir", "listing \(path)", { fdopendir(fd) }) else {
            closeDescriptor(fd)
            throw SystemCallError(call: "fdopendir", errno: .noSuchFileOrDirectory, reason: "listing \(path)")
        }
        // closedir closes fd.
        defer { closedir(directory) }
        try body(fd, try entries(of: directory, folder: path))
    }

    private static func entries(of directory: OpaquePointer, folder: FilePath) throws(SystemCallError) -> [Entry] {
        var entries: [Entry] = []
        while let entry = try systemCall(pointer: "readdir", "listing \(folder)", { readdir(directory) }) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name == "." || name == ".." { continue }
            entries.append(Entry(name: name, type: entry.pointee.d_type))
        }
        return entries
    }

    static func names(in folder: FilePath) throws(SystemCallError) -> [String] {
        try entries(in: folder).map(\.name)
    }
}

/// The process's working folder, for resolving a relative `--config`.
enum WorkingDirectory {
    static var current: FilePath {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard (try? systemCall(pointer: "getcwd", "finding the working folder", { getcwd(&buffer, buffer.count) })) != nil
        else { return "/" }
        return FilePath(platformString: buffer)
    }
}
