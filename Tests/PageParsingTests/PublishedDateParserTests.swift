import PageParsing
import Testing

@Suite("PublishedDateParser")
struct PublishedDateParserTests {
    let parser = PublishedDateParser()

    @Test(
        "reads dates written in many shapes and languages",
        arguments: [
            ("date 2018-05-29", "2018-05-29"),
            ("Russian Politics & Diplomacy August 23, 2016, 11:04", "2016-08-23T11:04"),
            ("2016-08-23T11:04", "2016-08-23T11:04"),
            ("2016-08-23T11:04:00Z", "2016-08-23T11:04+00:00"),
            ("2018-05-29T13:10:00.000+03:00", "2018-05-29T13:10+03:00"),
            ("2016-08-23 11:04:05-0400", "2016-08-23T11:04-04:00"),
            ("23 августа 2016", "2016-08-23"),
            ("13:10, 29 мая 2018", "2018-05-29T13:10"),
            ("23.08.2016", "2016-08-23"),
            ("23.08.2016 11:04", "2016-08-23T11:04"),
            ("Aug 23, 2016", "2016-08-23"),
            ("Aug. 23rd, 2016 at 1:04 p.m. EDT", "2016-08-23T13:04-04:00"),
            ("Published 8/23/2016 11:04 PM", "2016-08-23T23:04"),
            ("Tue, 23 Aug 2016 11:04:00 GMT", "2016-08-23T11:04+00:00"),
            ("Dienstag, 23. August 2016, 11:04 Uhr", "2016-08-23T11:04"),
            ("23. März 2016", "2016-03-23"),
            ("mardi 23 août 2016 à 11h04", "2016-08-23T11:04"),
            ("1er mars 2016", "2016-03-01"),
            ("23 de agosto de 2016", "2016-08-23"),
            ("23 agosto 2016 alle 11:04", "2016-08-23T11:04"),
            ("23 de março de 2016 às 11:04", "2016-03-23T11:04"),
            ("2016년 8월 23일", "2016-08-23"),
            ("2016.08.23 11:04", "2016-08-23T11:04"),
        ]
    )
    func readsDates(text: String, iso: String) {
        #expect(parser.parse(text) == iso)
    }

    @Test(
        "finds nothing where no full date is written",
        arguments: ["", "Share", "3 hours ago", "13:10", "Page 23 of 2016 results", "31.02.2016", "Version 2.0.1"]
    )
    func findsNothing(text: String) {
        #expect(parser.parse(text) == nil)
    }

    @Test func dateWithoutYearTakesTheYearOfThePage() {
        #expect(parser.parse("May 29, 13:10 UTC+3") == nil)
        #expect(parser.parse("May 29, 13:10 UTC+3", yearHint: 2018) == "2018-05-29T13:10+03:00")
    }

    @Test func sameDayWrittenAgainLendsItsTime() {
        let text = "date 2018-05-29 Russian Politics\nMay 29, 13:10 UTC+3"
        #expect(parser.parse(text) == "2018-05-29T13:10+03:00")
    }

    @Test func yearOfAPageIsTheYearOfItsFirstFullDate() {
        #expect(parser.year(in: "Loading\ndate 2018-05-29 Politics") == 2018)
        #expect(parser.year(in: "May 29, 13:10") == nil)
    }
}
