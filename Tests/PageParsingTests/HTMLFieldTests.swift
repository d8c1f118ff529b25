import NewswatchCore
import PageParsing
import Testing

@Suite("HTML page fields")
struct HTMLFieldTests {
    static let paragraphs = [
        "Defence ministers met in Brussels on Tuesday to discuss the alliance's plans for the coming year and the forces each member will commit.",
        "The talks covered the build-up of troops on the eastern flank, which officials described as the largest since the end of the Cold War.",
        "Several ministers said the expansion would be paid for out of existing budgets rather than new borrowing, a point disputed by critics.",
    ]

    static func article(head: String, body: String = "") -> [UInt8] {
        let text = paragraphs.map { "<p>\($0)</p>" }.joined(separator: "\n")
        return Array(
            """
            <!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">\(head)</head><body>
            <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
            <main><article><h1>Ministers agree troop plan</h1>\(body)
            <div class="article-body">\(text)</div>
            <div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div>
            </article></main><footer><p>Copyright 2024 Example News. All rights reserved. Terms and privacy.</p></footer>
            </body></html>
            """.utf8)
    }

    @Test("Open Graph and article meta tags fill the fields")
    func metaTagsFillFields() throws {
        let head = """
            <title>Ministers agree troop plan | Example News</title>
            <meta property="og:title" content="Ministers agree troop plan - Example News">
            <meta property="og:site_name" content="Example News">
            <meta property="article:published_time" content="2024-03-05T10:15:00+01:00">
            <meta property="article:section" content="World">
            <meta property="article:tag" content="NATO"><meta property="article:tag" content="Defence">
            <link rel="canonical" href="https://example.com/world/troop-plan">
            """
        let page = try #require(try PageReader().read(Self.article(head: head), fileName: "a.html").first)
        #expect(page.format == .html)
        #expect(page.title == "Ministers agree troop plan")
        #expect(page.source == "Example News")
        #expect(page.published == "2024-03-05T10:15+01:00")
        #expect(page.section == "World")
        #expect(page.tags == ["NATO", "Defence"])
        #expect(page.url == "https://example.com/world/troop-plan")
        #expect(page.language == "en")
        #expect(page.paragraphs == Self.paragraphs)
    }

    @Test("JSON-LD gives the fields when meta tags are missing")
    func linkedDataFillsFields() throws {
        let head = """
            <title>Ministers agree troop plan | Example News</title>
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},
            {"@type":"NewsArticle","headline":"Troop plan agreed","datePublished":"2024-03-05T10:15:00Z",
            "articleSection":["Europe"],"publisher":{"@type":"Organization","name":"Example Wire"},
            "keywords":"NATO, expansion","url":"https://example.com/a"}]}</script>
            """
        let page = try #require(try PageReader().read(Self.article(head: head), fileName: "a.html").first)
        // The <title> repeats the <h1>, not the JSON-LD headline: the <h1> is the headline.
        #expect(page.title == "Ministers agree troop plan")
        #expect(page.published?.hasPrefix("2024-03-05T10:15") == true)
        #expect(page.section == "Europe")
        #expect(page.source == "Example Wire")
        #expect(page.tags == ["NATO", "expansion"])
        #expect(page.url == "https://example.com/a")
    }

    @Test("The stated title the document title repeats wins over a social-network title")
    func statedTitleRepeatedByDocumentTitle() throws {
        let head = #"""
            <title>Ministers agree troop plan for the eastern flank | Example News</title>
            <meta property="og:title" content="You will not believe what NATO ministers just agreed">
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"Ministers agree troop plan for the eastern flank"}</script>
            """#
        let page = try #require(try PageReader().read(Self.article(head: head), fileName: "a.html").first)
        #expect(page.title == "Ministers agree troop plan for the eastern flank")
    }

    @Test("The h1 and a time element stand in for missing metadata")
    func headingAndTimeElement() throws {
        let body = #"<p class="byline">By <a href="/staff">A. Writer</a></p><time datetime="2023-11-20">Nov 20</time>"#
        let page = try #require(try PageReader().read(Self.article(head: "", body: body), fileName: "a.html").first)
        #expect(page.title == "Ministers agree troop plan")
        #expect(page.published == "2023-11-20")
        #expect(!page.body.contains("Share on Facebook"))
        #expect(!page.body.contains("Copyright"))
        #expect(!page.body.contains("Home"))
    }

    @Test(
        "A page with no article text is refused",
        arguments: [
            "<html><body><nav><a href='/'>Home</a> <a href='/a'>A</a></nav><ul><li><a href='/1'>Story one</a></li><li><a href='/2'>Story two</a></li></ul></body></html>",
            "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>",
            "<html><body><form><label>Please verify you are human</label><button>Verify</button></form></body></html>",
        ])
    func noArticleIsRefused(html: String) {
        #expect(throws: PageReadError(code: .noArticle, message: "no article text found")) {
            try PageReader().read(Array(html.utf8), fileName: "x.html")
        }
    }
}
