/// Puts an RPM package's files into a tree, as `rpm -i --noscripts` would: owners and modes from
/// the payload, scripts not run (the returned header lists them for the build report).
public enum RPMSource {
    static func install(_ rpm: String, onto tree: Tree, spool: Spool, options: TarballSource.Options) throws -> (Tree, RPMHeader) {
        let header = try RPMHeader.read(rpm)
        let installed = try TarballSource.read(rpm, onto: tree, spool: spool, options: options)
        return (installed, header)
    }
}
