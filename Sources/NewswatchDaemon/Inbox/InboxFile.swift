public import SystemPackage

/// Reads a file named on the command line with the same care as an inbox file.
public enum InboxFile {
    /// - Throws: an error naming the file and the reason (a link, a FIFO, too large…).
    public static func read(_ path: FilePath, limit: Int) throws(InboxFileError) -> [UInt8] {
        guard let name = path.lastComponent else {
            throw InboxFileError(message: "\(path): not a file name")
        }
        let reader = InboxFileReader(inbox: path.removingLastComponent(), maxFileSize: limit)
        switch reader.read(FilePath(root: nil, [name])) {
        case .contents(let bytes, _): return bytes
        case .rejected(let reason, _): throw InboxFileError(message: "\(path) \(reason)")
        case .skipped(let reason): throw InboxFileError(message: "\(path) \(reason)")
        case .vanished: throw InboxFileError(message: "\(path) does not exist")
        }
    }
}

public struct InboxFileError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
