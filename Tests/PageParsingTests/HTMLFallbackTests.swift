import NewswatchCore
import PageParsing
import Testing

@Suite("A real article the scoring misses is read from a fallback, not failed")
struct HTMLFallbackTests {
    static let paragraphs = ArticleFurnitureTests.paragraphs

    static func read(head: String = "", body: String) throws -> Page {
        let html = "<!DOCTYPE html><html lang=\"en\"><head><title>Troop plan</title>\(head)</head><body>\(body)</body></html>"
        return try #require(try PageReader().read(Array(html.utf8), fileName: "a.html").first)
    }

    @Test("The hidden itemprop=articleBody copy of a page whose visible body is a script's")
    func hiddenArticleBody() throws {
        let copy = "<div itemprop=\"articleBody\" style=\"display:none\">\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())</div>"
        let page = try Self.read(body: "<div id=\"app\"></div>\(copy)")
        #expect(page.paragraphs == Self.paragraphs)
    }

    @Test("A short JSON-LD articleBody when the markup holds no body")
    func shortLinkedBody() throws {
        let head =
            #"<script type="application/ld+json">{"@type":"NewsArticle","articleBody":"Ministers agreed the troop plan on Tuesday."}</script>"#
        let page = try Self.read(head: head, body: "<div id=\"app\"></div>")
        #expect(page.paragraphs == ["Ministers agreed the troop plan on Tuesday."])
    }

    @Test("JSON-LD wrapped in CDATA is read")
    func linkedDataInCDATA() throws {
        let head = """
            <script type="application/ld+json"><![CDATA[
            {"@type":"NewsArticle","headline":"Troop plan","datePublished":"2024-03-05","author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","name":"John Roe"}]}
            ]]></script>
            """
        let page = try Self.read(head: head, body: Self.paragraphs.map { "<p>\($0)</p>" }.joined())
        #expect(page.published == "2024-03-05")
        #expect(page.author == "Jane Doe, John Roe")
    }

    @Test("A page made only of story summaries gives the summaries rather than failing")
    func pageOfSummaries() throws {
        let cards = (1...4).map {
            "<article><h2><a href=\"/s\($0)\">Story headline number \($0)</a></h2><p>The summary of story \($0) runs to a full sentence about the alliance and its plans.</p></article>"
        }
        let page = try Self.read(body: "<section>\(cards.joined())</section>")
        #expect(page.paragraphs.contains("The summary of story 1 runs to a full sentence about the alliance and its plans."))
    }
}
