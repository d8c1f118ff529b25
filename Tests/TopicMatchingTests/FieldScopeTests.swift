import NewswatchCore
import Testing
import TopicMatching

@Suite("Field scopes look only where they say")
struct FieldScopeTests {
    static let page = Page(
        format: .html, title: "Alliance summit in Vilnius", section: "World", source: "TASS",
        tags: ["NATO", "Eastern flank"], paragraphs: ["Leaders met to discuss defence spending."])

    static let cases: [(String, Bool)] = [
        ("Vilnius", true),
        ("defence", true),
        ("TASS", false),
        ("source:TASS", true),
        ("title:Vilnius", true),
        ("title:defence", false),
        ("body:defence", true),
        ("body:Vilnius", false),
        ("section:world", true),
        ("tags:NATO", true),
        ("NATO", false),
        ("tags:\"eastern flank\"", true),
        ("tags:\"NATO eastern\"", false),
        ("title:(summit OR spending)", true),
        ("title:(spending OR defence)", false),
        ("title:(summit AND body:spending)", true),
        ("\"Vilnius leaders\"", false),
    ]

    @Test("a field scope limits where words match", arguments: cases)
    func scopes(query: String, expected: Bool) throws {
        #expect(try !matches(query, "", page: Self.page).isEmpty == expected)
    }
}
