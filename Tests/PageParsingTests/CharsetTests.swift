import NewswatchCore
import Testing

@testable import PageParsing

@Suite("Charsets")
struct CharsetTests {
    static let russian = """
        Президент России провёл совещание с членами правительства. Обсуждались вопросы \
        экономики, бюджета на следующий год и поддержки регионов. Министр финансов доложил \
        о том, что доходы бюджета растут быстрее, чем ожидалось.
        """
    static let french = "L'été dernier, le gouvernement a présenté une réforme très attendue des retraites à Paris."

    @Test(
        "Cyrillic text in a single-byte charset is detected and decoded without a label",
        arguments: [
            "WINDOWS-1251", "KOI8-R",
        ])
    func cyrillicTextIsDetected(charset: String) throws {
        let bytes = try ExternalTool.iconv(Self.russian, to: charset)
        let text = String(decoding: try ContentSniffer.utf8Text(bytes), as: UTF8.self)
        #expect(text == Self.russian)
        #expect(LanguageDetector().detect(text) == "ru")
    }

    @Test("Western text in ISO-8859-1 is decoded as Latin", arguments: ["ISO-8859-1", "WINDOWS-1252"])
    func latinTextIsDecoded(charset: String) throws {
        let bytes = try ExternalTool.iconv(Self.french, to: charset)
        let utf8 = try ContentSniffer.utf8Text(bytes)
        #expect(String(decoding: utf8, as: UTF8.self) == Self.french)
    }

    @Test(
        "UTF-16 with a byte-order mark and UTF-8 with a BOM are decoded",
        arguments: [
            "UTF-16LE", "UTF-16BE", "UTF-8",
        ])
    func byteOrderMarksAreHonoured(charset: String) throws {
        let bytes = try ExternalTool.iconv("\u{FEFF}" + Self.russian, to: charset)
        let utf8 = try ContentSniffer.utf8Text(bytes)
        #expect(String(decoding: utf8, as: UTF8.self) == Self.russian)
    }

    @Test(
        "An HTML meta charset decides over detection",
        arguments: [
            ("windows-1251", "WINDOWS-1251"), ("koi8-r", "KOI8-R"),
        ])
    func metaCharsetDecides(label: String, charset: String) throws {
        let html = """
            <html><head><meta http-equiv="Content-Type" content="text/html; charset=\(label)">
            <title>Совещание</title></head><body><article><p>\(Self.russian)</p>
            <p>\(Self.russian)</p></article></body></html>
            """
        let bytes = try ExternalTool.iconv(html, to: charset)
        #expect(CharsetDetector.declaredInHTML(bytes) == Charset(label: Array(label.utf8)))
        let page = try #require(try PageReader().read(bytes, fileName: "x.html").first)
        #expect(page.body.contains("Министр финансов доложил"))
        #expect(page.title == "Совещание")
    }

    @Test("Invalid UTF-8 bytes become replacement characters and the page is kept")
    func invalidBytesAreReplaced() throws {
        var bytes = Array("Valid start of a story about the economy and the budget. ".utf8)
        bytes += [0xC3, 0x28, 0xFF]
        bytes += Array(" More text follows after the damaged bytes in this paragraph.".utf8)
        let utf8 = CharsetDecoder.utf8(bytes, as: .utf8)
        let text = String(decoding: utf8, as: UTF8.self)
        #expect(text.contains("\u{FFFD}"))
        #expect(text.hasSuffix("damaged bytes in this paragraph."))
    }
}
