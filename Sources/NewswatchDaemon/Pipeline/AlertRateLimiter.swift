/// Holds back alerts of a topic past its `max_per_hour` and reports, once the hour is over,
/// how many were held back.
struct AlertRateLimiter: Sendable {
    private var windows: [String: Window] = [:]

    struct Window: Sendable {
        var start: Int64
        var sent = 0
        var held = 0
    }

    /// A topic's hour that held alerts back.
    struct Summary: Sendable, Equatable {
        var topic: String
        var held: Int
        var limit: Int
        var start: Int64
    }

    /// Whether an alert of `topic` may go out at `now`; counts it either way.
    mutating func admit(topic: String, limit: Int?, now: Int64) -> Bool {
        guard let limit else { return true }
        var window = windows[topic] ?? Window(start: now)
        if now - window.start >= 3_600 && window.held == 0 {
            window = Window(start: now)
        }
        let admitted = window.sent < limit && now - window.start < 3_600
        if admitted { window.sent += 1 } else { window.held += 1 }
        windows[topic] = window
        return admitted
    }

    /// Whether any topic has an hour in progress.
    var hasOpenWindows: Bool { !windows.isEmpty }

    /// Summaries of hours that have ended with alerts held back; each is reported once.
    mutating func endedWindows(now: Int64, limits: [String: Int]) -> [Summary] {
        var summaries: [Summary] = []
        for (topic, window) in windows where now - window.start >= 3_600 {
            if window.held > 0 {
                summaries.append(Summary(topic: topic, held: window.held, limit: limits[topic] ?? 0, start: window.start))
            }
            windows[topic] = nil
        }
        return summaries.sorted { $0.topic < $1.topic }
    }
}
