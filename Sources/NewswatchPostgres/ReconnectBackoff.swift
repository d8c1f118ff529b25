/// How long to wait before the next attempt to reach the database: exponential, capped,
/// with jitter so a fleet that lost its database at the same moment does not come back
/// in lockstep.
public struct ReconnectBackoff: Sendable, Equatable {
    public var first: Duration
    public var maximum: Duration
    /// Each wait is drawn from [delay × (1 − jitter), delay].
    public var jitter: Double

    public init(first: Duration = .milliseconds(250), maximum: Duration = .seconds(30), jitter: Double = 0.2) {
        self.first = first
        self.maximum = maximum
        self.jitter = jitter
    }

    /// The wait after `failures` failed attempts in a row (1 for the first failure), before jitter.
    public func delay(afterFailures failures: Int) -> Duration {
        guard failures > 0 else { return .zero }
        var delay = first
        for _ in 1..<min(failures, 63) {
            delay *= 2
            if delay >= maximum { return maximum }
        }
        return min(delay, maximum)
    }

    /// `delay(afterFailures:)` less a random share of at most `jitter`.
    public func jitteredDelay(afterFailures failures: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let delay = delay(afterFailures: failures)
        guard jitter > 0 else { return delay }
        return delay * (1 - Double.random(in: 0...jitter, using: &generator))
    }
}
