import Foundation

/// What a fault test counts: of the files it dropped, how many got no entry (lost) and how
/// many got more than one (doubled).
struct Tally: CustomStringConvertible {
    var expected: Int
    var lost: [String]
    var doubled: [String]

    init(expected names: [String], seen: [String]) {
        let counts = Dictionary(seen.map { ($0, 1) }, uniquingKeysWith: +)
        expected = names.count
        lost = names.filter { counts[$0] == nil }
        doubled = names.filter { (counts[$0] ?? 0) > 1 }
    }

    var description: String { "\(expected) expected, \(lost.count) lost, \(doubled.count) doubled" }
}

/// Prints a fault test's figures on one line that CI's log keeps (`grep FAULT`).
func reportFault(_ name: String, _ figures: String) {
    print("FAULT \(name): \(figures)")
}

/// Polls `condition` every 50 ms until it holds or `timeout` seconds pass; returns whether it held.
@discardableResult
func waitUntil(timeout: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.05)
    }
    return try condition()
}

extension DaemonFixture {
    /// Names in `folder` that are dropped pages (not `.reason` files).
    func pages(in folder: URL) -> [String] {
        contents(of: folder).filter { !$0.hasSuffix(".reason") }
    }

    /// Drops `count` distinct burst pages named `prefix-N.txt`, numbered from `first`.
    func dropBurst(_ count: Int, prefix: String, first: Int = 0) throws -> [String] {
        try (0..<count).map { offset in
            let name = "\(prefix)-\(offset).txt"
            try drop(Data(BurstText.page(first + offset).utf8), as: name)
            return name
        }
    }
}

extension [String: String] {
    /// When journald received the entry.
    var realtime: Date? {
        self["__REALTIME_TIMESTAMP"].flatMap(Double.init).map { Date(timeIntervalSince1970: $0 / 1_000_000) }
    }
}

extension [[String: String]] {
    /// The file of each outcome entry, once per entry.
    var outcomeFiles: [String] { outcomes.compactMap { $0["NEWSWATCH_FILE"] } }
    /// The file of each alert, once per alert.
    var alertFiles: [String] { alerts.compactMap { $0["NEWSWATCH_FILE"] } }
}
