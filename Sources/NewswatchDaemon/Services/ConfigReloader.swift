import CLinux
import Logging
public import ServiceLifecycle
import SystemPackage
import UnixSignals

/// Reloads the configuration on SIGHUP (`systemctl reload newswatch`). A config that does
/// not load keeps the running one and says why in the journal.
///
/// Topics, priorities, rate limits and the duplicate policy change live; a changed inbox or
/// state folder needs a restart, which the log says.
public struct ConfigReloader: Service {
    let path: FilePath
    let processor: InboxProcessor
    let notifier: ServiceNotifier
    let logger: Logger

    public func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        for await _ in hangups.cancelOnGracefulShutdown() {
            reload()
        }
    }

    func reload() {
        notifier.reloading()
        defer { notifier.ready(status: processor.status) }
        replaceConfiguration()
        // The old topics and matcher and the parsed files are freed by now. malloc keeps freed
        // pages in the arena of the thread that freed them, and reloads run on whichever
        // thread is free: without this, a watch list of 100,000 topics grew the daemon from
        // 218 to 635 MiB over eight reloads (towards the unit's MemoryMax=).
        _ = newswatch_release_free_memory()
    }

    private func replaceConfiguration() {
        let configuration: NewswatchConfiguration
        do {
            configuration = try ConfigurationLoader.standard.load(from: path)
        } catch {
            logger.error("reload failed, keeping the running configuration: \(error)")
            return
        }
        for warning in configuration.warnings { logger.warning("\(warning)") }
        let running = processor.currentSettings.configuration
        if configuration.inbox != running.inbox || configuration.state != running.state
            || configuration.metrics != running.metrics
        {
            logger.warning("[inbox], [state] and [metrics] changes take effect at the next restart; the rest is reloaded")
        }
        if configuration.archive.keep != running.archive.keep {
            logger.warning("[archive] keep takes effect at the next restart (its service starts with the daemon); layout is reloaded")
        }
        var kept = configuration
        kept.inbox = running.inbox
        kept.state = running.state
        kept.metrics = running.metrics
        kept.archive.keep = running.archive.keep
        do {
            processor.replaceSettings(try PipelineSettings(configuration: kept))
        } catch {
            logger.error("reload failed, keeping the running configuration: \(error)")
            return
        }
        logger.notice("reloaded \(path): \(configuration.topics.count) topics")
    }
}
