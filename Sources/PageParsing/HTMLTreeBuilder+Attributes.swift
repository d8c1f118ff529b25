import CLibXML2

extension HTMLTreeBuilder {
    /// Reads the attributes that matter: hints from class, id, role and itemprop, and
    /// the page fields that `<meta>`, `<link>`, `<html>` and `<time>` carry.
    mutating func read(_ attributes: UnsafeMutablePointer<UnsafePointer<UInt8>?>, of tag: HTMLTag) -> ElementHints {
        var hints: ElementHints = []
        var metaKey: String?
        var content: String?
        var relCanonical = false
        var href: String?
        var publishedProperty = false
        var dateTime: String?
        var index = 0
        while let name = attributes[index] {
            let value = attributes[index + 1]
            index += 2
            guard let value else {
                if Self.equals(name, "hidden") { hints.insert(.hidden) }
                continue
            }
            switch name[0] {
            case UInt8(ascii: "c"):
                if Self.equals(name, "class") {
                    hints.formUnion(ElementHints.words(in: value))
                } else if Self.equals(name, "content") {
                    content = String(cString: value)
                }
            case UInt8(ascii: "i"):
                if Self.equals(name, "id") {
                    hints.formUnion(ElementHints.identifier(in: value))
                } else if Self.equals(name, "itemprop") {
                    if Self.equals(value, "articleBody") || Self.equals(value, "articlebody") {
                        hints.insert(.articleBody)
                    } else if Self.equals(value, "datePublished") {
                        publishedProperty = true
                    } else if Self.equals(value, "author") || Self.equals(value, "creator") {
                        hints.insert(.byline)
                    }
                    if tag == .meta { metaKey = String(cString: value) }
                }
            case UInt8(ascii: "r"):
                if Self.equals(name, "role") {
                    hints.formUnion(Self.roleHints(value))
                } else if Self.equals(name, "rel") {
                    relCanonical = Self.equals(value, "canonical")
                    if Self.equals(value, "author") { hints.insert(.byline) }
                }
            case UInt8(ascii: "a"):
                if Self.equals(name, "aria-hidden"), Self.equals(value, "true") { hints.insert(.hidden) }
            case UInt8(ascii: "s"):
                if Self.equals(name, "style"), Self.hidesElement(value) { hints.insert(.hidden) }
            case UInt8(ascii: "h"):
                if Self.equals(name, "hidden") {
                    hints.insert(.hidden)
                } else if Self.equals(name, "href") {
                    href = String(cString: value)
                }
            case UInt8(ascii: "p"):
                if tag == .meta, Self.equals(name, "property") { metaKey = String(cString: value) }
            case UInt8(ascii: "n"):
                if Self.equals(name, "nwh") {
                    hints.formUnion(HTMLPrefilter.hints(fromMark: value))
                } else if tag == .meta, Self.equals(name, "name"), metaKey == nil {
                    metaKey = String(cString: value)
                }
            case UInt8(ascii: "l"):
                if tag == .html, Self.equals(name, "lang") { tree.metadata.language = String(cString: value) }
            case UInt8(ascii: "d"):
                if Self.equals(name, "datetime") { dateTime = String(cString: value) }
            default:
                break
            }
        }
        switch tag {
        case .meta:
            if let metaKey, let content { tree.metadata.addMeta(key: metaKey, content: content) }
        case .link:
            if relCanonical, let href, tree.metadata.canonical == nil { tree.metadata.canonical = href }
        case .time:
            if tree.metadata.timeDateTime == nil { tree.metadata.timeDateTime = dateTime }
        default:
            break
        }
        if publishedProperty, tree.metadata.itempropPublished == nil {
            tree.metadata.itempropPublished = dateTime ?? content
        }
        return hints
    }

    private static func roleHints(_ value: UnsafePointer<UInt8>) -> ElementHints {
        ElementHints.role(UnsafeBufferPointer(start: value, count: ElementHints.length(of: value)))
    }

    private static func hidesElement(_ style: UnsafePointer<UInt8>) -> Bool {
        ElementHints.hides(style: UnsafeBufferPointer(start: style, count: min(ElementHints.length(of: style), 512)))
    }

    /// Whether NUL-terminated `value` equals `literal`, ignoring ASCII case.
    static func equals(_ value: UnsafePointer<UInt8>, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        let bytes = literal.utf8Start
        for index in 0..<count where value[index] | 0x20 != bytes[index] | 0x20 {
            return false
        }
        return value[count] == 0
    }
}
