import NewswatchCore
import PageParsing
import Testing

@Suite("Page boilerplate inside an HTML body is left out")
struct ArticleBoilerplateTests {
    static let paragraphs = ArticleFurnitureTests.paragraphs

    /// The article with `before` paragraphs ahead of it and `after` paragraphs behind it.
    static func read(before: [String] = [], after: [String] = []) throws -> Page {
        let text = (before + paragraphs + after).map { "<p>\($0)</p>" }.joined()
        let html = """
            <!DOCTYPE html><html lang="en"><head><title>Ministers agree troop plan | Example News</title></head>
            <body><article>\(text)</article></body></html>
            """
        return try #require(try PageReader().read(Array(html.utf8), fileName: "a.html").first)
    }

    @Test(
        "Lines before the article: the headline again, a date or byline line, a reading time",
        arguments: [
            "Ministers agree troop plan", "Updated 10:01 pm PST, Tuesday, November 19, 2019",
            "By Jane Doe - 11/18/19 11:04 PM EST", "Wednesday 20 November 2019 9:22 am", "4 min read",
            "Last Updated : Nov 20, 2019 01:41 PM IST | Source: Example News",
        ])
    func leadingLines(line: String) throws {
        #expect(try Self.read(before: [line]).paragraphs == Self.paragraphs)
    }

    @Test(
        "Lines after the article: copyright, labels, pitches, contact lines, cookie notices",
        arguments: [
            "© 2024 Example News. All rights reserved.", "Comments", "12 comments", "Advertisement", "Share this article",
            "Get the latest updates right in your inbox. Subscribe to our newsletters.",
            "Sign up for our free daily newsletter and get the news before breakfast.",
            "We see you are using an ad blocker. Please whitelist us to support our journalism.",
            "Have a tip? Jane Doe may be reached at jane@example.com. Follow her on Twitter @janedoe.",
            "This website uses cookies to improve your experience. We'll assume you're ok with this.",
        ])
    func trailingLines(line: String) throws {
        #expect(try Self.read(after: [line]).paragraphs == Self.paragraphs)
    }

    @Test(
        "Story text that mentions the same words stays",
        arguments: [
            "Several members said the newsletter the ministry sends to soldiers' families would explain the move to them in detail before the spring.",
            "On March 3, the ministers met again.",
            "The alliance has said it will publish the full plan, which runs to 300 pages, once every parliament has approved it, perhaps by the end of the year.",
        ])
    func storyTextStays(line: String) throws {
        let page = try Self.read(before: [line], after: [line])
        #expect(page.paragraphs == [line] + Self.paragraphs + [line])
    }
}
