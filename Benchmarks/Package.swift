// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live in their own package so that `swift test` and CI do not build them.
// Run: cd Benchmarks && swift package --allow-writing-to-package-directory benchmark
let package = Package(
    name: "HyokaBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Hyoka", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .executableTarget(
            name: "HyokaBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Hyoka", package: "Hyoka"),
            ],
            path: "Benchmarks/HyokaBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Recognition speed and output (BENCHMARKS.md, issue 10): depends only on the recognisers.
        .executableTarget(
            name: "hyoka-recognition-bench",
            dependencies: [.product(name: "HyokaRecognition", package: "Hyoka")],
            path: "Benchmarks/RecognitionBench"
        ),
        // Measurements at government scale, driven by scripts/bench-scale.sh (see BENCHMARKS.md).
        .executableTarget(
            name: "hyoka-scale-bench",
            dependencies: [
                .product(name: "Hyoka", package: "Hyoka"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Benchmarks/ScaleBench"
        ),
    ]
)
