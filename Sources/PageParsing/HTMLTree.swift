/// A parsed HTML document as flat arrays in document order: node `i`'s subtree is
/// `i..<end[i]`, so whole-tree passes are loops rather than recursion and pathological
/// nesting cannot overflow the stack.
struct HTMLTree {
    var tag: [HTMLTag] = []
    var parent: [Int32] = []
    var end: [Int32] = []
    var hints: [ElementHints] = []
    /// For text nodes, the byte range in `text`.
    var textStart: [Int32] = []
    var textEnd: [Int32] = []
    /// All text content, UTF-8, entities already resolved by the parser.
    var text: [UInt8] = []
    /// Fields read from `<meta>`, `<link>`, `<html lang>`, `<time>` and itemprops.
    var metadata = HTMLMetadata()

    var count: Int { tag.count }

    init() {
        tag.reserveCapacity(4096)
        parent.reserveCapacity(4096)
        end.reserveCapacity(4096)
        hints.reserveCapacity(4096)
        textStart.reserveCapacity(4096)
        textEnd.reserveCapacity(4096)
        text.reserveCapacity(64 * 1024)
    }

    /// Adds a node under `parentIndex`; its subtree ends where it is closed.
    mutating func append(_ nodeTag: HTMLTag, parent parentIndex: Int, hints nodeHints: ElementHints) -> Int {
        tag.append(nodeTag)
        parent.append(Int32(parentIndex))
        end.append(Int32(tag.count))
        hints.append(nodeHints)
        textStart.append(0)
        textEnd.append(0)
        return tag.count - 1
    }

    /// The text of node `index`'s subtree, white space collapsed, or nil when empty.
    func collapsedText(of index: Int) -> String? {
        var bytes: [UInt8] = []
        var pendingSpace = false
        for node in index..<Int(end[index]) where tag[node] == .text {
            appendCollapsed(node, to: &bytes, pendingSpace: &pendingSpace)
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }

    /// Appends text node `node`'s bytes with runs of white space made one space.
    func appendCollapsed(_ node: Int, to bytes: inout [UInt8], pendingSpace: inout Bool) {
        var index = Int(textStart[node])
        let stop = Int(textEnd[node])
        while index < stop {
            let byte = text[index]
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                pendingSpace = true
            } else if byte == 0xC2, index + 1 < stop, text[index + 1] == 0xA0 {
                pendingSpace = true
                index += 1
            } else {
                if pendingSpace, !bytes.isEmpty { bytes.append(0x20) }
                pendingSpace = false
                bytes.append(byte)
            }
            index += 1
        }
    }
}
