/// Placeholder until the benchmark is written.
func runExtractionBenchmark(arguments: [String]) throws {
    print("not written yet")
}
