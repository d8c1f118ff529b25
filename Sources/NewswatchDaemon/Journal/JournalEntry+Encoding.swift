/// A compact byte form of an entry for the outbox table: JSON through Foundation cost more
/// than the rest of a page's commit.
///
/// Each field is its name, `=`, the value's length as four little-endian bytes, then the
/// value's bytes, the way journald's own binary protocol carries values with newlines.
extension JournalEntry {
    /// Appends the entry's byte form to `bytes`, so a batch of entries shares one buffer.
    func encode(into bytes: inout [UInt8]) {
        for field in fields {
            bytes.append(contentsOf: field.name.utf8)
            bytes.append(UInt8(ascii: "="))
            let count = UInt32(field.value.utf8.count)
            withUnsafeBytes(of: count.littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: field.value.utf8)
        }
    }

    /// Decodes one entry's byte form; nil when the bytes are damaged.
    init?(encoded bytes: [UInt8]) {
        var fields: [Field] = []
        var index = 0
        while index < bytes.count {
            guard let equals = bytes[index...].firstIndex(of: UInt8(ascii: "=")), equals + 5 <= bytes.count else {
                return nil
            }
            let name = String(decoding: bytes[index..<equals], as: UTF8.self)
            var count: UInt32 = 0
            for offset in 0..<4 { count |= UInt32(bytes[equals + 1 + offset]) << (8 * offset) }
            let start = equals + 5
            guard start + Int(count) <= bytes.count, Self.isValidFieldName(name) else { return nil }
            fields.append(Field(name: name, value: String(decoding: bytes[start..<(start + Int(count))], as: UTF8.self)))
            index = start + Int(count)
        }
        self.init(fields: fields)
    }

    private init(fields: [Field]) {
        self.init(message: "", priority: .info)
        self.fields = fields
    }
}
