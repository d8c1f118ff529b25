import Testing

@testable import NewswatchDaemon

/// Entries written to standard error when there is no journal socket: page text never
/// starts a line of its own.
@Suite("Standard error lines")
struct StandardErrorLineTests {
    @Test(
        "page text with line breaks and a priority prefix stays inside its one line",
        arguments: ["Breaking\n<0>forged emergency", "cr\r<1>x", "nul\0<2>", "nel\u{85}<3>", "ls\u{2028}<4>", "tab\tend"]
    )
    func pageTextCannotStartALine(title: String) {
        var entry = JournalEntry(message: "NATO expansion: \"\(title)\"", priority: .warning)
        entry.append("NEWSWATCH_TITLE", title)
        let line = StandardErrorLine.text(of: entry, identifier: "newswatch", id: "abc-1-0")
        #expect(line.hasPrefix("newswatch["))
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x2028 })
        #expect(line.contains("NEWSWATCH_ENTRY=abc-1-0"))
        #expect(line.contains("<warning> NATO expansion"))
    }

    @Test func backslashesAndQuotesAreEscapedSoALineReadsBackUnambiguously() {
        #expect(StandardErrorLine.escaped("a\\nb\nc") == "a\\\\nb\\nc")
        #expect(StandardErrorLine.quoted("say \"hi\"") == "\"say \\\"hi\\\"\"")
        #expect(StandardErrorLine.quoted("plain") == "plain")
        #expect(StandardErrorLine.quoted("") == "\"\"")
    }
}
