// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "builder",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "builder", targets: ["builder-cli"]),
        .library(name: "Builder", targets: ["Builder"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev", "zlib1g-dev"])]
        ),
        .systemLibrary(name: "CSystem"),
        .target(
            name: "Builder",
            dependencies: [
                "CArchive",
                "CSystem",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "builder-cli",
            dependencies: [
                "Builder",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "BuilderTests",
            dependencies: ["Builder"]
        ),
    ],
    swiftLanguageModes: [.v5]
)
