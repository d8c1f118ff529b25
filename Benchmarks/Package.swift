// swift-tools-version:6.1
// Benchmarks live in their own package so the test build in CI does not compile them.
// Run with: swift run -c release --package-path Benchmarks newswatch-bench <name>
import PackageDescription

let package = Package(
    name: "newswatch-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "..")
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
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        )
    ]
)
