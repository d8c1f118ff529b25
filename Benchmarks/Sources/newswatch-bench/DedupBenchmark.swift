/// Placeholder until the benchmark is written.
func runDedupBenchmark(arguments: [String]) throws {
    print("not written yet")
}
