import NewswatchCore
import PageParsing
import Testing

@Suite("Link-rich text inside the article stays in the body")
struct LinkDenseContentTests {
    static let paragraphs = ArticleFurnitureTests.paragraphs

    static func read(inserting block: String) throws -> Page {
        var text = paragraphs.map { "<p>\($0)</p>" }
        text.insert(block, at: 2)
        let html = """
            <!DOCTYPE html><html lang="en"><head><title>Troop plan</title></head><body>
            <nav><a href="/">Home</a> <a href="/world">World</a></nav><article>\(text.joined())</article></body></html>
            """
        return try #require(try PageReader().read(Array(html.utf8), fileName: "a.html").first)
    }

    @Test(
        "A paragraph with many links, a linked subhead, a product link with its price, a quote inside a link, items with a linked lead-in",
        arguments: [
            (
                #"<p>Officials in <a href="/a">Warsaw</a>, <a href="/b">Vilnius</a>, <a href="/c">Riga</a> and <a href="/d">Tallinn</a> welcomed the <a href="/e">decision of the ministers on the plan</a>, which they had asked for since the summit in the spring.</p>"#,
                [
                    "Officials in Warsaw, Vilnius, Riga and Tallinn welcomed the decision of the ministers on the plan, which they had asked for since the summit in the spring."
                ]
            ),
            (##"<h2><a href="#costs">Who pays for the plan</a></h2>"##, ["Who pays for the plan"]),
            (
                #"<ul><li><a href="/deal">Get the field radio on Amazon for $39.99</a></li></ul>"#,
                ["Get the field radio on Amazon for $39.99"]
            ),
            (
                #"<a href="/quote"><blockquote><p>We will be ready before the spring, and we will pay for it ourselves.</p></blockquote></a>"#,
                ["We will be ready before the spring, and we will pay for it ourselves."]
            ),
            (
                #"<ul><li><a href="/p">Poland and its defence ministry</a>: two more brigades by the spring</li><li><a href="/g">Germany and its defence ministry</a>: one more brigade by the summer</li></ul>"#,
                [
                    "Poland and its defence ministry: two more brigades by the spring",
                    "Germany and its defence ministry: one more brigade by the summer",
                ]
            ),
        ])
    func linkRichTextStays(block: String, expected: [String]) throws {
        let page = try Self.read(inserting: block)
        #expect(page.paragraphs == Array(Self.paragraphs[0..<2]) + expected + [Self.paragraphs[2]])
    }

    @Test(
        "Linked headlines in a row, and a linked headline naming a sum, are other stories and go",
        arguments: [
            (1...2).map { "<h3><a href=\"/other-\($0)\">Another story on the alliance number \($0)</a></h3>" }.joined(),
            #"<p><a href="/deficit">How the tax cut pushes the deficit to $1 trillion</a></p>"#,
        ])
    func otherStoriesGo(block: String) throws {
        #expect(try Self.read(inserting: block).paragraphs == Self.paragraphs)
    }
}
