import SystemPackage
import TOMLKit

extension ConfigurationLoader {
    /// One parsed TOML file with the lines of its keys, so every value error can point at it.
    struct Document {
        let file: FilePath
        let table: TOMLTable
        let locator: TOMLKeyLocator

        init(path: FilePath) throws(ConfigurationError) {
            file = path
            let text: String
            do {
                text = String(decoding: try FileContents.read(path, limit: 1 << 20), as: UTF8.self)
            } catch {
                throw ConfigurationError(code: .unreadable, file: path.string, message: "cannot read the config: \(error)")
            }
            do {
                table = try TOMLTable(string: text)
            } catch let error as TOMLParseError {
                throw ConfigurationError(
                    code: .syntax, file: path.string, line: error.source.begin.line,
                    message: "TOML syntax error at column \(error.source.begin.column): \(error.description)")
            } catch {
                throw ConfigurationError(code: .syntax, file: path.string, message: "TOML syntax error: \(error)")
            }
            locator = TOMLKeyLocator(text: text)
        }

        func error(_ code: ConfigurationError.Code, _ key: String, _ message: String) -> ConfigurationError {
            ConfigurationError(code: code, file: file.string, line: locator.line(of: key), key: key, message: message)
        }

        /// The value at a dotted path such as `inbox.path`, in `table` or in the document.
        func value(_ key: String, in table: TOMLTable? = nil) -> (any TOMLValueConvertible)? {
            var current: TOMLTable = table ?? self.table
            let parts = key.split(separator: ".").map(String.init)
            for part in parts.dropLast() {
                guard let next = current[part]?.table else { return nil }
                current = next
            }
            return current[parts.last!]
        }

        func string(_ key: String, in table: TOMLTable? = nil, path: String? = nil) throws(ConfigurationError) -> String? {
            guard let value = value(key, in: table) else { return nil }
            guard let string = value.string else {
                throw error(.invalidValue, path ?? key, "must be a string, not \(value.type)")
            }
            return string
        }

        func integer(_ key: String, in table: TOMLTable? = nil, path: String? = nil) throws(ConfigurationError) -> Int? {
            guard let value = value(key, in: table) else { return nil }
            guard let number = value.int else {
                throw error(.invalidValue, path ?? key, "must be a whole number, not \(value.type)")
            }
            return number
        }

        func path(_ key: String, relativeTo folder: FilePath, required: Bool = false) throws(ConfigurationError)
            -> FilePath?
        {
            guard let text = try string(key) else {
                if required { throw error(.missingKey, key, "is required (a folder path)") }
                return nil
            }
            guard !text.isEmpty else { throw error(.invalidValue, key, "must not be empty") }
            let path = FilePath(text)
            return (path.isAbsolute ? path : folder.pushing(path)).lexicallyNormalized()
        }

        func duration(_ key: String, in table: TOMLTable? = nil, path: String? = nil) throws(ConfigurationError)
            -> Int64?
        {
            guard let value = value(key, in: table) else { return nil }
            if let seconds = value.int, seconds >= 0 { return Int64(seconds) }
            guard let text = value.string, let seconds = DurationText.seconds(text) else {
                throw error(.invalidValue, path ?? key, "must be a duration such as \"30d\", \"12h\", \"15m\" or seconds")
            }
            return seconds
        }

        func byteSize(_ key: String) throws(ConfigurationError) -> Int? {
            guard let value = value(key) else { return nil }
            if let bytes = value.int, bytes > 0 { return bytes }
            guard let text = value.string, let bytes = DurationText.bytes(text) else {
                throw error(.invalidValue, key, "must be a size such as \"16MiB\" or a number of bytes")
            }
            return bytes
        }

        func fraction(_ key: String) throws(ConfigurationError) -> Double? {
            guard let value = value(key) else { return nil }
            guard let number = value.double ?? value.int.map(Double.init), number > 0, number <= 1 else {
                throw error(.invalidValue, key, "must be a number above 0 and at most 1")
            }
            return number
        }
    }
}
