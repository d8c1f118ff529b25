import NewswatchCore
import PageParsing
import Testing

@Suite("TextDumpExtractor on pages written for the test")
struct TextDumpExtractorTests {
    let extractor = TextDumpExtractor()

    static let paragraphs = [
        "The city council voted on Tuesday to expand the tram network into the northern districts, a plan that "
            + "has been debated for more than a decade and that opponents say will cost far more than promised.",
        "Supporters argued that the new line would cut commuting times in half for tens of thousands of residents, "
            + "and that the federal grant covering most of the cost would be lost if the vote were delayed again.",
        "Construction is expected to begin next spring and to last about four years, the transport department said, "
            + "adding that bus routes in the affected streets would be changed while the work goes on.",
    ]

    /// Wraps `text` greedily at `width` columns after `indent`, as w3m (no indent) and lynx
    /// (three spaces) do.
    static func wrapped(_ text: String, width: Int, indent: String) -> String {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            if line.count > indent.count && line.count + 1 + word.count > width {
                lines.append(line)
                line = indent
            }
            line += (line.count > indent.count ? " " : "") + word
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    static func article(indent: String = "", bullet: String = "*") -> String {
        let menu = ["Home", "World", "Business", "Sport", "Culture"].map { "\(indent)\(bullet) \($0)" }
        let body = paragraphs.map { wrapped($0, width: 80, indent: indent) }
        return
            (menu + ["", "Council backs tram line to the north", "", "By Anna Berg, March 3, 2021, 10:15", ""]
            + [body[0], "", "\(indent)Read also", "", "\(indent)Mayor resigns after budget row", ""]
            + [
                body[1], "", body[2], "", "\(indent)Share", "\(indent)\(bullet) Most read",
                "\(indent)\(bullet) Storm closes the airport", "\(indent)\(bullet) Prices rise again",
                "\(indent)© 2021 City News. All rights reserved.",
            ])
            .joined(separator: "\n")
    }

    @Test(
        "wrapped lines are joined back into the article's paragraphs",
        arguments: [("", "*"), ("   ", "*"), ("", "•"), ("   ", "+")]
    )
    func rejoinsWrappedLines(indent: String, bullet: String) throws {
        let page = try #require(extractor.extract(Self.article(indent: indent, bullet: bullet)))
        #expect(page.paragraphs == Self.paragraphs)
        #expect(page.format == .text)
        #expect(page.title == "Council backs tram line to the north")
        #expect(page.published == "2021-03-03T10:15")
    }

    @Test func listsPointersAndLegalLinesStayOutOfTheBody() throws {
        let body = try #require(extractor.extract(Self.article())).body
        for furniture in ["Home", "Most read", "Storm closes", "Mayor resigns", "Read also", "Share", "©"] {
            #expect(!body.contains(furniture), "\(furniture)")
        }
    }

    @Test func commentsAfterTheArticleAreNotItsBody() throws {
        let comment =
            "I have lived in the northern districts for twenty years and this is the first time anyone "
            + "has listened to us, so thank you to every councillor who voted for it today."
        let comments = [
            "", "12 Comments", "", "jsmith", "2 hours ago", "", Self.wrapped(comment, width: 80, indent: ""), "", "Reply",
            "",
        ]
        let text = Self.article() + "\n" + Array(repeating: comments.joined(separator: "\n"), count: 4).joined()
        let page = try #require(extractor.extract(text))
        #expect(!page.body.contains("twenty years"))
        #expect(page.paragraphs.count == 3, "\(page.paragraphs)")
    }

    @Test(
        "pages without an article give nil",
        arguments: [
            "",
            "\n\n   \n",
            "Home\nWorld\nBusiness\nSport\n\n* Login\n* Subscribe\n* Contact us\n",
            "404\n\nPage not found\n\nThe page you requested does not exist.\n\nGo to the home page\n",
            "Please verify you are a human\n\n[ ] I'm not a robot\n\nReference ID 8f3a-22c1\n",
            "Top stories\n\n* Council backs tram line\n* Storm closes the airport\n* Prices rise again\n"
                + "* Mayor resigns after budget row\n\nMarch 3, 2021\n\nMore news\n\n© 2021 City News\n",
        ]
    )
    func noArticle(text: String) {
        #expect(extractor.extract(text) == nil)
    }

    @Test func longListItemsWithSentencesAreArticleText() throws {
        let items = Self.paragraphs.map { "* " + $0 }
        let text = (["Menu", "", "Three things to know about the tram vote", "", "March 3, 2021", ""] + items)
            .joined(separator: "\n")
        let page = try #require(extractor.extract(text))
        #expect(page.paragraphs == Self.paragraphs)
    }

    @Test func cyrillicFurnitureIsRecognised() throws {
        let russian = [
            "Городской совет во вторник проголосовал за продление трамвайной линии в северные районы, хотя "
                + "противники плана говорят, что он обойдётся намного дороже обещанного.",
            "Сторонники проекта считают, что новая линия вдвое сократит время в пути для десятков тысяч жителей, "
                + "а федеральный грант покроет большую часть расходов.",
        ]
        let text =
            (["Главная", "", "Совет одобрил новую трамвайную линию", "", "3 марта 2021, 10:15", ""]
            + [russian[0], "", "Читайте также", "", "Мэр ушёл в отставку", "", russian[1], "", "Поделиться"])
            .joined(separator: "\n")
        let page = try #require(extractor.extract(text))
        #expect(page.paragraphs == russian)
        #expect(page.title == "Совет одобрил новую трамвайную линию")
        #expect(page.published == "2021-03-03T10:15")
    }
}
