/// builder's version: `builder --version` prints it and every guest's manifest.json records it.
public enum BuilderVersion {
    public static let string = "0.1.0"
}
