// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "newswatch",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "newswatch", targets: ["newswatch"]),
        .library(name: "NewswatchCore", targets: ["NewswatchCore"]),
        .library(name: "PageParsing", targets: ["PageParsing"]),
        .library(name: "StoryDedup", targets: ["StoryDedup"]),
        .library(name: "TopicMatching", targets: ["TopicMatching"]),
        .library(name: "NewswatchDaemon", targets: ["NewswatchDaemon"]),
        .library(name: "NewswatchTestSupport", targets: ["NewswatchTestSupport"]),
        .library(name: "NewswatchPostgres", targets: ["NewswatchPostgres"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // The forwarder's HTTP client, and the NIO parts its SMTP client and test server use.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // C libraries enter through tiny system-library targets, as GRDB brings in SQLite.
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CStemmer", providers: [.apt(["libstemmer-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Linux calls glibc hides from Swift (renameat2); headers only, nothing to link.
        .systemLibrary(name: "CLinux"),

        // The pure core: values in, values out; no files, no sockets, no clocks.
        .target(name: "NewswatchCore"),
        .target(name: "PageParsing", dependencies: ["NewswatchCore", "CLibXML2", "CZlib"]),
        .target(name: "StoryDedup", dependencies: ["NewswatchCore"]),
        .target(name: "TopicMatching", dependencies: ["NewswatchCore", "CStemmer"]),

        // The daemon layer: inotify, files, the state stores (SQLite, PostgreSQL), journald, sd_notify, config.
        .target(
            name: "NewswatchDaemon",
            dependencies: [
                "NewswatchCore", "PageParsing", "StoryDedup", "TopicMatching", "CSystemd", "CLinux", "NewswatchPostgres",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(
            name: "newswatch",
            dependencies: [
                "NewswatchDaemon", "NewswatchCore", "PageParsing", "TopicMatching", "StoryDedup",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            plugins: ["VersionStamp"]
        ),
        // Writes the git commit into the executable at build time, for `newswatch --version`.
        .plugin(name: "VersionStamp", capability: .buildTool()),

        // A fleet's shared state on PostgreSQL (issue 13): connection, credentials, schema and
        // the fleet primitives; the daemon's PostgresStateStore is built on them.
        .target(
            name: "NewswatchPostgres",
            dependencies: [
                "NewswatchCore", "StoryDedup",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Finds ../shared (seeds, dev corpus, scorer) for tests and benchmarks,
        // and the throwaway PostgreSQL cluster (scripts/postgres-cluster.sh) of the fleet tests.
        .target(
            name: "NewswatchTestSupport",
            dependencies: [
                "NewswatchCore", "PageParsing", "StoryDedup", "NewswatchPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .testTarget(name: "NewswatchCoreTests", dependencies: ["NewswatchCore", "NewswatchTestSupport"]),
        .testTarget(
            name: "PageParsingTests", dependencies: ["PageParsing", "NewswatchCore", "NewswatchTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "StoryDedupTests",
            dependencies: ["StoryDedup", "NewswatchCore", "PageParsing", "NewswatchTestSupport"]
        ),
        .testTarget(
            name: "TopicMatchingTests",
            dependencies: ["TopicMatching", "NewswatchCore", "PageParsing", "NewswatchTestSupport"]
        ),
        .testTarget(
            name: "NewswatchPostgresTests",
            dependencies: [
                "NewswatchPostgres", "NewswatchCore", "StoryDedup", "NewswatchTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "NewswatchDaemonTests",
            dependencies: [
                "NewswatchDaemon", "NewswatchCore", "NewswatchTestSupport", "StoryDedup", "TopicMatching",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)

// Strict settings once for every target, as swift-log does.
for target in package.targets where target.type != .system && target.type != .plugin {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
