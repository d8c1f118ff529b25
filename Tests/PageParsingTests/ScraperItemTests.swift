import NewswatchCore
import PageParsing
import Testing

@Suite("JSON scraper items")
struct ScraperItemTests {
    @Test("One JSON object gives one page with its fields")
    func singleObject() throws {
        let json = #"""
            {"url": "https://example.com/s", "title": "Troops \"build-up\"", "published": "2024-03-05T10:15:00+01:00",
             "text": "First paragraph of the story.\n\nSecond paragraph \u00e9t\u00e9.", "section": "World",
             "source": "Example", "tags": ["NATO", "EU"], "language": "en", "author": ["By Jane Doe", "John Roe"]}
            """#
        let page = try #require(try PageReader().read(Array(json.utf8), fileName: "x.json").first)
        #expect(page.format == .json)
        #expect(page.title == #"Troops "build-up""#)
        #expect(page.url == "https://example.com/s")
        #expect(page.published == "2024-03-05T10:15+01:00")
        #expect(page.paragraphs == ["First paragraph of the story.", "Second paragraph été."])
        #expect(page.section == "World")
        #expect(page.source == "Example")
        #expect(page.tags == ["NATO", "EU"])
        #expect(page.language == "en")
        #expect(page.author == "Jane Doe, John Roe")
    }

    @Test("JSON Lines give one page a line, skipping a broken line")
    func jsonLines() throws {
        let lines = """
            {"url": "https://e.com/1", "body": "Die Regierung hat am Dienstag in Berlin einen neuen Plan für die Verteidigung vorgestellt, der auch von der Opposition unterstützt wird."}
            {"url": "https://e.com/2", "content": "Second story text.", "keywords": "a, b"}
            {"url": broken
            {"url": "https://e.com/3", "articleBody": "Third story text.", "date": "23.08.2016"}
            """
        let pages = try PageReader().read(Array(lines.utf8), fileName: "items.jsonl")
        #expect(pages.map(\.url) == ["https://e.com/1", "https://e.com/2", "https://e.com/3"])
        #expect(pages[0].language == "de")
        #expect(pages[1].tags == ["a", "b"])
        #expect(pages[2].published == "2016-08-23")
    }

    @Test("A broken JSON Lines line is an item of its own that failed, numbered by its line, the last line too")
    func brokenLinesAreFailedItems() throws {
        let lines = """
            {"url": "https://e.com/1", "body": "First story text."}

            {"url": broken
            {"url": "https://e.com/4", "title": "no body"}
            {"url": "https://e.com/5", "text": "Fifth story text."}
            {"url": "https://e.com/6", "text": "cut off
            """
        let items = try PageReader().readItems(Array(lines.utf8), fileName: "items.jsonl")
        #expect(items.map(\.number) == [1, 3, 4, 5, 6])
        #expect(items.map { (try? $0.page.get())?.url } == ["https://e.com/1", nil, nil, "https://e.com/5", nil])
        let reasons = items.map { item -> String? in
            if case .failure(let error) = item.page { return error.message }
            return nil
        }
        #expect(reasons[1]?.contains("line 3") == true, "\(reasons)")
        #expect(reasons[2] == "no article text found")
        #expect(reasons[4]?.contains("line 6") == true, "\(reasons)")
    }

    @Test("An item with HTML goes through the article extractor")
    func htmlItem() throws {
        let html = String(decoding: HTMLFieldTests.article(head: ""), as: UTF8.self)
        let item = JSONEscaping.object(["url": "https://e.com/h", "html": html])
        let page = try #require(try PageReader().read(Array(item.utf8), fileName: "x.json").first)
        #expect(page.format == .json)
        #expect(page.paragraphs == HTMLFieldTests.paragraphs)
        #expect(page.url == "https://e.com/h")
    }

    @Test("An item without any body is refused as no article")
    func itemWithoutBody() {
        do {
            _ = try PageReader().read(Array(#"{"url": "https://e.com", "title": "Only a title"}"#.utf8), fileName: "x.json")
            Issue.record("an item without body was read")
        } catch {
            #expect(error.code == .noArticle)
        }
    }
}

/// Writes a flat JSON object of strings for test input.
enum JSONEscaping {
    static func object(_ fields: [String: String]) -> String {
        let members = fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \"\(escape($0.value))\"" }
        return "{" + members.joined(separator: ", ") + "}"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
