/// Cuts what can never be article text out of HTML before libxml2 sees it: scripts,
/// styles, inline SVG, `<noscript>`, `<template>`, `<iframe>`, `<nav>`, `<aside>` and
/// comments, which are most of a modern page's bytes. JSON-LD scripts are kept aside for
/// the metadata.
///
/// A byte scan, not a parse: it only has to find where these elements end (counting
/// nested ones of the same name for `<nav>` and `<aside>`).
struct HTMLPrefilter {
    /// The HTML without the cut elements.
    var html: [UInt8] = []
    /// The bodies of `<script type="application/ld+json">` elements.
    var jsonLD: [[UInt8]] = []

    init(_ bytes: [UInt8]) {
        html.reserveCapacity(bytes.count / 2)
        bytes.withUnsafeBufferPointer { scan($0) }
    }

    private static let cutNames: [[UInt8]] = [
        "script", "style", "svg", "noscript", "template", "iframe", "nav", "aside",
    ].map { Array($0.utf8) }
    /// From this index on, `cutNames` are ordinary elements that may nest, not raw text:
    /// navigation and asides, always furniture to the extractor. (Footers stay: cutting one
    /// inside an article moves the container choice on some pages.)
    private static let firstNesting = 6

    private mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) {
        let count = bytes.count
        var copied = 0
        var index = ByteScan.index(of: UInt8(ascii: "<"), in: bytes, from: 0)
        while index < count {
            if index + 3 < count, bytes[index + 1] == UInt8(ascii: "!"), bytes[index + 2] == UInt8(ascii: "-"),
                bytes[index + 3] == UInt8(ascii: "-")
            {
                keep(bytes, copied..<index)
                index = Self.endOfComment(in: bytes, from: index + 4)
                copied = index
            } else if let nameIndex = Self.cutName(in: bytes, at: index + 1) {
                let name = Self.cutNames[nameIndex]
                let tagEnd = Self.endOfTag(in: bytes, from: index + 1 + name.count)
                keep(bytes, copied..<index)
                let closing =
                    nameIndex >= Self.firstNesting
                    ? Self.findBalancedClosing(name, in: bytes, from: tagEnd)
                    : Self.findClosing(name, in: bytes, from: tagEnd)
                if nameIndex == 0, ByteScan.firstIndex(ofCaseless: "ld+json", in: bytes, from: index, to: tagEnd) != nil {
                    jsonLD.append(Array(UnsafeBufferPointer(rebasing: bytes[tagEnd..<(closing ?? count)])))
                }
                index = closing.map { Self.endOfTag(in: bytes, from: $0 + 2 + name.count) } ?? count
                copied = index
            } else if index + 1 < count, (bytes[index + 1] | 0x20) >= 0x61, (bytes[index + 1] | 0x20) <= 0x7A {
                index = compactStartTag(bytes, at: index, copied: &copied)
            } else {
                index += 1
            }
            index = ByteScan.index(of: UInt8(ascii: "<"), in: bytes, from: index)
        }
        keep(bytes, copied..<count)
    }

    mutating func keep(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        guard !range.isEmpty else { return }
        html.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
    }

    /// The index just past the `-->` that closes a comment whose text starts at `start`.
    private static func endOfComment(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = ByteScan.index(of: UInt8(ascii: ">"), in: bytes, from: start)
        while index < bytes.count {
            if index >= start + 2, bytes[index - 1] == UInt8(ascii: "-"), bytes[index - 2] == UInt8(ascii: "-") {
                return index + 1
            }
            index = ByteScan.index(of: UInt8(ascii: ">"), in: bytes, from: index + 1)
        }
        return bytes.count
    }

    /// Which cut element starts at `start` (just after `<`), if any.
    private static func cutName(in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        let first = bytes[start] | 0x20
        guard
            first == UInt8(ascii: "s") || first == UInt8(ascii: "n") || first == UInt8(ascii: "t")
                || first == UInt8(ascii: "i") || first == UInt8(ascii: "a")
        else { return nil }
        for (index, name) in cutNames.enumerated() where hasName(name, in: bytes, at: start) {
            return index
        }
        return nil
    }

    /// Whether `name` starts at `start`, ignoring case, followed by the end of the name.
    private static func hasName(_ name: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        guard start + name.count < bytes.count else { return false }
        for offset in 0..<name.count where bytes[start + offset] | 0x20 != name[offset] { return false }
        let after = bytes[start + name.count]
        return after == 0x20 || after == 0x3E || after == 0x0A || after == 0x09 || after == 0x0D || after == 0x2F
    }

    /// The index just past the `>` closing a tag, skipping quoted attribute values.
    private static func endOfTag(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        var quote: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == 0x22 || byte == 0x27 {
                quote = byte
            } else if byte == 0x3E {
                return index + 1
            }
            index += 1
        }
        return bytes.count
    }

    /// The index of the `</name` that closes an element opened just before `start`,
    /// counting elements of the same name opened inside it.
    private static func findBalancedClosing(_ name: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var depth = 1
        var index = ByteScan.index(of: UInt8(ascii: "<"), in: bytes, from: start)
        while index + 1 < bytes.count {
            if bytes[index + 1] == UInt8(ascii: "/"), hasName(name, in: bytes, at: index + 2) {
                depth -= 1
                if depth == 0 { return index }
            } else if hasName(name, in: bytes, at: index + 1) {
                depth += 1
            }
            index = ByteScan.index(of: UInt8(ascii: "<"), in: bytes, from: index + 1)
        }
        return nil
    }

    /// The index of `</name` at or after `start`.
    private static func findClosing(_ name: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = ByteScan.index(of: UInt8(ascii: "<"), in: bytes, from: start)
        while index + 1 < bytes.count {
            if bytes[index + 1] == UInt8(ascii: "/"), hasName(name, in: bytes, at: index + 2) { return index }
            index = ByteScan.index(of: UInt8(ascii: "<"), in: bytes, from: index + 1)
        }
        return nil
    }
}
