import SystemPackage

/// Secrets (webhook URLs with tokens, bearer tokens, SMTP passwords) read from the files
/// systemd's `LoadCredential=ID:PATH` puts in `$CREDENTIALS_DIRECTORY`, never from the TOML.
struct Credentials {
    let directory: FilePath?

    init(environment: [String: String]) {
        directory = environment["CREDENTIALS_DIRECTORY"].map { FilePath($0) }
    }

    /// The credential's contents without a final newline.
    func value(_ id: String, for destination: String) throws(ForwardError) -> String {
        guard let directory else {
            throw ForwardError(
                "destination \"\(destination)\" needs the credential \"\(id)\", but CREDENTIALS_DIRECTORY is not set: run the unit with LoadCredential=\(id):/etc/newswatch/credentials/\(id), or set CREDENTIALS_DIRECTORY to a folder holding a file named \(id)"
            )
        }
        let path = directory.appending(id)
        let bytes: [UInt8]
        do {
            bytes = try FileContents.read(path, limit: 64 << 10)
        } catch {
            throw ForwardError("destination \"\(destination)\": cannot read the credential \(path): \(error)")
        }
        var text = String(decoding: bytes, as: UTF8.self)
        while text.last?.isNewline == true { text.removeLast() }
        guard !text.isEmpty else { throw ForwardError("destination \"\(destination)\": the credential \(path) is empty") }
        return text
    }
}
