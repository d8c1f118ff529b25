import CZlib

/// Unpacks gzip (or zlib) bytes with a cap on the unpacked size, so a small bomb cannot
/// take the daemon's memory.
struct GzipInflater {
    /// The most unpacked bytes one file may give.
    var limit: Int

    /// Whether `bytes` start with the gzip magic number.
    static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The unpacked bytes; concatenated gzip members are unpacked one after another.
    func inflate(_ bytes: [UInt8]) throws(PageReadError) -> [UInt8] {
        var stream = z_stream()
        // 15 + 32: the largest window, with the gzip or zlib header detected automatically.
        guard newswatch_inflateInit2(&stream, 15 + 32) == Z_OK else {
            throw PageReadError(code: .malformed, message: "gzip data could not be opened: zlib failed to start")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, max(bytes.count * 4, 4096)))
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var status: Int32 = Z_OK
        var consumed = 0
        while true {
            let produced: Int
            (status, produced, consumed) = bytes.withUnsafeBufferPointer { input in
                chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + consumed)
                    stream.avail_in = UInt32(input.count - consumed)
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    let result = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return (result, out.count - Int(stream.avail_out), input.count - Int(stream.avail_in))
                }
            }
            guard output.count + produced <= limit else {
                throw PageReadError(
                    code: .tooLarge,
                    message: "gzip content unpacks to more than \(limit / (1024 * 1024)) MiB; split or trim the file")
            }
            output.append(contentsOf: chunk[0..<produced])
            if status == Z_STREAM_END {
                // Another gzip member may follow (as `cat a.gz b.gz` makes).
                guard consumed < bytes.count, bytes.count - consumed >= 2,
                    bytes[consumed] == 0x1F, bytes[consumed + 1] == 0x8B, inflateReset(&stream) == Z_OK
                else { break }
                continue
            }
            guard status == Z_OK || (status == Z_BUF_ERROR && produced > 0) else { break }
            if consumed >= bytes.count && produced == 0 { break }
        }
        guard status == Z_STREAM_END else {
            throw PageReadError(
                code: status == Z_OK || status == Z_BUF_ERROR ? .truncated : .malformed,
                message: status == Z_OK || status == Z_BUF_ERROR
                    ? "gzip data ends early; the file was cut off while being written"
                    : "gzip data is corrupt (zlib error \(status)); the file is not valid gzip")
        }
        return output
    }
}
