/// Which file a name stood for: device, inode and size, as `fstat` saw them.
struct FileIdentity: Sendable, Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
}
