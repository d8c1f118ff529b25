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
        // Unpacked straight into the result, sized from the gzip trailer (the last member's
        // size, trusted only as far as a plausible ratio): no chunk to copy from. One byte
        // over the limit tells a bomb from a fit.
        let ceiling = limit + 1
        var output = [UInt8](repeating: 0, count: min(ceiling, max(min(Self.statedSize(bytes), bytes.count * 64), bytes.count * 4, 4096)))
        var written = 0
        var status: Int32 = Z_OK
        var consumed = 0
        while true {
            if written == output.count {
                guard output.count < ceiling else { break }
                output.append(contentsOf: repeatElement(0, count: min(output.count, ceiling - output.count)))
            }
            let produced: Int
            (status, produced, consumed) = bytes.withUnsafeBufferPointer { input in
                output.withUnsafeMutableBufferPointer { out in
                    stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + consumed)
                    stream.avail_in = UInt32(input.count - consumed)
                    stream.next_out = out.baseAddress! + written
                    stream.avail_out = UInt32(out.count - written)
                    let result = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return (result, out.count - written - Int(stream.avail_out), input.count - Int(stream.avail_in))
                }
            }
            written += produced
            guard written <= limit else {
                throw PageReadError(
                    code: .tooLarge,
                    message: "gzip content unpacks to more than \(limit / (1024 * 1024)) MiB; split or trim the file")
            }
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
        output.removeSubrange(written...)
        guard status == Z_STREAM_END else {
            throw PageReadError(
                code: status == Z_OK || status == Z_BUF_ERROR ? .truncated : .malformed,
                message: status == Z_OK || status == Z_BUF_ERROR
                    ? "gzip data ends early; the file was cut off while being written"
                    : "gzip data is corrupt (zlib error \(status)); the file is not valid gzip")
        }
        return output
    }

    /// The unpacked size a gzip trailer states (modulo 4 GiB), or 0.
    private static func statedSize(_ bytes: [UInt8]) -> Int {
        guard bytes.count >= 18 else { return 0 }
        let end = bytes.count
        return Int(bytes[end - 4]) | Int(bytes[end - 3]) << 8 | Int(bytes[end - 2]) << 16 | Int(bytes[end - 1]) << 24
    }
}
