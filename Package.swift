// swift-tools-version:6.0
import PackageDescription

/// Layers, bottom to top (each imports only those below it):
/// C shims → SynthData → SynthEngine → SynthJobs → SynthLanguage → SynthTerminal → synth.
/// See docs/ARCHITECTURE.md.
/// No `unsafeFlags`: release builds use SwiftPM's checked `-O` with whole-module
/// optimization (bounds checks and preconditions stay on the paths crafted files reach), and
/// the library products stay usable as a remote dependency. `scripts/test` adds `-O` to the
/// debug build with `-Xswiftc -O`, since tests train models and parse large files.

let package = Package(
    name: "synth",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "synth", targets: ["synth"]),
        .library(name: "SynthData", targets: ["SynthData"]),
        .library(name: "SynthEngine", targets: ["SynthEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // C libraries from Debian's -dev packages, one tiny target each.
        .systemLibrary(name: "CZlibShim", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CZMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]),

        // Data IO: columnar tables, CSV, Parquet, type inference.
        .target(name: "SynthData", dependencies: ["CZlibShim", "CZstd", .product(name: "Crypto", package: "swift-crypto")]),
        // Connectors: tables read from and written to a folder, a SQLite file or a PostgreSQL server.
        .target(name: "SynthConnectors", dependencies: ["SynthData", "CSQLite", "CPostgres"]),
        // Engine: analysis, encodings, the model, QA metrics and report.
        .target(name: "SynthEngine", dependencies: ["SynthData", "COpenBLAS"]),
        // Jobs: pipeline, SQLite store, packaging, share bundles.
        .target(name: "SynthJobs", dependencies: ["SynthEngine", "SynthData", "SynthConnectors", "CSQLite",
                                                  .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // Language: lexer, parser, AST, diagnostics, command registry, evaluator, sessions.
        .target(name: "SynthLanguage", dependencies: ["SynthJobs", "SynthEngine", "SynthData", "SynthConnectors"]),
        // Terminal: line editor, completion, rendering of results, progress bars, charts.
        .target(name: "SynthTerminal", dependencies: ["SynthLanguage", "SynthEngine", "SynthData", "CEditLine"]),
        // Jupyter kernel: the messaging protocol over ZeroMQ, a second face on SynthLanguage.
        .target(name: "SynthKernel", dependencies: ["SynthLanguage", "SynthEngine", "SynthData", "CZMQ",
                                                    .product(name: "Crypto", package: "swift-crypto")]),
        // The executable: flags and mode choice only.
        .executableTarget(name: "synth", dependencies: [
            "SynthTerminal", "SynthKernel", "SynthLanguage", "SynthData",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Measurement entry points for scripts/bench (not shipped to users).
        .executableTarget(name: "synth-bench", dependencies: ["SynthData", "SynthEngine"]),

        .target(name: "SynthTestSupport", dependencies: ["SynthData"], path: "Tests/SynthTestSupport"),
        .testTarget(name: "SynthConnectorsTests", dependencies: ["SynthConnectors", "SynthData", "SynthTestSupport"]),
        .testTarget(name: "SynthDataTests", dependencies: ["SynthData", "SynthTestSupport"]),
        .testTarget(name: "SynthEngineTests", dependencies: ["SynthEngine", "SynthData", "SynthTestSupport"]),
        .testTarget(name: "SynthJobsTests", dependencies: ["SynthJobs", "SynthEngine", "SynthTestSupport",
                                                          .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "SynthLanguageTests", dependencies: ["SynthLanguage", "SynthTestSupport"]),
        .testTarget(name: "SynthKernelTests", dependencies: ["SynthKernel", "SynthLanguage", "SynthTestSupport",
                                                            .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "SynthTerminalTests", dependencies: ["SynthTerminal", "SynthJobs", "SynthTestSupport",
                                                              .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
    ],
    swiftLanguageModes: [.v6]
)
