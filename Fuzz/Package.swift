// swift-tools-version:6.1
// The libFuzzer target lives in its own package so that neither the test build nor the
// release build compiles it, and the sanitizer flags reach only this build.
// Build and run with scripts/fuzz.sh (it passes -sanitize=fuzzer,address).
import PackageDescription

let package = Package(
    name: "newswatch-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "newswatch", path: "..")
    ],
    targets: [
        // libFuzzer's driver, declared for Swift (the library comes with -sanitize=fuzzer).
        .systemLibrary(name: "CLibFuzzer"),
        // Turns a libxml2 message on standard error into a finding (C: its handler is variadic).
        .target(name: "LibXML2Messages"),
        .executableTarget(
            name: "FuzzPageReader",
            dependencies: [
                "CLibFuzzer", "LibXML2Messages",
                .product(name: "NewswatchCore", package: "newswatch"),
                .product(name: "PageParsing", package: "newswatch"),
                .product(name: "StoryDedup", package: "newswatch"),
                .product(name: "TopicMatching", package: "newswatch"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
