import Testing

@testable import NewswatchDaemon

/// The text node_exporter reads: escaping, histogram buckets, number formats. The whole
/// file as the daemon writes it is parsed by a real parser in `DaemonMetricsTests`.
@Suite("Metrics exposition")
struct MetricsExpositionTests {
    @Test func labelValuesEscapeBackslashQuoteAndNewline() {
        var out = MetricsExposition()
        out.counter("x_total", "help", label: "topic", [("a\"b\\c\nd", 2)])
        #expect(out.text.contains(#"x_total{topic="a\"b\\c\nd"} 2"#))
    }

    @Test func histogramBucketsAreCumulativeAndEndWithInf() {
        var histogram = LatencyHistogram()
        histogram.observe(.milliseconds(3))
        histogram.observe(.milliseconds(40))
        histogram.observe(.seconds(60))
        var out = MetricsExposition()
        out.histogram("h_seconds", "help", histogram)
        let lines = out.text.split(separator: "\n").map(String.init)
        #expect(lines.contains(#"h_seconds_bucket{le="0.001"} 0"#))
        #expect(lines.contains(#"h_seconds_bucket{le="0.005"} 1"#))
        #expect(lines.contains(#"h_seconds_bucket{le="0.05"} 2"#))
        #expect(lines.contains(#"h_seconds_bucket{le="10"} 2"#))
        #expect(lines.contains(#"h_seconds_bucket{le="+Inf"} 3"#))
        #expect(lines.contains("h_seconds_count 3"))
        #expect(lines.contains { $0.hasPrefix("h_seconds_sum 60.04") })
    }

    @Test func everyOutcomeAndReasonIsListedAtZero() {
        let text = DaemonMetrics.text(
            DaemonMetrics.Reading(
                counts: DaemonCounters.Snapshot(), activity: DaemonActivity.Snapshot(), topics: ["nato"], startedAt: 100,
                now: 200, up: true))
        for outcome in ["new", "duplicate", "update", "failed"] {
            #expect(text.contains("newswatch_pages_total{outcome=\"\(outcome)\"} 0"))
        }
        for reason in FailureKind.allCases {
            #expect(text.contains("newswatch_failures_total{reason=\"\(reason.rawValue)\"} 0"))
        }
        #expect(text.contains("newswatch_alerts_total{topic=\"nato\"} 0"))
        #expect(text.contains("newswatch_up 1\n"))
        #expect(!text.contains("# EOF") && !text.contains("# UNIT"), "node_exporter's parser rejects OpenMetrics-only lines")
    }
}
