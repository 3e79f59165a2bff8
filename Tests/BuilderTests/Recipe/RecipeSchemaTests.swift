import Foundation
import Testing

@testable import Builder

/// recipes/recipe.schema.json and the decoder describe the same recipes: the same keys at the same
/// places (both ways), the same fixed values; the published recipes pass both, and wrong recipes
/// fail both. Python's jsonschema is the schema's independent reader.
@Suite struct RecipeSchemaTests {
    static let schemaFile = CLIHarness.packageRoot + "/recipes/recipe.schema.json"

    static func schema() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: schemaFile))
        return try #require(
            try JSONSerialization.jsonObject(with: data) as? [String: Any], "the schema is a JSON object")
    }

    /// The object schemas in `node`, by JSON path pattern ("" the top, `disks[]` a list's items):
    /// their `properties` keys and whether they close the object (`additionalProperties: false`).
    /// Alternatives (oneOf, anyOf, allOf) describe the same place; if/then/else only restrict.
    static func objects(
        in node: Any, at path: String = "", into found: inout [String: (keys: Set<String>, closed: Bool)]
    ) {
        guard let node = node as? [String: Any] else { return }
        if let properties = node["properties"] as? [String: Any] {
            let closed = (node["additionalProperties"] as? Bool) == false
            let before = found[path]
            found[path] = (
                keys: (before?.keys ?? []).union(properties.keys), closed: (before?.closed ?? true) && closed
            )
            for (key, child) in properties {
                objects(in: child, at: path.isEmpty ? key : "\(path).\(key)", into: &found)
            }
        }
        if let items = node["items"] { objects(in: items, at: path + "[]", into: &found) }
        for keyword in ["oneOf", "anyOf", "allOf"] {
            for alternative in node[keyword] as? [Any] ?? [] { objects(in: alternative, at: path, into: &found) }
        }
    }

    /// The keys a `then` sets to `false` (forbids) under `node`.
    static func forbidden(_ node: Any?) -> Set<String> {
        let then = (node as? [String: Any])?["then"] as? [String: Any]
        let properties = then?["properties"] as? [String: Any] ?? [:]
        return Set(properties.filter { ($0.value as? Bool) == false }.map(\.key))
    }

    static func node(_ schema: [String: Any], _ keys: String...) -> Any? {
        var node: Any? = schema
        for key in keys { node = (node as? [String: Any])?[key] }
        return node
    }

    @Test func theSchemaHasTheDecodersKeysAtEveryPlaceBothWays() throws {
        var found: [String: (keys: Set<String>, closed: Bool)] = [:]
        Self.objects(in: try Self.schema(), into: &found)
        let decoder = Recipe.schemaKeys.mapValues(Set.init)
        for path in Set(found.keys).union(decoder.keys).sorted() {
            let place = path.isEmpty ? "the top level" : path
            guard let inSchema = found[path] else {
                Issue.record(
                    "\(place): the decoder reads an object here (keys \(decoder[path]!.sorted())); the schema has none")
                continue
            }
            guard let inDecoder = decoder[path] else {
                Issue.record(
                    "\(place): the schema describes an object here (keys \(inSchema.keys.sorted())); Recipe.schemaKeys has no entry"
                )
                continue
            }
            #expect(
                inSchema.closed,
                "\(place): the decoder rejects unknown keys; the schema needs additionalProperties: false")
            let onlySchema = inSchema.keys.subtracting(inDecoder).sorted()
            let onlyDecoder = inDecoder.subtracting(inSchema.keys).sorted()
            #expect(onlySchema.isEmpty, "\(place): in the schema, not accepted by the decoder: \(onlySchema)")
            #expect(onlyDecoder.isEmpty, "\(place): accepted by the decoder, missing from the schema: \(onlyDecoder)")
        }
    }

    /// A recipe per place with the unknown key "zzBogus" in that object.
    static let probes: [String: String] = [
        "": #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}], "zzBogus": 1}"#,
        "source": #"{"name": "g", "source": {"tree": "t", "zzBogus": 1}, "disks": [{"device": "sda1", "mount": "/"}]}"#,
        "smoke": #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}], "smoke": {"zzBogus": 1}}"#,
        "limits": #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}], "limits": {"zzBogus": 1}}"#,
        "disks[]":
            #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/", "zzBogus": 1}]}"#,
        "output":
            #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}], "output": {"zzBogus": 1}}"#,
        "kernel":
            #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}], "kernel": {"zzBogus": 1}}"#,
        "tls":
            #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}], "tls": {"rpms": [], "zzBogus": 1}}"#,
        "network[]":
            #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}], "network": [{"zzBogus": 1}]}"#,
        "files[]":
            #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}], "files": [{"path": "/etc/x", "content": "x", "zzBogus": 1}]}"#,
        "services":
            #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}], "services": {"zzBogus": 1}}"#,
        "guests[]":
            #"{"source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}], "guests": [{"name": "g2", "zzBogus": 1}]}"#,
    ]

    /// Recipe.schemaKeys is what the decoder really uses: an unknown key at each place is reported
    /// with exactly those keys as the allowed ones (a list written inline in the decoder instead of
    /// a constant would show here).
    @Test func schemaKeysAreTheListsTheDecoderReportsUnknownKeysWith() throws {
        for (path, keys) in Recipe.schemaKeys.sorted(by: { $0.key < $1.key }) {
            let place = path.isEmpty ? "the top level" : path
            guard let probe = Self.probes[path] else {
                Issue.record("\(place): no probe recipe in RecipeSchemaTests.probes; add one with \"zzBogus\" there")
                continue
            }
            let issues: [RecipeIssue]
            do {
                _ = try Recipe.decode(Array(probe.utf8), file: "probe.json")
                issues = []
            } catch {
                issues = error.issues
            }
            let issue = issues.first { $0.path.hasSuffix("zzBogus") }
            guard let issue, let range = issue.message.range(of: "allowed here: ") else {
                Issue.record("\(place): the decoder did not report \"zzBogus\" as unknown there: \(issues)")
                continue
            }
            let allowed = issue.message[range.upperBound...].components(separatedBy: " (")[0]
                .components(separatedBy: ", ")
            #expect(
                Set(allowed) == Set(keys), "\(place): the decoder allows \(allowed), Recipe.schemaKeys says \(keys)")
        }
    }

    @Test func theSchemaForbidsWhatTheDecoderForbidsOnSwapDisksAndWithProfileNone() throws {
        let schema = try Self.schema()
        let swapOnly = Set(Recipe.filesystemDiskKeys).subtracting(Recipe.swapDiskKeys)
        #expect(Self.forbidden(Self.node(schema, "properties", "disks", "items")) == swapOnly)
        #expect(Self.forbidden(schema) == Set(Recipe.xenOnlyKeys))
    }

    @Test func theSchemasFixedValuesAreTheDecoders() throws {
        let schema = try Self.schema()
        func enumeration(_ keys: String...) -> Set<String> {
            var node: Any? = schema
            for key in keys { node = (node as? [String: Any])?[key] }
            return Set(((node as? [String: Any])?["enum"] as? [Any] ?? []).map { "\($0)" })
        }
        #expect(enumeration("properties", "profile") == Set(Recipe.Profile.allCases.map(\.rawValue)))
        #expect(
            enumeration("properties", "disks", "items", "properties", "fs") == Set(Ext.Flavor.allCases.map(\.rawValue)))
        #expect(enumeration("properties", "disks", "items", "properties", "blockSize") == ["1024", "2048", "4096"])
        #expect(
            enumeration("properties", "kernel", "properties", "boot")
                == Set(AlignSettings.KernelSettings.Boot.allCases.map(\.rawValue)))
        #expect(enumeration("properties", "selinux") == Set(AlignSettings.SELinuxMode.allCases.map(\.rawValue)))
    }

    /// What Tests/tools/validate_recipes.py says of each file: valid or not, and why.
    struct Verdict: Decodable {
        var file: String
        var valid: Bool
        var errors: [Entry]
        struct Entry: Decodable {
            var path: String
            var message: String
        }
    }

    static func validate(_ files: [String]) throws -> [String: Verdict] {
        let r = try HostTools.python("validate_recipes.py", [schemaFile] + files)
        try #require(r.ok, "validate_recipes.py: \(r.output)")
        var verdicts: [String: Verdict] = [:]
        for line in r.output.split(separator: "\n") {
            let v = try JSONDecoder().decode(Verdict.self, from: Data(line.utf8))
            verdicts[v.file] = v
        }
        return verdicts
    }

    @Test func everyPublishedRecipeIsValidForTheSchemaAndTheDecoder() throws {
        let dir = CLIHarness.packageRoot + "/recipes"
        let files = CLIHarness.listing(dir).filter { $0.hasSuffix(".json") && $0 != "recipe.schema.json" }.map {
            dir + "/" + $0
        }
        try #require(files.count >= 2, "recipes/*.json: \(files)")
        let verdicts = try Self.validate(files)
        for file in files {
            let v = try #require(verdicts[file], "no verdict for \(file)")
            #expect(v.valid, "\(file): \(v.errors.map { "\($0.path): \($0.message)" })")
            #expect(throws: Never.self, "\(file)") { _ = try Recipe.loadGuests(file: file) }
        }
    }

    /// Wrong recipes, each with the JSON path the decoder names.
    static let wrong: [(name: String, path: String, text: String)] = [
        ("typo-top", "nmae", #"{"nmae": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}]}"#),
        (
            "typo-disk", "disks[0].szie",
            #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/", "szie": "1G"}]}"#
        ),
        (
            "fs-ext4", "disks[0].fs",
            #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/", "fs": "ext4"}]}"#
        ),
        (
            "block-512", "disks[0].blockSize",
            #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/", "blockSize": 512}]}"#
        ),
        (
            "free-fixed", "disks[0].free",
            #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/", "size": "1G", "free": "1M"}]}"#
        ),
        (
            "swap-mount", "disks[1].mount",
            #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}, {"device": "sda2", "swap": true, "size": "64M", "mount": "/swap"}]}"#
        ),
        (
            "swap-auto", "disks[1].size",
            #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}, {"device": "sda2", "swap": true, "size": "auto"}]}"#
        ),
        (
            "dev-path", "disks[0].device",
            #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "/dev/sda1", "mount": "/"}]}"#
        ),
        (
            "profile-unknown", "profile",
            #"{"name": "g", "profile": "rhel9", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}]}"#
        ),
        (
            "two-sources", "source",
            #"{"name": "g", "source": {"tree": "t", "tarball": "t.tar"}, "disks": [{"device": "sda1", "mount": "/"}]}"#
        ),
        (
            "image-dir", "output.imageDir",
            #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}], "output": {"imageDir": "images"}}"#
        ),
        (
            "multicast-mac", "network[0].mac",
            #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}], "network": [{"mac": "01:16:3e:00:00:01"}]}"#
        ),
        (
            "kernel-typo", "kernel.bot",
            #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}], "kernel": {"bot": "pygrub"}}"#
        ),
        (
            "none-hostname", "hostname",
            #"{"name": "g", "profile": "none", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}], "hostname": "web"}"#
        ),
        ("dot-name", "name", #"{"name": ".g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}]}"#),
        (
            "memory-low", "memory",
            #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}], "memory": 8}"#
        ),
        (
            "smoke-empty-expect", "smoke.expect",
            #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}], "smoke": {"expect": ""}}"#
        ),
        (
            "smoke-two-lines", "smoke.fail",
            #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}], "smoke": {"fail": "a\nb"}}"#
        ),
        (
            "smoke-timeout", "smoke.timeout",
            #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}], "smoke": {"timeout": 5}}"#
        ),
        (
            "limits-zero", "limits.maxImageSize",
            #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}], "limits": {"maxImageSize": 0}}"#
        ),
        (
            "limits-decimal-unit", "limits.maxImageSize",
            #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}], "limits": {"maxImageSize": "64GB"}}"#
        ),
        (
            "limits-auto", "limits.maxImageSize",
            #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}], "limits": {"maxImageSize": "auto"}}"#
        ),
    ]

    @Test func wrongRecipesAreRejectedByTheSchemaAndTheDecoder() throws {
        let dir = try CLIHarness.scratch("schema-wrong")
        defer { CLIHarness.remove(dir) }
        var files: [String] = []
        for w in Self.wrong {
            let file = "\(dir)/\(w.name).json"
            try CLIHarness.write(w.text, to: file)
            files.append(file)
        }
        let verdicts = try Self.validate(files)
        for (w, file) in zip(Self.wrong, files) {
            let v = try #require(verdicts[file], "no verdict for \(w.name)")
            #expect(!v.valid, "\(w.name): the schema accepts it")
            do {
                _ = try Recipe.decode(Array(w.text.utf8), file: file)
                Issue.record("\(w.name): the decoder accepts it")
            } catch {
                #expect(error.issues.contains { $0.path == w.path }, "\(w.name): the decoder's issues: \(error.issues)")
            }
        }
    }
}
