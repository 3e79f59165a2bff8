extension Manifest {
    /// The manifest as JSON text (RFC 8259): object keys in byte order, two-space indent, one
    /// trailing newline; the same manifest always gives the same bytes.
    public var json: String {
        ManifestJSON.render(value) + "\n"
    }

    var value: JSONValue {
        var recipe: [String: JSONValue] = ["file": .string(recipeFile)]
        recipe["sha256"] = recipeSHA256.map(JSONValue.string) ?? .null
        return ManifestJSON.object([
            "manifestVersion": .number(String(Self.formatVersion)),
            "builder": ManifestJSON.object(["version": .string(builderVersion)]),
            "guest": .string(guest),
            "recipe": ManifestJSON.object(recipe),
            "sourceDateEpoch": .number(String(sourceDateEpoch)),
            "inputs": .array(inputs.map(\.value)),
            "artifacts": .array(artifacts.map(\.value)),
        ])
    }
}

extension Manifest.Input {
    var value: JSONValue {
        var fields: [String: JSONValue] = [
            "role": .string(role), "path": .string(path), "kind": .string(kind.rawValue),
            "hashed": .bool(digest != nil),
        ]
        if let digest {
            fields["size"] = .number(String(digest.size))
            fields["sha256"] = .string(digest.sha256)
        }
        return ManifestJSON.object(fields)
    }
}

extension Manifest.Artifact {
    var value: JSONValue {
        var fields: [String: JSONValue] = [
            "name": .string(name), "size": .number(String(digest.size)), "sha256": .string(digest.sha256),
        ]
        switch kind {
        case .image(let device, let contents):
            fields["type"] = .string("image")
            fields["device"] = .string(device)
            switch contents {
            case .filesystem(let flavor, let mount):
                fields["contents"] = .string("filesystem")
                fields["filesystem"] = .string(flavor.rawValue)
                fields["mount"] = .string(mount.description)
            case .swap:
                fields["contents"] = .string("swap")
            case .disk:
                fields["contents"] = .string("disk")
            }
        case .domainConfig(let syntax):
            fields["type"] = .string("domain-config")
            fields["syntax"] = .string(syntax)
        case .kernel:
            fields["type"] = .string("kernel")
        case .initrd:
            fields["type"] = .string("initrd")
        case .report:
            fields["type"] = .string("report")
        case .other:
            fields["type"] = .string("other")
        }
        return ManifestJSON.object(fields)
    }
}

/// Renders a `JSONValue` as text.
enum ManifestJSON {
    /// An object whose members are in byte order of their keys.
    static func object(_ fields: [String: JSONValue]) -> JSONValue {
        let keys = fields.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return .object(keys.map { JSONMember(key: $0, value: fields[$0] ?? .null) })
    }

    static func render(_ value: JSONValue, indent: String = "") -> String {
        let inner = indent + "  "
        switch value {
        case .object(let members):
            if members.isEmpty { return "{}" }
            let lines = members.map { inner + JSONOutput.quoted($0.key) + ": " + render($0.value, indent: inner) }
            return "{\n" + lines.joined(separator: ",\n") + "\n" + indent + "}"
        case .array(let items):
            if items.isEmpty { return "[]" }
            let lines = items.map { inner + render($0, indent: inner) }
            return "[\n" + lines.joined(separator: ",\n") + "\n" + indent + "]"
        case .string(let s): return JSONOutput.quoted(s)
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }
}
