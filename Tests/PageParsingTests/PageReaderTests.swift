import Foundation
import NewswatchCore
import PageParsing
import Testing

@Suite("Page reader formats and failures")
struct PageReaderTests {
    static let story = HTMLFieldTests.paragraphs.joined(separator: "\n\n")

    @Test(
        "Formats are detected from the content whatever the file is called",
        arguments: [
            ("page.txt", PageFormat.html), ("item.html", PageFormat.html), ("dump", PageFormat.html),
        ])
    func htmlIsDetectedByContent(fileName: String, format: PageFormat) throws {
        let pages = try PageReader().read(HTMLFieldTests.article(head: ""), fileName: fileName)
        #expect(pages.first?.format == format)
    }

    @Test("A gzipped page is unpacked before reading")
    func gzipIsUnpacked() throws {
        let packed = try ExternalTool.gzip(HTMLFieldTests.article(head: ""))
        #expect(packed.starts(with: [0x1F, 0x8B]))
        let page = try #require(try PageReader().read(packed, fileName: "page.html.gz").first)
        #expect(page.paragraphs == HTMLFieldTests.paragraphs)
    }

    @Test("Unpacking stops at the size limit")
    func gzipBombIsRefused() throws {
        let packed = try ExternalTool.gzip([UInt8](repeating: 0x41, count: 2 * 1024 * 1024))
        let reader = PageReader(options: .init(maximumSize: 1024 * 1024))
        #expect(throws: PageReadError.self) { try reader.read(packed, fileName: "bomb.gz") }
        do {
            _ = try reader.read(packed, fileName: "bomb.gz")
        } catch {
            #expect(error.code == .tooLarge)
        }
    }

    @Test("A cut-off gzip file is reported as truncated")
    func truncatedGzip() throws {
        let packed = try ExternalTool.gzip(HTMLFieldTests.article(head: ""))
        do {
            _ = try PageReader().read(Array(packed.prefix(packed.count / 2)), fileName: "a.gz")
            Issue.record("a truncated gzip file was read")
        } catch {
            #expect(error.code == .truncated)
        }
    }

    @Test(
        "Empty and binary files are refused with their reason",
        arguments: [
            ([UInt8](), PageReadError.Code.empty), (Array(" \n\t\n".utf8), .empty),
            (
                [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52] + [UInt8](repeating: 0, count: 64),
                .binary
            ),
            ((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }, .binary),
        ])
    func badFilesAreRefused(bytes: [UInt8], code: PageReadError.Code) {
        do {
            _ = try PageReader().read(bytes, fileName: "x")
            Issue.record("bytes were read as a page")
        } catch {
            #expect(error.code == code)
        }
    }

    @Test(
        "Pathological HTML finishes and yields its text",
        arguments: [
            String(repeating: "<div>", count: 100_000) + "<p>" + story + "</p>",
            "<html><body><p>" + String(repeating: "word ", count: 2_000_000) + "</p></body></html>",
            String(repeating: "<b><i><span>", count: 30_000) + story,
        ])
    func pathologicalHTMLFinishes(html: String) throws {
        let pages = try PageReader().read(Array(html.utf8), fileName: "x.html")
        #expect(pages.first?.body.contains("word") == true || pages.first?.body.contains("Brussels") == true)
    }
}
