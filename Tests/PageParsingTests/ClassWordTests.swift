import NewswatchCore
import PageParsing
import Testing

@Suite("Class and id words never cost the article its prose")
struct ClassWordTests {
    static let paragraphs = ArticleFurnitureTests.paragraphs

    /// Comments longer than the article, so the article holds less than half the page.
    /// They are the first choice without class words, which must not then lose the article.
    static let comments = (1...4).map {
        "<p>Reader comment number \($0): I have followed this alliance for many years and I think the ministers are wrong about the budgets, the troops and the timing of all of it.</p>"
    }.joined()

    static func read(_ html: String) throws -> Page {
        try #require(try PageReader().read(Array(html.utf8), fileName: "a.html").first)
    }

    static func document(_ body: String) -> String {
        "<!DOCTYPE html><html lang=\"en\"><head><title>Ministers agree troop plan</title></head><body>\(body)</body></html>"
    }

    @Test("A weak word on the article's wrapper does not empty it", arguments: ["side", "col-side", "card"])
    func weakWordOnWrapper(word: String) throws {
        let body =
            "<div class=\"\(word)\"><h1>Troop plan</h1>\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())</div><section class=\"comments\">\(Self.comments)</section>"
        let page = try Self.read(Self.document(body))
        #expect(page.paragraphs == Self.paragraphs)
    }

    @Test("Every paragraph wrapped in a card is still the article")
    func cardPerParagraph() throws {
        let body = "<main>" + Self.paragraphs.map { "<div class=\"card\"><p>\($0)</p></div>" }.joined() + "</main>"
        let page = try Self.read(Self.document(body))
        #expect(page.paragraphs == Self.paragraphs)
    }

    @Test("A class word on an element inside a sentence keeps the sentence whole")
    func inlineClassWord() throws {
        var text = Self.paragraphs
        text[1] =
            "The talks covered the <span class=\"tag\">build-up</span> of troops on the <a class=\"related-link\" href=\"/flank\">eastern flank</a>, which officials described as the largest since the end of the Cold War."
        let page = try Self.read(Self.document("<article>\(text.map { "<p>\($0)</p>" }.joined())</article>"))
        #expect(page.paragraphs == Self.paragraphs)
    }

    @Test("A date line marked by its class stays out even when it is an inline element alone on its line")
    func inlineDateLine() throws {
        let body =
            "<article><div><span class=\"byline\">By Jane Doe</span></div>\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())</article>"
        let page = try Self.read(Self.document(body))
        #expect(page.paragraphs == Self.paragraphs)
    }

    @Test("An embedded post in a social wrapper keeps its text")
    func embeddedPost() throws {
        let tweet = "Ministers agreed the plan tonight and the first troops move in spring, a spokesman said on the record."
        var text = Self.paragraphs.map { "<p>\($0)</p>" }
        text.insert("<div class=\"social-media-embed\"><blockquote class=\"twitter-tweet\"><p>\(tweet)</p></blockquote></div>", at: 2)
        let page = try Self.read(Self.document("<article>\(text.joined())</article>"))
        #expect(page.paragraphs == Array(Self.paragraphs[0..<2]) + [tweet] + [Self.paragraphs[2]])
    }

    @Test("Sections whose ids are headings turned into anchors are kept")
    func headingAnchorIDs() throws {
        let sections = Self.paragraphs.enumerated().map { index, text in
            "<div class=\"section\" id=\"sharing-the-plan-with-allies-\(index)\"><h2>Part \(index)</h2><p>\(text)</p></div>"
        }
        let page = try Self.read(Self.document("<div class=\"content\">\(sections.joined())</div>"))
        #expect(page.paragraphs == Self.paragraphs.enumerated().flatMap { ["Part \($0.offset)", $0.element] })
    }

    @Test("A hidden block stays out even when it holds most of the page's text")
    func hiddenBlockStaysOut() throws {
        let hidden = (1...3).map {
            "<p>Hidden copy \($0) of a story that readers never see on this page, kept here for a script that shows it later on.</p>"
        }
        let body =
            "<article><div style=\"visibility: hidden\">\(hidden.joined())</div>\(Self.paragraphs.prefix(2).map { "<p>\($0)</p>" }.joined())</article>"
        let page = try Self.read(Self.document(body))
        #expect(page.paragraphs == Array(Self.paragraphs.prefix(2)))
    }

    @Test("A gallery inside the article stays out even when its captions outweigh the text")
    func galleryStaysOut() throws {
        let slides = (1...8).map {
            "<li><p>Slide \($0): soldiers unload equipment at a base near the border during the exercise, which lasted for three weeks in the cold.</p></li>"
        }
        let body =
            "<div itemprop=\"articleBody\">\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())<div class=\"type-gallery\"><ul>\(slides.joined())</ul></div></div>"
        let page = try Self.read(Self.document(body))
        #expect(page.paragraphs == Self.paragraphs)
    }
}
