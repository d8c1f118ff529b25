import Foundation
import NewswatchCore
import PageParsing
import Testing

/// Inputs the page-reader fuzzer (scripts/fuzz.sh) once failed on, kept as files under
/// `Fixtures/fuzz`. scripts/fuzz.sh also replays them under the sanitizers.
@Suite("Fuzzer findings stay fixed")
struct FuzzRegressionTests {
    static let folder = Bundle.module.url(forResource: "Fixtures/fuzz", withExtension: nil)!

    static var fixtureNames: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()) ?? []
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appending(path: name)))
    }

    @Test("The fixtures are there")
    func fixturesArePresent() {
        #expect(Self.fixtureNames.count >= 2)
    }

    @Test("Every fixture reads into pages or fails with a reason", arguments: fixtureNames)
    func fixtureReadsOrFailsClearly(name: String) throws {
        let bytes = try Self.bytes(name)
        do {
            let pages = try PageReader().read(bytes, fileName: name)
            #expect(!pages.isEmpty)
            for page in pages {
                #expect(!page.paragraphs.isEmpty)
                _ = Tokenizer().tokenize(page.body)
            }
        } catch {
            #expect(!error.message.isEmpty)
        }
    }

    /// libxml2 stopped at the NUL and the rest of the article was lost.
    @Test("A NUL byte in HTML loses none of the article after it")
    func nulInArticleKeepsTheRest() throws {
        let page = try #require(try PageReader().read(Self.bytes("nul-in-article.html"), fileName: "a.html").first)
        #expect(page.paragraphs.count == 3)
        #expect(page.body.contains("disputed by critics"))
    }

    /// `<` and three NULs made libxml2 read the page as UCS-4: no text, and a message on
    /// standard error.
    @Test("NULs at the start do not make the HTML parser switch encodings")
    func leadingNULsKeepUTF8() throws {
        let page = try #require(
            try PageReader().read(Self.bytes("ucs4-guess-crash-f79e00aa.html"), fileName: "page.html").first)
        #expect(page.format == .html)
        #expect(page.body.contains("Russian and Syrian defense ministries"))
    }
}
