import SystemPackage
import Testing

@testable import NewswatchDaemon

/// Names newswatch makes in processed/ and failed/ stay within NAME_MAX.
@Suite("Spool names")
struct SpoolNameTests {
    static func bytes(_ name: FilePath.Component) -> Int { name.string.utf8.count }

    @Test func shortNamesGetTheirSuffixAsIs() {
        #expect(SpoolName.reasonFile(for: "page.txt").string == "page.txt.reason")
        #expect(SpoolName.candidate(0, for: "page.txt").string == "page.txt")
        #expect(SpoolName.candidate(2, for: "page.txt").string == "page.2.txt")
    }

    @Test("a numbered name keeps its extension; a name without one, or with a long tail, gets the number at the end")
    func numberedNamesKeepTheExtension() {
        #expect(SpoolName.candidate(1, for: "page.html").string == "page.1.html")
        #expect(SpoolName.candidate(3, for: "story.jsonl").string == "story.3.jsonl")
        #expect(SpoolName.candidate(1, for: "README").string == "README.1")
        #expect(SpoolName.candidate(1, for: ".hidden").string == ".hidden.1")
        #expect(SpoolName.candidate(1, for: "notes.final-version-for-legal").string == "notes.final-version-for-legal.1")
    }

    @Test(arguments: [249, 250, 255])
    func aLongNameIsCutShortWithAHashAndStaysWithinTheLimit(length: Int) throws {
        let name = try #require(FilePath.Component(String(repeating: "n", count: length - 4) + ".txt"))
        for made in [SpoolName.reasonFile(for: name), SpoolName.candidate(7, for: name)] {
            #expect(Self.bytes(made) <= 255, "\(made)")
        }
        #expect(SpoolName.reasonFile(for: name).string.hasSuffix(".reason"))
        let other = try #require(FilePath.Component(String(repeating: "n", count: length - 4) + ".htm"))
        #expect(SpoolName.reasonFile(for: name) != SpoolName.reasonFile(for: other), "two long names share their reason file")
    }

    @Test func aNameIsNeverCutInsideAMultiByteCharacter() throws {
        let name = try #require(FilePath.Component(String(repeating: "я", count: 127)))  // 254 bytes
        let reason = SpoolName.reasonFile(for: name)
        #expect(Self.bytes(reason) <= 255)
        #expect(reason.string.unicodeScalars.allSatisfy { $0 != "\u{FFFD}" })
        #expect(reason.string.hasPrefix("яя"))
    }
}
