/// The remembered pages of the dedup window, in RAM: answers "have we seen this story?".
///
/// Per page it keeps the content id, the story id, when it was last seen and the 16-byte
/// coarse signature (36 bytes), plus four 4-byte candidate slots at 75–85 % fill. A lookup
/// reads two table buckets per lookup key and the signatures they name, so its cost does
/// not grow with the number of pages.
///
/// Every page sharing a lookup key is a candidate, and none is lost to a full table, so the
/// candidates of a page do not depend on the order pages came in or on how full the table
/// is. Candidates whose coarse estimate could be on either side of a threshold are then
/// confirmed on their precise signatures, fetched from a `PreciseSignatureSource`; the
/// verdict is decided on the precise similarity wherever the source has one.
public struct StoryIndex: Sendable {
    public let configuration: DedupConfiguration
    private var contentIDs: [UInt64] = []
    private var stories: [UInt64] = []
    /// Unix seconds, as UInt32 (good until 2106) to save four bytes a page.
    private var seenAt: [UInt32] = []
    private var signatures: [SIMD2<UInt64>] = []
    private var table: CandidateTable

    public init(configuration: DedupConfiguration = .init()) {
        self.init(configuration: configuration, expectedCount: 0)
    }

    /// An index sized for `expectedCount` pages, as when loading them from storage.
    public init(configuration: DedupConfiguration = .init(), expectedCount: Int) {
        self.configuration = configuration
        table = CandidateTable(expectedEntries: expectedCount * 4)
        reserve(expectedCount)
    }

    /// Number of remembered pages.
    public var count: Int { contentIDs.count }

    /// What `fingerprint`'s page is relative to the remembered pages, with candidates near a
    /// threshold confirmed on the precise signatures `source` holds.
    /// - Throws: what `source` throws.
    public func classify<Source: PreciseSignatureSource>(
        _ fingerprint: PageFingerprint, confirmingWith source: Source
    ) throws(Source.Failure) -> DedupVerdict {
        verdict(for: fingerprint, best: try bestMatch(for: fingerprint, confirmingWith: source))
    }

    /// Classifies a page and remembers it in the story the verdict names, looking it up once.
    /// The caller stores the page's precise signature where `source` will find it.
    /// - Throws: what `source` throws; then nothing is remembered.
    public mutating func record<Source: PreciseSignatureSource>(
        _ fingerprint: PageFingerprint, seenAt time: Int64, confirmingWith source: Source
    ) throws(Source.Failure) -> DedupVerdict {
        let best = try bestMatch(for: fingerprint, confirmingWith: source)
        let verdict = verdict(for: fingerprint, best: best)
        if let best, verdict.match?.exact == true {
            refresh(best.record, seenAt: time)
        } else {
            restore(fingerprint, story: verdict.story(of: fingerprint), seenAt: time)
        }
        return verdict
    }

    /// Remembers a page another process already judged (a fleet host's page read from the
    /// shared database): a known content id only has its time moved on.
    public mutating func insert(_ fingerprint: PageFingerprint, story: UInt64, seenAt time: Int64) {
        if let record = exactRecord(for: fingerprint) {
            refresh(record, seenAt: time)
        } else {
            restore(fingerprint, story: story, seenAt: time)
        }
    }

    /// The record holding `fingerprint`'s content id, found through its first lookup key.
    private func exactRecord(for fingerprint: PageFingerprint) -> Int? {
        var found: Int?
        table.forEachRecord(under: fingerprint.keys[0]) { record in
            if found == nil && contentIDs[record] == fingerprint.contentID { found = record }
        }
        return found
    }

    private mutating func refresh(_ record: Int, seenAt time: Int64) {
        seenAt[record] = max(seenAt[record], Self.seconds(time))
    }

    /// Room for `capacity` pages without reallocating, as before a burst of inserts.
    public mutating func reserveCapacity(_ capacity: Int) {
        if capacity > contentIDs.capacity { reserve(capacity) }
    }

    private func verdict(for fingerprint: PageFingerprint, best: (record: Int, similarity: Double)?) -> DedupVerdict {
        guard let (record, similarity) = best else { return .new }
        let exact = contentIDs[record] == fingerprint.contentID
        let match = DedupMatch(
            document: contentIDs[record], story: stories[record], similarity: exact ? 1 : similarity, exact: exact
        )
        if exact || similarity >= configuration.duplicateThreshold { return .duplicate(match) }
        if similarity >= configuration.updateThreshold { return .update(match) }
        return .new
    }

