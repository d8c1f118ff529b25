/// Exponential backoff with jitter for one destination: the first retry waits about
/// `initial`, each further failure doubles it up to `maximum`, and each wait is drawn between
/// half and all of that ("equal jitter"), so destinations that fail together do not retry in step.
public struct RetryBackoff: Sendable {
    public let initial: Duration
    public let maximum: Duration
    /// Failures since the last success.
    public private(set) var failures = 0

    public init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The wait before the next attempt after one more failure; `random` draws from 0..<1.
    public mutating func nextDelay(random: () -> Double = { Double.random(in: 0..<1) }) -> Duration {
        failures += 1
        let ceiling = Self.doubled(initial, times: failures - 1, cap: maximum)
        return ceiling / 2 + (ceiling / 2) * random()
    }

    /// The wait after a failure: a server's `Retry-After` replaces the backoff (honoured in
    /// full, up to an hour), else the next backoff step.
    public mutating func delay(retryAfter: Duration?, random: () -> Double = { Double.random(in: 0..<1) }) -> Duration {
        let backoff = nextDelay(random: random)
        guard let retryAfter else { return backoff }
        return min(max(retryAfter, .zero), .seconds(3_600))
    }

    public mutating func reset() { failures = 0 }

    private static func doubled(_ value: Duration, times: Int, cap: Duration) -> Duration {
        var result = value
        for _ in 0..<min(times, 40) where result < cap { result *= 2 }
        return min(result, cap)
    }
}
