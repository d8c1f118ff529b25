/// Batch latencies in fixed buckets, as a Prometheus histogram counts them: one observation
/// per batch (not per page), so it costs nothing on the hot path.
struct LatencyHistogram: Sendable, Equatable {
    /// Upper bounds in seconds: a single drop takes milliseconds, a 128-page batch of large
    /// HTML on a loaded host a few seconds.
    static let bounds: [Double] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    /// Observations per bucket, not cumulative; the last is above every bound.
    private(set) var counts = [Int](repeating: 0, count: bounds.count + 1)
    private(set) var sum = 0.0
    private(set) var count = 0

    mutating func observe(_ duration: Duration) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        let bucket = Self.bounds.firstIndex { seconds <= $0 } ?? Self.bounds.count
        counts[bucket] += 1
        sum += seconds
        count += 1
    }

    /// `(le, cumulative count)` for each bound, then `+Inf`, as the text format lists them.
    var cumulative: [(bound: Double, count: Int)] {
        var running = 0
        return zip(Self.bounds + [.infinity], counts).map { bound, count in
            running += count
            return (bound, running)
        }
    }
}
