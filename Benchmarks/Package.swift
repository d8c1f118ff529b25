// swift-tools-version:6.1
// Benchmarks live in their own package so the test build in CI does not compile them.
// Run with: swift run -c release --package-path Benchmarks newswatch-bench <name>
import PackageDescription

let package = Package(
    name: "newswatch-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "newswatch", path: ".."),
        // The dedup benchmark times loading the story index from SQLite as the daemon does.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .executableTarget(
            name: "newswatch-bench",
            dependencies: [
                .product(name: "NewswatchCore", package: "newswatch"),
                .product(name: "PageParsing", package: "newswatch"),
                .product(name: "StoryDedup", package: "newswatch"),
                .product(name: "TopicMatching", package: "newswatch"),
                .product(name: "NewswatchTestSupport", package: "newswatch"),
                .product(name: "NewswatchDaemon", package: "newswatch"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        )
    ]
)
