/// A JSON value the forwarder writes straight to UTF-8 bytes, members in the order given.
///
/// The payloads were built with Foundation's `JSONSerialization`, which took over a third of
/// the forwarder's CPU in the 10,000-alert benchmark: a dynamic cast per `Any`, and
/// `.sortedKeys` comparing keys through ICU collation. Every payload value is a string, a
/// whole number, a flag, a list or an object, so this small writer is all it needs.
enum JSONValue: Sendable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case array([JSONValue])
    /// Members in the order written; the payloads list them by name so output is stable.
    case object([(String, JSONValue)])

    /// The value as compact JSON.
    var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1_024)
        write(to: &out)
        return out
    }

    func write(to out: inout [UInt8]) {
        switch self {
        case .string(let text):
            Self.write(text, to: &out)
        case .integer(let number):
            out.append(contentsOf: String(number).utf8)
        case .boolean(let flag):
            out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, (name, value)) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.write(name, to: &out)
                out.append(UInt8(ascii: ":"))
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string: quotes, backslashes and control characters escaped (RFC 8259 §7); all
    /// else, non-ASCII included, as its UTF-8 bytes.
    private static func write(_ text: String, to out: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
