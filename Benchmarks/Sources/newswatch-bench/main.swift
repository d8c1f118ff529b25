import Foundation

// Each benchmark is one function in its own file; this only dispatches on the first argument.
let arguments = Array(CommandLine.arguments.dropFirst())
let benchmarks: [String: ([String]) throws -> Void] = [
    "extraction": runExtractionBenchmark,
    "dedup": runDedupBenchmark,
    "match": runMatchBenchmark,
    "config": runConfigBenchmark,
]
guard let name = arguments.first, let benchmark = benchmarks[name] else {
    print("usage: newswatch-bench \(benchmarks.keys.sorted().joined(separator: "|")) [options]")
    exit(64)
}
try benchmark(Array(arguments.dropFirst()))
