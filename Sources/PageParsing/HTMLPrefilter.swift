/// Cuts what can never be article text out of HTML before libxml2 sees it: scripts,
/// styles, inline SVG, `<noscript>`, `<template>`, `<iframe>` and comments, which are
/// most of a modern page's bytes. JSON-LD scripts are kept aside for the metadata.
///
/// A byte scan, not a parse: it only has to find where these raw-text elements end.
struct HTMLPrefilter {
    /// The HTML without the cut elements.
    var html: [UInt8] = []
    /// The bodies of `<script type="application/ld+json">` elements.
    var jsonLD: [[UInt8]] = []

    init(_ bytes: [UInt8]) {
        html.reserveCapacity(bytes.count / 2)
        bytes.withUnsafeBufferPointer { scan($0) }
    }

    private static let cutNames: [[UInt8]] = ["script", "style", "svg", "noscript", "template", "iframe"].map {
        Array($0.utf8)
    }

    private mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) {
        let count = bytes.count
        var copied = 0
        var index = 0
        while index < count {
            guard bytes[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            if index + 3 < count, bytes[index + 1] == UInt8(ascii: "!"), bytes[index + 2] == UInt8(ascii: "-"),
                bytes[index + 3] == UInt8(ascii: "-")
            {
                html.append(contentsOf: bytes[copied..<index])
                index = Self.find(Array("-->".utf8), in: bytes, from: index + 4).map { $0 + 3 } ?? count
                copied = index
                continue
            }
            guard let nameIndex = Self.cutName(in: bytes, at: index + 1) else {
                index += 1
                continue
            }
            let name = Self.cutNames[nameIndex]
            let tagEnd = Self.endOfTag(in: bytes, from: index + 1 + name.count)
            html.append(contentsOf: bytes[copied..<index])
            let closing = Self.findClosing(name, in: bytes, from: tagEnd)
            if nameIndex == 0, Self.isJSONLD(bytes[index..<tagEnd]) {
                jsonLD.append(Array(bytes[tagEnd..<(closing ?? count)]))
            }
            index = closing.map { Self.endOfTag(in: bytes, from: $0 + 2 + name.count) } ?? count
            copied = index
        }
        html.append(contentsOf: bytes[copied..<count])
    }

    /// Which cut element starts at `start` (just after `<`), if any.
    private static func cutName(in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        let first = bytes[start] | 0x20
        guard first == UInt8(ascii: "s") || first == UInt8(ascii: "n") || first == UInt8(ascii: "t")
            || first == UInt8(ascii: "i")
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

    /// The index of `</name` at or after `start`.
    private static func findClosing(_ name: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "/"),
                hasName(name, in: bytes, at: index + 2)
            {
                return index
            }
            index += 1
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0] {
                var matches = true
                for offset in 1..<needle.count where bytes[index + offset] != needle[offset] {
                    matches = false
                    break
                }
                if matches { return index }
            }
            index += 1
        }
        return nil
    }

    private static func isJSONLD(_ startTag: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        let lowered = startTag.map { $0 | 0x20 }
        return lowered.firstRange(of: Array("ld+json".utf8)) != nil
    }
}
