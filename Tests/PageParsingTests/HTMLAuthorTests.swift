import NewswatchCore
import PageParsing
import Testing

@Suite("The author of an HTML page")
struct HTMLAuthorTests {
    static func read(head: String = "", header: String = "", after: String = "") throws -> Page {
        let body = ArticleFurnitureTests.paragraphs.map { "<p>\($0)</p>" }.joined()
        let html = """
            <!DOCTYPE html><html lang="en"><head><title>Troop plan | Example News</title>\(head)</head><body>
            <article><h1>Troop plan</h1>\(header)<div class="article-body">\(body)</div></article>\(after)</body></html>
            """
        return try #require(try PageReader().read(Array(html.utf8), fileName: "a.html").first)
    }

    @Test(
        "Author meta tags give the names; a profile URL is no name",
        arguments: [
            (#"<meta name="author" content="Jane Doe">"#, "Jane Doe"),
            (
                #"<meta property="article:author" content="https://example.com/staff/jane"><meta name="parsely-author" content="Jane Doe">"#,
                "Jane Doe"
            ),
            (#"<meta property="dc:creator" content="By Jane Doe">"#, "Jane Doe"),
        ])
    func metaTags(head: String, author: String) throws {
        #expect(try Self.read(head: head).author == author)
    }

    @Test(
        "The byline element near the headline, without By, the date or the handle",
        arguments: [
            (#"<p class="byline">By <a href="/staff">Jane Doe</a> - Apr 16, 2015 8:02 pm UTC</p>"#, "Jane Doe"),
            (#"<div class="author">Politics by Jane Doe @janedoe</div>"#, "Jane Doe"),
            (#"<a rel="author" href="/staff/june">June Topolsky</a>"#, "June Topolsky"),
            (#"<span itemprop="author">César Salza 1 de diciembre de 2017</span>"#, "César Salza"),
        ])
    func bylineElement(header: String, author: String) throws {
        let page = try Self.read(header: header)
        #expect(page.author == author)
        #expect(!page.body.contains(author))
    }

    @Test("A teaser's byline elsewhere on the page is not the author")
    func teaserBylineIsNotTheAuthor() throws {
        let sidebar = #"<div class="sidebar"><p><a href="/other">Another story</a></p><p class="byline">By John Roe</p></div>"#
        #expect(try Self.read(after: sidebar).author == nil)
    }

    @Test("A date line marked as a byline is no author")
    func dateLineIsNoAuthor() throws {
        #expect(try Self.read(header: #"<p class="byline">Last updated: January 7, 2025</p>"#).author == nil)
    }
}
