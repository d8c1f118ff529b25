import NewswatchCore
import PageParsing
import Testing

/// How the text of a dump is read: scripts without spaces, character references, and what
/// makes a file a dump rather than HTML.
@Suite("Text dumps: scripts, references and format")
struct TextDumpTextTests {
    let extractor = TextDumpExtractor()

    /// East Asian wide characters take two columns in w3m.
    static func isWide(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first?.value else { return false }
        return (0x3000...0x9FFF).contains(scalar) || (0xAC00...0xD7A3).contains(scalar) || (0xFF00...0xFF60).contains(scalar)
    }

    /// Wraps `text` as w3m does: a CJK character takes two columns, and a line breaks
    /// between any two characters (at a space, the space goes).
    static func w3mWrapped(_ text: String, columns: Int) -> String {
        var lines: [String] = []
        var line = ""
        var width = 0
        for character in text {
            let cost = isWide(character) ? 2 : 1
            if width + cost > columns {
                lines.append(line)
                line = ""
                width = 0
                if character == " " { continue }
            }
            line.append(character)
            width += cost
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    /// Wraps `text` as lynx does: every character takes one column, and lines break at spaces
    /// when there are any, else between any two characters, after a three-space indent.
    static func lynxWrapped(_ text: String, columns: Int) -> String {
        guard text.contains(" ") else {
            var lines: [String] = []
            var rest = Substring(text)
            while !rest.isEmpty {
                lines.append("   " + rest.prefix(columns))
                rest = rest.dropFirst(columns)
            }
            return lines.joined(separator: "\n")
        }
        return TextDumpExtractorTests.wrapped(text, width: columns + 3, indent: "   ")
    }

    static let japanese = [
        "市議会は火曜日、路面電車網を北部地区に拡張する計画を可決した。この計画は十年以上にわたって議論されてきたもので、"
            + "反対派は約束よりはるかに多くの費用がかかると主張している。",
        "賛成派は、新しい路線によって数万人の住民の通勤時間が半分になり、採決が再び延期されれば費用の大半を賄う連邦補助金が"
            + "失われると訴えた。",
    ]
    static let chinese = [
        "市议会周二投票决定将有轨电车网络扩展到北部地区，这一计划已经讨论了十多年，反对者表示其成本将远远超过承诺的数额。",
        "支持者认为新线路将使数万居民的通勤时间减少一半，如果投票再次推迟，承担大部分费用的联邦拨款将会失去。",
    ]
    static let korean = [
        "서울시 의회는 화요일 북부 지역으로 트램 노선을 확장하는 계획을 통과시켰다. 이 계획은 십여 년 넘게 논의되어 왔으며 "
            + "반대하는 사람들은 약속보다 훨씬 많은 비용이 들 것이라고 말한다.",
        "지지자들은 새 노선이 수만 명의 주민의 통근 시간을 절반으로 줄일 것이며 표결이 다시 미뤄지면 연방 보조금을 잃게 "
            + "될 것이라고 주장했다.",
    ]

    static func page(_ paragraphs: [String], wrap: (String) -> String) -> String {
        (["ホーム", "ニュース", "", "路面電車の延伸を可決", "2021年3月2日", ""] + paragraphs.map(wrap))
            .joined(separator: "\n\n")
    }

    @Test(
        "CJK paragraphs wrapped by w3m and lynx are found and joined without spaces",
        arguments: [("w3m", 0), ("lynx", 0), ("w3m", 1), ("lynx", 1), ("w3m", 2), ("lynx", 2)]
    )
    func cjkParagraphsAreJoinedWithoutSpaces(renderer: String, language: Int) throws {
        let paragraphs = [Self.japanese, Self.chinese, Self.korean][language]
        // Korean spaces its words; w3m breaks words, lynx breaks at the spaces.
        let text = Self.page(paragraphs) { paragraph in
            renderer == "w3m" ? Self.w3mWrapped(paragraph, columns: 60) : Self.lynxWrapped(paragraph, columns: 30)
        }
        let page = try #require(extractor.extract(text), "\(text)")
        if language == 2 && renderer == "w3m" {
            // w3m breaks Korean anywhere, mostly inside words, and drops the space it breaks
            // at: such a line joins without a space, so a space at a break is lost.
            let unspaced = { (text: String) in text.filter { $0 != " " } }
            #expect(page.paragraphs.map(unspaced) == paragraphs.map(unspaced))
        } else {
            #expect(page.paragraphs == paragraphs)
        }
    }

    @Test func characterReferencesAreDecoded() throws {
        let text = [
            "Home", "", "Mayor&#39;s plan: trams &amp; buses", "", "March 3, 2021", "",
            "The mayor&#8217;s plan, presented on Tuesday, puts trams &amp; buses under one company &#x2014; a "
                + "change the council calls &quot;overdue&quot; and the caf&eacute; owners of the old town welcome.",
            "",
            "Critics say the plan&#39;s costs are unclear, and AT&T-style names like Tram&Bus or a bare &unknown; "
                + "reference &#0; stay as they are written in the text.",
        ].joined(separator: "\n")
        let page = try #require(extractor.extract(text))
        #expect(page.title == "Mayor's plan: trams & buses")
        #expect(
            page.paragraphs == [
                "The mayor’s plan, presented on Tuesday, puts trams & buses under one company — a change the council "
                    + "calls \"overdue\" and the café owners of the old town welcome.",
                "Critics say the plan's costs are unclear, and AT&T-style names like Tram&Bus or a bare &unknown; "
                    + "reference &#0; stay as they are written in the text.",
            ])
    }

    static let story = TextDumpExtractorTests.paragraphs.joined(separator: "\n\n")
    static let storyParagraphs = TextDumpExtractorTests.paragraphs.joined(separator: "</p>\n<p>")

    @Test func aDumpOpeningWithALiteralTagIsReadAsText() throws {
        let dump =
            "<img src=\"https://tracker.example/pixel.gif?id=1&ev=PageView\" width=\"1\" height=\"1\" />\n"
            + "Menu\n\n" + Self.story + "\n"
        let page = try #require(try PageReader().read(Array(dump.utf8), fileName: "page.txt").first)
        #expect(page.format == .text)
        #expect(page.paragraphs == TextDumpExtractorTests.paragraphs)
    }

    @Test(
        "HTML is known by its document markers, or by markup on most lines of a fragment",
        arguments: [
            "<!DOCTYPE html><html><body><p>" + story + "</p></body></html>",
            "<!-- saved page -->\n<html><body><p>" + story + "</p></body></html>",
            "<meta charset=\"utf-8\">\n<p>" + storyParagraphs + "</p>",
            "<div class=\"article\">\n<p>" + storyParagraphs + "</p>\n</div>",
        ]
    )
    func htmlIsKnownByItsMarkers(html: String) throws {
        let page = try #require(try PageReader().read(Array(html.utf8), fileName: "page.txt").first)
        #expect(page.format == .html)
    }
}
