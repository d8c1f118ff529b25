import ServiceLifecycle

/// Runs `tick` every `interval` of `clock` until graceful shutdown begins: the one timer
/// loop behind the heartbeat, the checkpoints and retention. An injected clock keeps the
/// services testable without sleeping.
func repeatUntilShutdown<C: Clock>(
    every interval: Duration, clock: C, _ tick: () async -> Void
) async where C.Duration == Duration {
    while !Task.isShuttingDownGracefully {
        do {
            try await cancelWhenGracefulShutdown { try await clock.sleep(for: interval) }
        } catch {
            return
        }
        await tick()
    }
}
