import Foundation

/// Text in the Prometheus exposition format (version 0.0.4), which node_exporter's textfile
/// collector reads. Not the OpenMetrics text format: that collector rejects OpenMetrics'
/// `# UNIT` lines and counter families named without `_total`. Counters still end in
/// `_total` and carry no timestamps, so the names read the same in both.
struct MetricsExposition {
    private(set) var text = ""

    /// One family with its `# HELP` and `# TYPE` lines and every sample.
    mutating func family(_ name: String, _ type: String, _ help: String, _ samples: [(labels: [(String, String)], value: Double)]) {
        text += "# HELP \(name) \(Self.escapedHelp(help))\n# TYPE \(name) \(type)\n"
        for entry in samples {
            sample(name, labels: entry.labels, value: entry.value)
        }
    }

    mutating func counter(_ name: String, _ help: String, _ value: Int) {
        family(name, "counter", help, [([], Double(value))])
    }

    mutating func gauge(_ name: String, _ help: String, _ value: Double) {
        family(name, "gauge", help, [([], value)])
    }

    /// A counter family with one sample per label value.
    mutating func counter(_ name: String, _ help: String, label: String, _ values: [(String, Int)]) {
        family(name, "counter", help, values.map { (labels: [(label, $0.0)], value: Double($0.1)) })
    }

    mutating func histogram(_ name: String, _ help: String, _ histogram: LatencyHistogram) {
        text += "# HELP \(name) \(Self.escapedHelp(help))\n# TYPE \(name) histogram\n"
        for (bound, count) in histogram.cumulative {
            sample(name + "_bucket", labels: [("le", bound.isInfinite ? "+Inf" : Self.number(bound))], value: Double(count))
        }
        sample(name + "_sum", labels: [], value: histogram.sum)
        sample(name + "_count", labels: [], value: Double(histogram.count))
    }

    private mutating func sample(_ name: String, labels: [(String, String)], value: Double) {
        text += name
        if !labels.isEmpty {
            text += "{" + labels.map { "\($0.0)=\"\(Self.escapedLabel($0.1))\"" }.joined(separator: ",") + "}"
        }
        text += " \(Self.number(value))\n"
    }

    /// Whole numbers without a fraction (counts read as `12`, not `12.0`).
    static func number(_ value: Double) -> String {
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value.isNaN { return "NaN" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// A label value: backslash, double quote and line feed escaped.
    static func escapedLabel(_ value: String) -> String {
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// HELP text: backslash and line feed escaped.
    static func escapedHelp(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}
