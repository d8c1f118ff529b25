/// Which file a name stood for: device and inode, as `fstat` saw them.
struct FileIdentity: Sendable, Equatable {
    var device: UInt64
    var inode: UInt64
}
