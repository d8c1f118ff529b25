import NewswatchCore
import PageParsing
import Testing

/// The failure classes of text dumps from issue 14, each on a small page written for the test:
/// the article must be found whatever its shape and whatever stands around it.
@Suite("Text dumps: the article whatever its shape")
struct TextDumpArticleShapeTests {
    let extractor = TextDumpExtractor()

    static let menu = ["Home", "World", "Business", "Sport", "Culture", "Opinion"].map { "  • \($0)" }
    static let footer = ["", "Share", "", "© 2021 City News. All rights reserved."]

    /// A dump of `blocks` (each a paragraph or a line), the long ones wrapped at 80 columns as
    /// w3m does.
    static func dump(_ blocks: [String]) -> String {
        blocks.map { $0.count <= 80 ? $0 : TextDumpExtractorTests.wrapped($0, width: 80, indent: "") }
            .joined(separator: "\n\n")
    }

    static let shortArticle = [
        "The city council voted on Tuesday to extend the north tram line by two stops, to the new hospital "
            + "that opens next year.",
        "Work on the extension is to start in the spring and should take eighteen months, the council said.",
    ]

    /// Reader comments: each longer than the article's paragraphs, each under a name and a date.
    static let comments = (1...6).flatMap { number in
        [
            "Reader \(["Anna", "Ben", "Carla", "David", "Eva", "Frank"][number - 1])", "March \(number + 3), 2021 at 09:1\(number)",
            "I have taken the number four bus to the hospital site every week for two years now, and every "
                + "single time it has been late, crowded or both, so anything that gets people there on rails "
                + "is welcome, even if it comes far too late for those of us who needed it.",
        ]
    }

    @Test func shortArticleUnderItsHeadlineBeatsALongerCommentThread() throws {
        let page = Self.dump(
            Self.menu + ["Council extends north tram line to the hospital", "March 2, 2021, 10:15"]
                + Self.shortArticle + Self.footer + ["What readers say"] + Self.comments)
        let body = try #require(extractor.extract(page)).paragraphs
        #expect(body == Self.shortArticle)
    }

    @Test func shortArticleUnderItsHeadlineBeatsALongerTeaserList() throws {
        let teasers = (1...6).flatMap { number in
            [
                "Harbour festival \(number) draws record crowds", "February \(number + 10), 2021",
                "The harbour festival drew more visitors than ever this year, with crowds filling the quays for "
                    + "three days of music, food stalls and boat parades that went on late into the night.",
            ]
        }
        let page = Self.dump(
            Self.menu + ["More stories"] + teasers
                + ["Council extends north tram line to the hospital", "March 2, 2021, 10:15"] + Self.shortArticle
                + Self.footer)
        let body = try #require(extractor.extract(page)).paragraphs
        #expect(body == Self.shortArticle)
    }

    @Test func listsNumberedSubheadsAndTablesInsideTheArticleAreKept() throws {
        let article = [
            "The council published its plan for the tram network on Tuesday, with three new lines to be built "
                + "over the next ten years.",
            "1. The northern line",
            "The first line will run from the station to the hospital and is due to open in 2024.",
            "2. The harbour line",
            "The second line will connect the harbour with the old town, a route that buses now take forty minutes for.",
            "The plan lists the costs of each line:",
            "Line       Length   Stops   Cost (million)",
            "North      6.2 km   9       210",
            "Harbour    4.8 km   7       165",
            "East       7.5 km   11      240",
            "The council also named what it expects from the new lines:",
            "• shorter trips",
            "• fewer cars in the old town",
            "• cleaner air",
            "A public hearing on the plan is set for April, and a final vote is expected before the summer.",
        ]
        let page = Self.dump(
            Self.menu + ["Council publishes plan for three tram lines", "March 2, 2021"] + article + Self.footer)
        let body = try #require(extractor.extract(page)).paragraphs
        // List markers are left out; table rows keep their columns.
        let unmarked = article.map { line in
            line.hasPrefix("• ") || line.first?.isNumber == true ? String(line.drop(while: { $0 != " " }).dropFirst()) : line
        }
        #expect(body == unmarked)
    }

