import CLinux
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// The kind of file system the inbox is on, told by `statfs` at start: inotify sees only
/// writes made through this kernel, so on a network or FUSE file system files that other
/// hosts (or the FUSE server itself) write bring no event.
struct InboxFileSystem: Sendable, Equatable {
    /// A name people know it by: "nfs", "cifs", "fuse", "ext4 or other local".
    var name: String
    /// Whether writes may come from elsewhere than this kernel.
    var isNetwork: Bool

    /// `f_type` magic numbers (linux/magic.h and the file systems' own) of file systems
    /// whose files other hosts or user-space servers write.
    static let network: [Int64: String] = [
        0x6969: "nfs", 0xFF53_4D42: "cifs", 0xFE53_4D42: "smb2", 0x517B: "smb", 0x6573_5546: "fuse",
        0x0102_1997: "9p", 0x00C3_6400: "ceph", 0x5346_414F: "afs", 0x6B41_4653: "afs", 0x7375_7245: "coda",
        0x564C: "ncp", 0x0116_1970: "gfs2", 0x7461_636F: "ocfs2", 0x4750_4653: "gpfs", 0x0BD0_0BD0: "lustre",
        0x013F_9A50: "orangefs", 0xAAD7_AAEA: "panfs", 0x6A65_6A63: "fhgfs/beegfs",
    ]

    /// The file system of `path`; nil when `statfs` fails (a missing inbox: it is made later).
    static func of(_ path: FilePath) -> InboxFileSystem? {
        var type: Int = 0
        guard
            (try? systemCall("statfs", "checking the file system of \(path)") {
                path.withPlatformString { newswatch_filesystem_type($0, &type) }
            }) != nil
        else { return nil }
        let magic = Int64(UInt32(truncatingIfNeeded: type))
        if let name = network[magic] { return InboxFileSystem(name: name, isNetwork: true) }
        return InboxFileSystem(name: "local (f_type 0x\(String(magic, radix: 16)))", isNetwork: false)
    }
}
