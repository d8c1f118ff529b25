import Foundation

#if canImport(Glibc)
    import Glibc
#endif

// Helpers every benchmark uses.

/// `../shared` beside the repository (or `NEWSWATCH_SHARED`); found from this file because
/// the release build does not link the test-support library's corpus helpers.
func sharedFolder() -> URL {
    if let override = ProcessInfo.processInfo.environment["NEWSWATCH_SHARED"], !override.isEmpty {
        return URL(filePath: override, directoryHint: .isDirectory)
    }
    // Benchmarks/Sources/newswatch-bench/BenchmarkSupport.swift → repository → ../shared
    var url = URL(filePath: #filePath)
    for _ in 0..<5 { url = url.deletingLastPathComponent() }
    return url.appending(path: "shared", directoryHint: .isDirectory)
}

/// CPU time of this thread: steadier than wall time on a machine shared with builds.
func threadCPUMicroseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e6 + Double(time.tv_nsec) / 1e3
}

/// CPU seconds this process has used, all threads.
func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Resident set size from /proc/self/statm.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
}

@_silgen_name("malloc_trim")
private func mallocTrim(_ pad: Int) -> Int32

/// Resident set size after glibc's malloc has returned the free pages it keeps.
func trimmedResidentBytes() -> Int {
    _ = mallocTrim(0)
    return residentBytes()
}

/// The most this process has held resident, from getrusage.
func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024
}

func value(of option: String, in arguments: [String]) -> String? {
    guard let index = arguments.firstIndex(of: option), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
