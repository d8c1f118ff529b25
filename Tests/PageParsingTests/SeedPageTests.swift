import NewswatchCore
import NewswatchTestSupport
import PageParsing
import Testing

@Suite("Seed TASS pages read as text dumps")
struct SeedPageTests {
    /// What each seed must give; the raw dump (000) is full of menus, lists and templates.
    struct Expected: Sendable, CustomStringConvertible {
        var file: String
        var title: String
        var published: String
        var dateline: String
        var tags: [String]
        var bodyHas: [String]
        var bodyLacks: [String]
        var description: String { file }
    }

    static let seeds = [
        Expected(
            file: "000_50ced7505d569705.txt",
            title: "Russia, Belarus agree to seek improvement in relations with NATO",
            published: "2018-05-29T13:10+03:00", dateline: "MINSK", tags: ["NATO", "Belarus", "Sergey Lavrov"],
            bodyHas: [
                "Moscow and Minsk have agreed to improve relations with NATO",
                "We have rather thoroughly assessed the situation",
                "at the Cold War's end",
            ],
            bodyLacks: [
                "Kremlin says Russia ready to respond to NATO infrastructure expansion", "Angara", "Monson",
                "Read also", "Share", "{{", "Show more", "ADVERTISEMENT", "Most read", "Infographics",
                "1 pages in this article", "© Valery Sharifulin/TASS", "Currency converter",
                "Russian Foreign Minister Sergey Lavrov and Belarusian Foreign Minister Vladimir Makei\n",
            ]),
        Expected(
            file: "001_890860f65cca81eb.txt", title: "Russia, Belarus discuss NATO expansion threats",
            published: "2016-08-23T11:04", dateline: "MOSCOW", tags: [],
            bodyHas: [
                "Russian Security Council Secretary Nikolai Patrushev has discussed",
                "the Security Council said.",
            ],
            bodyLacks: ["Read more on the site", "→"]),
    ]

    static func page(_ file: String) throws -> Page? {
        let text = try SharedData.text(of: file.hasPrefix("000") ? SharedData.seed000 : SharedData.seed001)
        return TextDumpExtractor().extract(text)
    }

    @Test("every field of the seed is read", arguments: seeds)
    func readsFields(expected: Expected) throws {
        let page = try #require(try Self.page(expected.file))
        #expect(page.format == .text)
        #expect(page.title == expected.title)
        #expect(page.published == expected.published)
        #expect(page.section == "Russian Politics & Diplomacy")
        #expect(page.source == "TASS")
        #expect(page.dateline == expected.dateline)
        #expect(page.tags == expected.tags)
    }

    @Test("the body keeps the article and drops the furniture", arguments: seeds)
    func bodyWithoutFurniture(expected: Expected) throws {
        let body = try #require(try Self.page(expected.file)).body + "\n"
        for phrase in expected.bodyHas {
            #expect(body.contains(phrase), "missing: \(phrase)")
        }
        for phrase in expected.bodyLacks {
            #expect(!body.contains(phrase), "furniture left in: \(phrase)")
        }
    }

    @Test func captionIsNotAParagraph() throws {
        let page = try #require(try Self.page("000_50ced7505d569705.txt"))
        #expect(!page.paragraphs.contains { $0.hasPrefix("Russian Foreign Minister Sergey Lavrov and Belarusian") })
        #expect(page.paragraphs.count >= 4)
    }
}
