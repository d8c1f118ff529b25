import NewswatchCore
import PageParsing
import Testing

@Suite("Furniture that reads like content stays out of HTML bodies")
struct ArticleFurnitureTests {
    static let paragraphs = [
        "Defence ministers met in Brussels on Tuesday to discuss the alliance's plans for the coming year and the forces each member will commit.",
        "The talks covered the build-up of troops on the eastern flank, which officials described as the largest since the end of the Cold War.",
        "Several ministers said the expansion would be paid for out of existing budgets rather than new borrowing, a point disputed by critics.",
    ]

    static let teaserExcerpt =
        "Officials in the capital said on Monday that the new rules would take effect next spring after a long consultation with"

    /// Teaser markups: a link then a cut-off excerpt, and a card under a linked heading.
    static let teaserLists = [
        (1...4).map { "<li><a href=\"/story-\($0)\">Another story headline number \($0) here</a> <span>\(teaserExcerpt)...</span></li>" }
            .joined().wrapped("<ul class=\"breaking\">", "</ul>"),
        (1...4).map {
            "<article><h2><a href=\"/s\($0)\">Another story headline number \($0)</a></h2><p>\(teaserExcerpt) others.</p></article>"
        }
        .joined().wrapped("<section>", "</section>"),
    ]

    static func page(before: String = "", inside: String = "", after: String = "") -> [UInt8] {
        var text = paragraphs.map { "<p>\($0)</p>" }
        text[1] = text[1].replacingOccurrences("eastern flank", "eastern flank\(inside)")
        return Array(
            """
            <!DOCTYPE html><html lang="en"><head><title>Ministers agree troop plan</title></head><body>
            \(before)<div class="story"><h1>Ministers agree troop plan</h1>\(text.joined(separator: "\n"))</div>\(after)
            </body></html>
            """.utf8)
    }

    @Test("Repeated teasers for other stories before or after the article are left out", arguments: teaserLists)
    func teasersAreLeftOut(teasers: String) throws {
        for bytes in [Self.page(before: teasers), Self.page(after: teasers)] {
            let page = try #require(try PageReader().read(bytes, fileName: "a.html").first)
            #expect(page.paragraphs == Self.paragraphs)
        }
    }

    @Test("A hover card of links inside a paragraph is left out of it and keeps the paragraph")
    func hoverCardIsLeftOut() throws {
        let card = """
            <span class="rollover"><a href="/p">Jane Doe</a><a href="/a1">Her earlier story on budgets</a> \
            <a href="/a2">Her story on the summit in Madrid</a> <a href="/more">MORE</a></span>
            """
        let page = try #require(try PageReader().read(Self.page(inside: card), fileName: "a.html").first)
        #expect(page.paragraphs == Self.paragraphs)
    }
}

extension String {
    fileprivate func wrapped(_ open: String, _ close: String) -> String { open + self + close }

    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
