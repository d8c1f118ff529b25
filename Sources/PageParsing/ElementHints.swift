/// What an element's class, id, role and itemprop say about it, judged by the words in
/// them (`article-body__text` → article, body, text).
struct ElementHints: OptionSet, Sendable {
    let rawValue: UInt16

    /// A word for page furniture that outweighs any content word (`share`, `nav`).
    static let furniture = ElementHints(rawValue: 1 << 0)
    /// A word that hints at furniture unless a content word is beside it (`header`, `more`).
    static let weakFurniture = ElementHints(rawValue: 1 << 1)
    /// A word for article content (`article`, `content`, `story`).
    static let content = ElementHints(rawValue: 1 << 2)
    /// Marked as the article body itself (`itemprop="articleBody"`).
    static let articleBody = ElementHints(rawValue: 1 << 3)
    /// Hidden from readers (`hidden`, `aria-hidden`, `display:none`).
    static let hidden = ElementHints(rawValue: 1 << 4)
    /// Names the article's author (`byline`, `author`, `rel="author"`, `itemprop="author"`).
    static let byline = ElementHints(rawValue: 1 << 5)
    /// A slide show or gallery: its text is captions, however long (`gallery`, `carousel`).
    static let gallery = ElementHints(rawValue: 1 << 6)
    /// A class word for text kept from sight (`sr-only`, `visually-hidden`): unlike other
    /// class words it applies to inline elements too.
    static let concealed = ElementHints(rawValue: 1 << 7)
    /// Text that is not this article though it may read like one: comments, related and
    /// recommended stories, promotions (`comments`, `related`, `promo`).
    static let otherContent = ElementHints(rawValue: 1 << 8)

    /// The hints that make an element furniture whatever content word is beside them.
    private static let strongFurniture: ElementHints = [.furniture, .hidden, .byline, .gallery, .concealed, .otherContent]

    /// Whether the element is furniture all told.
    var meansFurniture: Bool {
        meansStrongFurniture || (contains(.weakFurniture) && !contains(.content) && !contains(.articleBody))
    }

    /// Whether the element is furniture by a strong word, not only by a weak one.
    var meansStrongFurniture: Bool {
        !contains(.articleBody) && !isDisjoint(with: Self.strongFurniture)
    }

    /// The hints in one `id` value: the words of a long id (five or more) are a heading
    /// turned into an anchor (`sharing-with-a-single-developer`), not the element's role.
    static func identifier(in value: UnsafeBufferPointer<UInt8>) -> ElementHints {
        var words = 0
        var inWord = false
        for byte in value {
            let isLetter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
            if isLetter, !inWord { words += 1 }
            inWord = isLetter
        }
        let hints = self.words(in: value)
        return words >= 5 ? hints.intersection([.content, .articleBody]) : hints
    }

    /// The hints in one NUL-terminated `id` value.
    static func identifier(in value: UnsafePointer<UInt8>) -> ElementHints {
        identifier(in: UnsafeBufferPointer(start: value, count: length(of: value)))
    }

    /// The hints in one NUL-terminated attribute value.
    static func words(in value: UnsafePointer<UInt8>) -> ElementHints {
        words(in: UnsafeBufferPointer(start: value, count: length(of: value)))
    }

    /// The hints in one attribute value, split into words at punctuation and at
    /// lower-to-upper case changes.
    static func words(in value: UnsafeBufferPointer<UInt8>) -> ElementHints {
        var hints: ElementHints = []
        var hash: UInt64 = offsetBasis
        var length = 0
        var index = 0
        var previousLower = false
        while true {
            let byte = index < value.count ? value[index] : 0
            let isUpper = byte >= 0x41 && byte <= 0x5A
            let isLower = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            if !(isUpper || isLower) || (isUpper && previousLower) {
                if length > 0 { hints.formUnion(table.value(for: hash)) }
                hash = offsetBasis
                length = 0
            }
            if byte == 0 { break }
            if isUpper || isLower {
                hash = (hash ^ UInt64(byte | 0x20)) &* prime
                length += 1
            }
            previousLower = isLower
            index += 1
        }
        return hints
    }

