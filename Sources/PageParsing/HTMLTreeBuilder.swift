import CLibXML2

/// Builds an `HTMLTree` from libxml2's HTML parser through SAX callbacks, so no libxml2
/// tree is allocated and freed for every page.
///
/// A struct reached through a raw pointer from the callbacks: a class's stored properties
/// would be checked for exclusive access at run time on every callback.
struct HTMLTreeBuilder {
    /// Elements nested deeper than this add no node of their own; their text still counts.
    static let maximumDepth = 400

    var tree = HTMLTree()
    private var stack: [Int] = []
    private var ignoredDepth = 0

    private init() {
        stack.reserveCapacity(64)
    }

    /// Parses UTF-8 HTML bytes into a tree.
    static func parse(_ html: [UInt8]) -> HTMLTree {
        let utf8 = withoutNULs(html)
        let builder = UnsafeMutablePointer<HTMLTreeBuilder>.allocate(capacity: 1)
        builder.initialize(to: HTMLTreeBuilder())
        defer { builder.deinitialize(count: 1).deallocate() }
        builder.pointee.stack.append(builder.pointee.tree.append(.other, parent: -1, hints: []))
        utf8.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                guard let context = htmlCreateMemoryParserCtxt(pointer, Int32(buffer.count)) else { return }
                defer { htmlFreeParserCtxt(context) }
                // The bytes are UTF-8 already: saying so (and ignoring `<meta charset>`)
                // keeps libxml2 from guessing Latin-1 or converting them a second time.
                context.pointee.charset = Int32(XML_CHAR_ENCODING_UTF8.rawValue)
                var handler = htmlSAXHandler()
                handler.initialized = 1
                handler.startElement = { context, name, attributes in
                    guard let context, let name else { return }
                    HTMLTreeBuilder.from(context).pointee.start(name, attributes)
                }
                handler.endElement = { context, _ in
                    guard let context else { return }
                    HTMLTreeBuilder.from(context).pointee.finish()
                }
                handler.characters = { context, characters, length in
                    guard let context, let characters else { return }
                    HTMLTreeBuilder.from(context).pointee.characters(characters, Int(length))
                }
                handler.ignorableWhitespace = handler.characters
                context.pointee.sax.pointee = handler
                context.pointee.userData = UnsafeMutableRawPointer(builder)
                let options =
                    HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
                    | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue
                    | HTML_PARSE_IGNORE_ENC.rawValue
                htmlCtxtUseOptions(context, Int32(options))
                htmlParseDocument(context)
            }
        }
        let root = 0
        builder.pointee.tree.end[root] = Int32(builder.pointee.tree.count)
        return builder.pointee.tree
    }

    /// The bytes without NUL. libxml2 (2.9) ends the document at a NUL, and NULs among the
    /// first four bytes make it read the page as UTF-16 or UCS-4 and complain on standard
    /// error, so one stray NUL would lose the article; browsers show none.
    private static func withoutNULs(_ bytes: [UInt8]) -> [UInt8] {
        let first = bytes.withUnsafeBufferPointer { ByteScan.index(of: 0, in: $0, from: 0) }
        guard first < bytes.count else { return bytes }
        var kept = Array(bytes[..<first])
        kept.reserveCapacity(bytes.count)
        for byte in bytes[first...] where byte != 0 { kept.append(byte) }
        return kept
    }

    private static func from(_ context: UnsafeMutableRawPointer) -> UnsafeMutablePointer<HTMLTreeBuilder> {
        context.assumingMemoryBound(to: HTMLTreeBuilder.self)
    }

    private mutating func start(_ name: UnsafePointer<UInt8>, _ attributes: UnsafeMutablePointer<UnsafePointer<UInt8>?>?) {
        if stack.count >= Self.maximumDepth {
            ignoredDepth += 1
            return
        }
        let tag = HTMLTag(name: name)
        var hints: ElementHints = []
        if let attributes {
            hints = read(attributes, of: tag)
        }
        let index = tree.append(tag, parent: stack[stack.count - 1], hints: hints)
        stack.append(index)
    }

    private mutating func finish() {
        if ignoredDepth > 0 {
            ignoredDepth -= 1
            return
        }
        guard stack.count > 1 else { return }
        let index = stack.removeLast()
        tree.end[index] = Int32(tree.count)
    }

    private mutating func characters(_ characters: UnsafePointer<UInt8>, _ length: Int) {
        let parentIndex = stack[stack.count - 1]
        let last = tree.count - 1
        // libxml2 hands text over in chunks; one run of text stays one node.
        if tree.tag[last] == .text, Int(tree.parent[last]) == parentIndex, Int(tree.textEnd[last]) == tree.text.count {
            tree.text.append(contentsOf: UnsafeBufferPointer(start: characters, count: length))
            tree.textEnd[last] = Int32(tree.text.count)
            return
        }
        let index = tree.append(.text, parent: parentIndex, hints: [])
        tree.textStart[index] = Int32(tree.text.count)
        tree.text.append(contentsOf: UnsafeBufferPointer(start: characters, count: length))
        tree.textEnd[index] = Int32(tree.text.count)
    }
}
