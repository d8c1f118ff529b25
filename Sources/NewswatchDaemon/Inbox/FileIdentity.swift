#if canImport(Glibc)
    import Glibc
#endif

/// Which file a name stood for: device and inode, as `fstat` saw them.
struct FileIdentity: Sendable, Hashable {
    var device: UInt64
    var inode: UInt64

    init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }

    init(_ status: stat) {
        self.init(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }
}