    static let longArticle = [
        "The city council voted on Tuesday to expand the tram network into the northern districts, a plan "
            + "that has been debated for more than a decade and that opponents say will cost far more than promised.",
        "Supporters argued that the new line would cut commuting times in half for tens of thousands of "
            + "residents, and that the federal grant covering most of the cost would be lost if the vote were delayed.",
        "Construction is expected to begin next spring and to last about four years, the transport department "
            + "said, adding that bus routes in the affected streets would be changed while the work goes on.",
        "The mayor called the vote a turning point for the city and promised that residents would be consulted "
            + "on the exact route of the line before any street is closed for the works.",
    ]

    @Test func photoCaptionsAndCreditsAreLeftOut() throws {
        let page = Self.dump(
            Self.menu + ["Council backs tram line to the north", "March 3, 2021"] + [Self.longArticle[0]]
                + [
                    "[tram-depot]",
                    "A tram leaves the depot on the northern edge of the city on Monday, a day before the vote. "
                        + "(AP Photo/Jane Doe)",
                ] + Array(Self.longArticle[1...2])
                + ["[council-vote]", "Councillors during the vote", "Photo: John Smith/Reuters"]
                + [Self.longArticle[3]] + Self.footer)
        let body = try #require(extractor.extract(page)).paragraphs
        #expect(body == Self.longArticle)
    }

    @Test func captionsUnderTheirScreenReaderLabelAreLeftOut() throws {
        let page = Self.dump(
            Self.menu + ["Council backs tram line to the north", "March 3, 2021"] + Array(Self.longArticle[0...1])
                + [
                    "Image copyright City Council",
                    "Image caption The new trams will run every five minutes at peak hours, the council says",
                ] + Array(Self.longArticle[2...3]) + Self.footer)
        let body = try #require(extractor.extract(page)).paragraphs
        #expect(body == Self.longArticle)
    }

    @Test func anEmbeddedGalleryDoesNotSplitTheArticle() throws {
        let gallery = (1...8).flatMap { slide in
            [
                "[gallery-\(slide)]", "Image \(slide) of 8",
                "The route of the northern line seen from the air, section \(slide). Photo: City Council",
            ]
        }
        let page = Self.dump(
            Self.menu + ["Council backs tram line to the north", "March 3, 2021"] + Array(Self.longArticle[0...1])
                + gallery + Array(Self.longArticle[2...3]) + Self.footer)
        let body = try #require(extractor.extract(page)).paragraphs
        #expect(body == Self.longArticle)
    }

    @Test func aHiddenCopyOfTheBodyRunTogetherIsLeftOut() throws {
        let copy = Self.longArticle.joined(separator: " ")
        let page = Self.dump(
            Self.menu + ["Council backs tram line to the north", "March 3, 2021"] + Self.longArticle + [copy]
                + Self.footer)
        let body = try #require(extractor.extract(page)).paragraphs
        #expect(body == Self.longArticle)
    }

    @Test func aHiddenCopyOfTheBodyBeforeItIsLeftOut() throws {
        // The copy first (a print version rendered above), then the article as paragraphs.
        let copy = Self.longArticle.joined(separator: " ")
        let page = Self.dump(
            Self.menu + ["Council backs tram line to the north", "March 3, 2021", copy] + Self.longArticle
                + Self.footer)
        let body = try #require(extractor.extract(page)).paragraphs
        #expect(body.joined(separator: " ") == copy)
    }

    @Test func aSentenceQuotedAgainStays() throws {
        // A pull quote: words of the paragraph above, set apart. A reader sees them twice.
        let quote =
            "Supporters argued that the new line would cut commuting times in half for tens of thousands "
            + "of residents, and that the federal grant covering most of the cost would be lost"
        let article = Array(Self.longArticle[0...1]) + [quote] + Array(Self.longArticle[2...3])
        let page = Self.dump(Self.menu + ["Council backs tram line to the north", "March 3, 2021"] + article + Self.footer)
        let body = try #require(extractor.extract(page)).paragraphs
        #expect(body == article)
    }
}
