import CLibFuzzer
import Glibc
import LibXML2Messages

/// The executable's entry point hands control to libFuzzer's driver: SwiftPM names every
/// executable's `main` itself, so libFuzzer's own `main` cannot be the entry point.
@main
enum FuzzPageReader {
    static func main() {
        // LeakSanitizer cannot see pointers to `indirect enum` boxes (Swift keeps the case in
        // the pointer's spare bits), so it calls the topic queries' trees leaked though the
        // matcher holds them; they are built once, here, unwatched.
        __lsan_disable()
        PageReaderFuzzing.prepare()
        __lsan_enable()
        // A page must never make libxml2 write to the daemon's standard error.
        newswatch_fuzz_abort_on_libxml2_messages()
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
    }

    /// One input, as libFuzzer's `LLVMFuzzerTestOneInput` would take it.
    static let testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt = { data, size in
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        PageReaderFuzzing.run(bytes)
        return 0
    }
}