    /// Adds a page known not to be remembered yet, without looking for its content id:
    /// for loading stored pages, whose content ids are unique.
    public mutating func restore(_ fingerprint: PageFingerprint, story: UInt64, seenAt time: Int64) {
        precondition(
            count < CandidateTable.maximumRecords, "StoryIndex holds at most \(CandidateTable.maximumRecords) pages; prune it")
        if contentIDs.count == contentIDs.capacity { reserve(count + count / 8 + 64) }
        let record = contentIDs.count
        contentIDs.append(fingerprint.contentID)
        stories.append(story)
        seenAt.append(Self.seconds(time))
        signatures.append(fingerprint.signature)
        for lane in 0..<4 {
            table.insert(key: fingerprint.keys[lane], record: record)
        }
    }

    /// Forgets pages last seen before `cutoff` (unix seconds); returns how many.
    public mutating func prune(olderThan cutoff: Int64) -> Int {
        let limit = Self.seconds(cutoff)
        var newNumbers = [Int32](repeating: -1, count: count)
        var kept = 0
        for record in 0..<count where seenAt[record] >= limit {
            newNumbers[record] = Int32(kept)
            contentIDs[kept] = contentIDs[record]
            stories[kept] = stories[record]
            seenAt[kept] = seenAt[record]
            signatures[kept] = signatures[record]
            kept += 1
        }
        let removed = count - kept
        guard removed > 0 else { return 0 }
        contentIDs.removeLast(removed)
        stories.removeLast(removed)
        seenAt.removeLast(removed)
        signatures.removeLast(removed)
        table.renumber { record in
            let number = newNumbers[record]
            return number < 0 ? nil : Int(number)
        }
        return removed
    }

    /// Bytes of RAM the index holds (allocated capacity of its arrays).
    public var memoryFootprint: Int {
        contentIDs.capacity * 8 + stories.capacity * 8 + seenAt.capacity * 4
            + signatures.capacity * MemoryLayout<SIMD2<UInt64>>.stride + table.memoryFootprint
    }

    // MARK: - Lookup

    /// The remembered page most similar to `fingerprint` among those sharing a lookup key;
    /// an identical content id wins outright, ties go to the older page.
    ///
    /// Candidates whose coarse estimate is at least the configuration's `confirmationFloor`
    /// are confirmed, the `Shortlist.capacity` best estimates of them: the precise similarity
    /// replaces the estimate where `source` has the candidate's precise signature.
    private func bestMatch<Source: PreciseSignatureSource>(
        for fingerprint: PageFingerprint, confirmingWith source: Source
    ) throws(Source.Failure) -> (record: Int, similarity: Double)? {
        let floor = configuration.confirmationFloor
        var exact = -1
        var shortlist = Shortlist()
        for lane in 0..<4 where exact < 0 {
            table.forEachRecord(under: fingerprint.keys[lane]) { record in
                guard exact < 0 else { return }
                if contentIDs[record] == fingerprint.contentID {
                    exact = record
                    return
                }
                let estimate = PageFingerprint.similarity(signatures[record], fingerprint.signature)
                if estimate >= floor { shortlist.offer(record: record, estimate: estimate) }
            }
        }
        if exact >= 0 { return (exact, 1) }
        var best: (record: Int, similarity: Double)?
        for position in 0..<shortlist.count {
            let (record, estimate) = shortlist[position]
            var similarity = estimate
            if let probe = fingerprint.precise, let stored = try source.preciseSignature(of: contentIDs[record]) {
                similarity = probe.similarity(to: stored)
            }
            if best == nil || similarity > best!.similarity || (similarity == best!.similarity && record < best!.record) {
                best = (record, similarity)
            }
        }
        return best
    }

    private mutating func reserve(_ capacity: Int) {
        contentIDs.reserveCapacity(capacity)
        stories.reserveCapacity(capacity)
        seenAt.reserveCapacity(capacity)
        signatures.reserveCapacity(capacity)
    }

    private static func seconds(_ time: Int64) -> UInt32 {
        UInt32(clamping: time)
    }
}
