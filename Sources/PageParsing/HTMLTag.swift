/// The HTML elements the extractor tells apart; everything else is `.other` (inline).
enum HTMLTag: UInt8, Sendable {
    case other, text
    case html, head, body, title, meta, link, base
    case p, div, span, a, br, hr, img
    case h1, h2, h3, h4, h5, h6
    case ul, ol, li, dl, dt, dd, menu
    case blockquote, pre, code, table, tbody, thead, tfoot, tr, td, th, caption
    case section, article, main, header, footer, nav, aside, address, center
    case figure, figcaption, picture, video, audio, iframe, object, embed, canvas
    case form, button, select, option, input, textarea, label, fieldset
    case time, details, summary, dialog, template, noscript, script, style, svg

    /// The tag for an element name as libxml2 reports it (NUL-terminated, lower case).
    init(name: UnsafePointer<UInt8>) {
        var length = 0
        var packed: UInt64 = 0
        while name[length] != 0 {
            if length < 7 { packed |= UInt64(name[length] | 0x20) << (8 * UInt64(length)) }
            length += 1
            if length > 10 {
                self = .other
                return
            }
        }
        self = Self.byKey.value(for: packed | UInt64(length) << 56)
    }

    /// Names keyed by their first seven bytes and their length, which tells every known
    /// name apart without building a string per element.
    private static let byKey: KeyedSlots<HTMLTag> = {
        let all: [HTMLTag] = [
            .html, .head, .body, .title, .meta, .link, .base, .p, .div, .span, .a, .br, .hr, .img,
            .h1, .h2, .h3, .h4, .h5, .h6, .ul, .ol, .li, .dl, .dt, .dd, .menu, .blockquote, .pre, .code,
            .table, .tbody, .thead, .tfoot, .tr, .td, .th, .caption, .section, .article, .main, .header,
            .footer, .nav, .aside, .address, .center, .figure, .figcaption, .picture, .video, .audio,
            .iframe, .object, .embed, .canvas, .form, .button, .select, .option, .input, .textarea,
            .label, .fieldset, .time, .details, .summary, .dialog, .template, .noscript, .script,
            .style, .svg,
        ]
        var table = KeyedSlots<HTMLTag>(capacity: 256, missing: .other)
        for tag in all {
            let name = Array("\(tag)".utf8)
            var packed: UInt64 = 0
            for (offset, byte) in name.prefix(7).enumerated() { packed |= UInt64(byte) << (8 * UInt64(offset)) }
            table.set(tag, for: packed | UInt64(name.count) << 56)
        }
        return table
    }()

    /// Whether the element starts a block of text of its own (text inside belongs to it
    /// rather than to the surrounding block).
    var isBlock: Bool {
        switch self {
        case .p, .div, .h1, .h2, .h3, .h4, .h5, .h6, .ul, .ol, .li, .dl, .dt, .dd, .menu, .blockquote,
            .pre, .table, .tbody, .thead, .tfoot, .tr, .td, .th, .caption, .section, .article, .main,
            .header, .footer, .nav, .aside, .address, .center, .figure, .figcaption, .form, .fieldset,
            .details, .summary, .dialog, .body, .html, .hr, .br:
            true
        default:
            false
        }
    }

    /// Whether the element and everything in it is page furniture, never article text.
    var isFurniture: Bool {
        switch self {
        case .nav, .aside, .footer, .figure, .figcaption, .button, .select, .option, .input, .textarea,
            .label, .iframe, .object, .embed, .canvas, .video, .audio, .dialog, .menu, .template,
            .noscript, .script, .style, .svg, .head, .title, .header, .fieldset, .address:
            true
        default:
            false
        }
    }

    var isHeading: Bool {
        switch self {
        case .h1, .h2, .h3, .h4, .h5, .h6: true
        default: false
        }
    }
}