    /// The hints of an ARIA `role` value.
    static func role(_ value: UnsafeBufferPointer<UInt8>) -> ElementHints {
        let furnitureRoles: [StaticString] = [
            "navigation", "complementary", "contentinfo", "banner", "menu", "search", "dialog",
        ]
        for role in furnitureRoles where equals(value, role) {
            return .furniture
        }
        return equals(value, "main") || equals(value, "article") ? .content : []
    }

    /// Whether an inline style hides the element (`display:none`, `visibility:hidden`).
    static func hides(style: UnsafeBufferPointer<UInt8>) -> Bool {
        let end = min(style.count, 512)
        for index in 0..<end {
            let byte = style[index] | 0x20
            if byte == UInt8(ascii: "d"), matchesSpaced(style, at: index, "display:none") { return true }
            if byte == UInt8(ascii: "v"), matchesSpaced(style, at: index, "visibility:hidden") { return true }
        }
        return false
    }

    /// Whether `literal` (lower case) starts at `start` in `value`, ignoring ASCII case and
    /// spaces between its characters.
    private static func matchesSpaced(_ value: UnsafeBufferPointer<UInt8>, at start: Int, _ literal: StaticString) -> Bool {
        let bytes = literal.utf8Start
        var index = start
        for offset in 0..<literal.utf8CodeUnitCount {
            while index < value.count, value[index] == 0x20 { index += 1 }
            guard index < value.count, value[index] | 0x20 == bytes[offset] else { return false }
            index += 1
        }
        return true
    }

    /// Whether `value` equals `literal`, ignoring ASCII case.
    static func equals(_ value: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard value.count == count else { return false }
        let bytes = literal.utf8Start
        for index in 0..<count where value[index] | 0x20 != bytes[index] | 0x20 { return false }
        return true
    }

    static func length(of value: UnsafePointer<UInt8>) -> Int {
        var length = 0
        while value[length] != 0 { length += 1 }
        return length
    }

    private static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x100_0000_01b3

    private static func hash(_ word: String) -> UInt64 {
        var hash = offsetBasis
        for byte in word.utf8 { hash = (hash ^ UInt64(byte)) &* prime }
        return hash
    }

    private static let table: KeyedSlots<ElementHints> = {
        var table = KeyedSlots<ElementHints>(capacity: 1024, missing: [])
        let furniture = """
            nav navbar navigation menu menus footer sidebar widget widgets breadcrumb breadcrumbs share shares \
            sharing sharebar social popup modal cookie cookies caption captions credit credits tags topics \
            keywords meta dateline timestamp pagination pager jump toc disclaimer copyright bio masthead \
            toolbar login overlay alert facebook instagram pinterest whatsapp email print subnav dropdown
            """
        let otherContent = """
            comment comments related recommended recommendations recirc promo promos promotion advert \
            advertisement advertising ad ads adslot adunit dfp sponsor sponsored newsletter subscribe \
            subscription signup outbrain taboola disqus trending popular mostread
            """
        let concealed = "hide hidden sr visually offscreen skip"
        let byline = "byline byl author authors"
        let gallery = "playlist gallery slideshow carousel"
        let weak = """
            header head banner more next prev previous video image img photo photos picture media thumbnail \
            thumb icon button btn card cards teaser teasers list date time tag category aside side rail extra links top \
            bottom widgetized secondary supplementary utility tools title headline
            """
        let content = """
            article articles content contents body story stories entry post text main prose blog paragraph \
            richtext rte copy page instapaper
            """
        for word in furniture.split(separator: " ") { table.set(.furniture, for: hash(String(word))) }
        for word in otherContent.split(separator: " ") { table.set(.otherContent, for: hash(String(word))) }
        for word in concealed.split(separator: " ") { table.set(.concealed, for: hash(String(word))) }
        for word in byline.split(separator: " ") { table.set(.byline, for: hash(String(word))) }
        for word in gallery.split(separator: " ") { table.set(.gallery, for: hash(String(word))) }
        for word in weak.split(separator: " ") { table.set(.weakFurniture, for: hash(String(word))) }
        for word in content.split(separator: " ") { table.set(.content, for: hash(String(word))) }
        return table
    }()
}
