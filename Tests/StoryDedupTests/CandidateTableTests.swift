import NewswatchTestSupport
import Testing

@testable import StoryDedup

/// The candidate table finds every record filed under a key, however full it is and in
/// whatever order the records came.
@Suite("Candidate table")
struct CandidateTableTests {
    static func records(under key: UInt64, in table: CandidateTable) -> Set<Int> {
        var found = Set<Int>()
        table.forEachRecord(under: key) { found.insert($0) }
        return found
    }

    /// `count` keys from a seeded generator, as page lookup keys are (uniform 64-bit hashes).
    static func keys(_ count: Int, seed: UInt64) -> [UInt64] {
        var generator = SeededGenerator(state: seed)
        return (0..<count).map { _ in generator.next() }
    }

    @Test("An empty table has room for thousands of pages' keys before it grows")
    func emptyTableStartsWithRoom() {
        var table = CandidateTable(expectedEntries: 0)
        let capacity = table.capacity
        #expect(capacity >= 4 * 5_000)
        for (record, key) in Self.keys(4 * 5_000, seed: 1).enumerated() {
            table.insert(key: key, record: record / 4)
        }
        #expect(table.capacity == capacity)
    }

    @Test("No record is dropped while the table grows from empty", arguments: [1_000, 30_000, 200_000])
    func growingTableKeepsEveryRecord(count: Int) {
        var table = CandidateTable(expectedEntries: 0)
        let keys = Self.keys(count, seed: UInt64(count))
        for (record, key) in keys.enumerated() {
            table.insert(key: key, record: record)
        }
        #expect(table.entries == count)
        let missing = keys.enumerated().filter { !Self.records(under: $0.element, in: table).contains($0.offset) }
        #expect(missing.isEmpty, "\(missing.count) of \(count) records lost")
    }

    @Test("A key finding both its buckets full grows the table before it is 90 % full, dropping nothing")
    func overflowGrowsTheTable() {
        var table = CandidateTable(expectedEntries: 0)
        let capacity = table.capacity
        let keys = Self.keys(capacity, seed: 5)
        var fillAtGrowth: Double?
        for (record, key) in keys.enumerated() {
            table.insert(key: key, record: record)
            if fillAtGrowth == nil && table.capacity > capacity {
                fillAtGrowth = Double(record) / Double(capacity)
            }
        }
        #expect(fillAtGrowth != nil)
        #expect((fillAtGrowth ?? 1) < CandidateTable.maximumFill)
        for (record, key) in keys.enumerated() {
            #expect(Self.records(under: key, in: table).contains(record))
        }
    }

    @Test("A key shared by many pages keeps its newest records and crowds out no other key")
    func furnitureKeyKeepsItsNewestRecords() {
        var table = CandidateTable(expectedEntries: 0)
        let shared: UInt64 = 0xABCD_EF01_2345_6789
        let others = Self.keys(40, seed: 7)
        for record in 0..<40 {
            table.insert(key: shared, record: record * 2)
            table.insert(key: others[record], record: record * 2 + 1)
        }
        let kept = Self.records(under: shared, in: table)
        #expect(kept == Set((40 - CandidateTable.perKeyLimit..<40).map { $0 * 2 }))
        for (record, key) in others.enumerated() {
            #expect(Self.records(under: key, in: table).contains(record * 2 + 1))
        }
    }

    @Test("Renumbering after pruning keeps the surviving records under their keys")
    func renumberingKeepsSurvivors() {
        var table = CandidateTable(expectedEntries: 0)
        let keys = Self.keys(20_000, seed: 11)
        for (record, key) in keys.enumerated() {
            table.insert(key: key, record: record)
        }
        // Forget the even records; odd record r becomes r / 2.
        table.renumber { $0 % 2 == 1 ? $0 / 2 : nil }
        #expect(table.entries == keys.count / 2)
        for (record, key) in keys.enumerated() where record % 2 == 1 {
            #expect(Self.records(under: key, in: table).contains(record / 2))
        }
    }
}
