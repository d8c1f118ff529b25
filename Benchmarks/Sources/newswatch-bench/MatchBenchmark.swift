/// Placeholder until the benchmark is written.
func runMatchBenchmark(arguments: [String]) throws {
    print("not written yet")
}
